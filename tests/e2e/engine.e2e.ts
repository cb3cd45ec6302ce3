// The analysis worker in a real browser: the production engine client starts
// the module worker, analyses a sequence through comlink, and a 1000-image
// project is timed (a figure for the notes, not a timed assertion).
import { writeFileSync, mkdirSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { SequenceRequest, Vec2 } from '../../src/core';
import type { AnalysisResponse } from '../../src/client/engine';
import { describeWithBrowser } from './support/browser';
import { harnessForSuite, median } from './support/harness';
import { repoRoot } from './support/server';
import { markerSquare } from '../support/markers';

/** A press sequence with a known homogeneous stretch per image, in pixels. */
function sequence(count: number): SequenceRequest {
  const layout = markerSquare(20);
  const images = Array.from({ length: count }, (_, i) => {
    const travel = (30 * i) / Math.max(1, count - 1);
    const sx = 1 + 0.006 * travel;
    const sy = 1 - 0.012 * travel;
    const pxPerMm = 12 + (i % 7) * 0.5;
    return {
      name: `step-${i}.jpg`,
      fiducials: layout.map(([x, y]): Vec2 => [800 + pxPerMm * sx * x, 600 + pxPerMm * sy * y]),
      scalePoints: [
        [200, 1200],
        [200 + pxPerMm * 10, 1200],
      ] as [Vec2, Vec2],
      pressTravel: travel,
    };
  });
  return {
    images,
    scaleLength: 10,
    measure: 'hencky',
    reference: { kind: 'total', referenceIndex: 0 },
  };
}

describeWithBrowser('analysis worker in Chromium', (executablePath) => {
  const harness = harnessForSuite(executablePath);

  it('analyses a sequence in the worker and returns the expected Hencky strains', async () => {
    const page = harness.browser.page;
    const request = sequence(3);
    const response = (await page.evaluate(
      (req) => window.strainSeerEngine.analyse(req),
      request,
    )) as AnalysisResponse;
    if (!response.ok) throw new Error(response.problem.message);
    const last = response.analysis.images[2];
    if (!last?.ok) throw new Error('no result for the last image');
    expect(last.strain.strain[0][0]).toBeCloseTo(Math.log(1.18), 10);
    expect(last.strain.strain[1][1]).toBeCloseTo(Math.log(0.64), 10);
    const xx = response.analysis.trends.xx;
    expect(xx.ok).toBe(true);
    expect(harness.problems.all()).toEqual([]);
  });

  it('a superseded call rejects with AbortError and the next one still answers', async () => {
    const page = harness.browser.page;
    const outcome = await page.evaluate(async (req) => {
      const controller = new AbortController();
      const first = window.strainSeerEngine.analyse(req, controller.signal).then(
        () => 'resolved',
        (error: unknown) => (error as DOMException).name,
      );
      controller.abort();
      const second = await window.strainSeerEngine.analyse(req);
      return { first: await first, secondOk: second.ok };
    }, sequence(5));
    expect(outcome).toEqual({ first: 'AbortError', secondOk: true });
  });

  it('times a 1000-image analysis (worker time and round trip)', async () => {
    const page = harness.browser.page;
    const timings = await page.evaluate(async (req) => {
      const worker: number[] = [];
      const roundTrip: number[] = [];
      for (let run = 0; run < 12; run++) {
        const started = performance.now();
        const response = await window.strainSeerEngine.analyse(req);
        roundTrip.push(performance.now() - started);
        if (!response.ok) throw new Error(response.problem.message);
        worker.push(response.durationMs);
      }
      // The first runs include compiling the code; report warm runs.
      return { worker: worker.slice(2), roundTrip: roundTrip.slice(2) };
    }, sequence(1000));
    const figures = {
      images: 1000,
      workerMedianMs: median(timings.worker),
      workerMaxMs: Math.max(...timings.worker),
      roundTripMedianMs: median(timings.roundTrip),
      roundTripMaxMs: Math.max(...timings.roundTrip),
    };
    console.info('1000-image analysis in Chromium:', JSON.stringify(figures));
    mkdirSync(`${repoRoot}test-results`, { recursive: true });
    writeFileSync(
      `${repoRoot}test-results/engine-benchmark.json`,
      JSON.stringify(figures, null, 2),
    );
    expect(figures.workerMedianMs).toBeGreaterThan(0);
  });
});
