// `npm run bench`: builds the app, serves it, drives headless Chromium through every figure of
// BENCHMARKS.md (each beside its reference, each repeated), prints the table and writes BENCHMARKS.md.
// Everything it makes (builds, photos, browser profiles) lives in one temporary folder that is
// deleted at the end; the only files it leaves are BENCHMARKS.md and test-results/bench.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { findChromium, launchChromium } from '../../tests/e2e/support/browser';
import { repoRoot } from '../../tests/e2e/support/server';
import { assembleFigures } from './assemble';
import { describeMachine, sampleLoad } from './machine';
import { measureAll } from './measure';
import { runNotes } from './notes';
import { makePhotos } from './photos';
import { PLAN, QUICK, elapsedMinutes, log } from './plan';
import { markdown, textTable } from './report';
import { pressSequence } from './scene';
import { buildAndServeHarness, buildApp, serveApp, type Served } from './serve';

async function main(): Promise<void> {
  const chromium = findChromium();
  if (!chromium.found) throw new Error(`npm run bench needs Chromium: ${chromium.reason}`);
  const load = sampleLoad();
  const work = mkdtempSync(join(tmpdir(), 'strain-seer-bench-'));
  const served: Served[] = [];
  try {
    const appDir = join(work, 'app');
    log('building the app (vite build)');
    await buildApp(appDir);
    const app = await serveApp(appDir);
    served.push(app);
    log('building the engine harness');
    const harness = await buildAndServeHarness(join(work, 'harness'));
    served.push(harness);

    log(`painting ${PLAN.photos} JPEG photos of 12 MP in Chromium`);
    const painter = await launchChromium(chromium.executablePath);
    const photos = await makePhotos(
      painter.page,
      pressSequence(PLAN.photos),
      join(work, 'photos'),
    ).finally(() => painter.close());

    const outcome = await measureAll({
      executablePath: chromium.executablePath,
      appUrl: app.url,
      appDir,
      harnessUrl: harness.url,
      budgetsPath: join(repoRoot, 'budgets.json'),
      photos,
      work,
    });

    const figures = assembleFigures(outcome.measurements);
    const machine = describeMachine(outcome.chromium, load.stop(), elapsedMinutes());
    const notes = runNotes(outcome, machine, QUICK);
    console.info(
      `\nStrain Seer benchmarks — ${machine.cpu} × ${machine.cores}, ${machine.chromium}\n`,
    );
    console.info(textTable(figures));
    // Formatted as `npm run lint` wants it, so a fresh BENCHMARKS.md can be committed as it is.
    const mdPath = join(repoRoot, 'BENCHMARKS.md');
    const options = { ...(await resolveConfig(mdPath)), filepath: mdPath };
    writeFileSync(mdPath, await format(markdown(machine, figures, notes), options));
    mkdirSync(join(repoRoot, 'test-results'), { recursive: true });
    writeFileSync(
      join(repoRoot, 'test-results', 'bench.json'),
      JSON.stringify({ machine, plan: PLAN, ...outcome, notes }, null, 2),
    );
    log('wrote BENCHMARKS.md and test-results/bench.json');
  } finally {
    load.stop();
    for (const server of served) await server.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
