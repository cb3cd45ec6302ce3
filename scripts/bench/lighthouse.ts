// Lighthouse's view of the first load, mobile (its default: a mid-range phone on a slow 4G
// network, simulated) and desktop, for the served app. The version is pinned so that scores
// stay comparable between runs; it is fetched by npx on first use and driven against the
// same Chromium as the rest of the bench (CHROME_PATH). Where it cannot run (no network for
// npx, no Chromium it accepts) the bench says why and carries on without its figures.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LIGHTHOUSE = 'lighthouse@12.2.3';

/** Lighthouse's budgets: Total Blocking Time on mobile, and the performance scores. */
export const LIGHTHOUSE_BUDGETS = {
  mobileTbtMs: 100,
  mobilePerformance: 98,
  desktopPerformance: 100,
};

export type FormFactor = 'mobile' | 'desktop';

export interface LighthouseRun {
  /** The performance category's score, 0-100. */
  performance: number;
  /** Total Blocking Time, ms (simulated for the form factor's CPU). */
  tbt: number;
  /** Largest Contentful Paint, ms (simulated for the form factor's network and CPU). */
  lcp: number;
}

export interface LighthouseRuns {
  mobile: LighthouseRun[];
  desktop: LighthouseRun[];
  /** Why Lighthouse could not run, when it could not. */
  problem?: string;
}

const HEADLESS_FLAGS = '--headless=new --no-sandbox --disable-gpu';

function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, timeout: 180_000 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`${error.message.split('\n')[0]} ${stderr.trim().slice(-300)}`));
      else resolve();
    });
  });
}

/** One Lighthouse run of the performance category on `url`. */
async function runOnce(
  url: string,
  executablePath: string,
  formFactor: FormFactor,
  outputPath: string,
): Promise<LighthouseRun> {
  const args = [
    '--yes',
    LIGHTHOUSE,
    url,
    '--only-categories=performance',
    '--output=json',
    `--output-path=${outputPath}`,
    '--quiet',
    `--chrome-flags=${HEADLESS_FLAGS}`,
    ...(formFactor === 'desktop' ? ['--preset=desktop'] : []),
  ];
  await runCommand('npx', args, { ...process.env, CHROME_PATH: executablePath });
  const report = JSON.parse(readFileSync(outputPath, 'utf8')) as {
    categories: { performance: { score: number | null } };
    audits: Record<string, { numericValue?: number }>;
  };
  const score = report.categories.performance.score;
  if (score === null) throw new Error('Lighthouse gave no performance score');
  return {
    performance: Math.round(score * 100),
    tbt: report.audits['total-blocking-time']?.numericValue ?? NaN,
    lcp: report.audits['largest-contentful-paint']?.numericValue ?? NaN,
  };
}

/** `runs` Lighthouse runs of each form factor, one after another (never two at once). */
export async function measureLighthouse(
  url: string,
  executablePath: string,
  work: string,
  runs: number,
): Promise<LighthouseRuns> {
  const result: LighthouseRuns = { mobile: [], desktop: [] };
  try {
    for (let run = 0; run < runs; run++) {
      for (const formFactor of ['mobile', 'desktop'] as const) {
        const output = join(work, `lighthouse-${formFactor}-${run}.json`);
        result[formFactor].push(await runOnce(url, executablePath, formFactor, output));
      }
    }
  } catch (error) {
    result.problem = error instanceof Error ? error.message : String(error);
  }
  return result;
}
