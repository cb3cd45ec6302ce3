// The worker on its own, through the app's Engine client on the engine harness page (no UI):
// marker detection and tracking per 12 MP photo, and the analysis of a 1000-image project.
// References in the same run: the worker's own decode of each photo (what a photo costs before
// any marker work), and the same core code timed in Node.
import type { Page } from 'playwright-core';
import type { DetectResponse, TrackResponse } from '../../src/client/engine';
import { analyseSequence } from '../../src/core/index';
import type { SequenceRequest, Vec2 } from '../../src/core/index';
import type { Step } from './scene';
import { markerSquare } from '../../tests/support/markers';

export interface MarkerRun {
  /** Decode + copy to pixels of one 12 MP photo in the worker, ms. */
  decodeMs: number;
  /** Tracking the previous photo's dots onto this one, dot search included, ms. */
  trackMs: number;
  /** Detection then tracking on one photo, its dot search done once, ms. */
  detectPlusTrackMs: number;
  /** Worst distance of a detected or tracked dot from its true centre, px. */
  worstErrorPx: number;
}

/** Runs in the harness page: the bench's input hands the photos to the worker. */
async function ingestInHarness(): Promise<string[]> {
  const input = document.getElementById('bench-files') as HTMLInputElement;
  const outcomes = await window.strainSeerEngine.ingest([...(input.files ?? [])]);
  return outcomes.map((o) => {
    if (!o.ok) throw new Error(`${o.name}: ${o.message}`);
    return o.id;
  });
}

/** Runs in the harness page: tracking onto a photo not yet decoded, then detection on it. */
async function trackThenDetect({ id, previous }: { id: string; previous: Vec2[] }) {
  const engine = window.strainSeerEngine;
  const track: TrackResponse = await engine.trackPhotoFiducials(id, previous);
  const detect: DetectResponse = await engine.detectPhotoFiducials(id);
  return { track, detect };
}

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Photos `steps[0..count)`: each tracked from its predecessor's truth, then detected. */
export async function measureMarkers(
  page: Page,
  steps: Step[],
  paths: string[],
): Promise<MarkerRun[]> {
  await page.evaluate(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.id = 'bench-files';
    document.body.append(input);
  });
  await page.locator('#bench-files').setInputFiles(paths);
  const ids = await page.evaluate(ingestInHarness);
  // The worker stores ingested photos in the background; let that finish before timing.
  await page.waitForTimeout(3_000);
  const runs: MarkerRun[] = [];
  for (let k = 1; k < ids.length; k++) {
    const { track, detect } = await page.evaluate(trackThenDetect, {
      id: ids[k]!,
      previous: steps[k - 1]!.fiducials,
    });
    if (!track.ok) throw new Error(`tracking onto ${steps[k]!.name} failed: ${track.message}`);
    if (!detect.ok) throw new Error(`detection on ${steps[k]!.name} failed: ${detect.message}`);
    const truth = steps[k]!.fiducials;
    const errors = [...track.points, ...detect.points].map((p, i) => distance(p, truth[i % 5]!));
    runs.push({
      decodeMs: track.decodeMs,
      trackMs: track.computeMs,
      detectPlusTrackMs: track.computeMs + detect.computeMs,
      worstErrorPx: Math.max(...errors),
    });
  }
  return runs;
}

/**
 * A press sequence of `count` images with a known homogeneous stretch, the camera's scale
 * changing from image to image as a hand-held camera's would, with every point's standard
 * uncertainty, so the analysis timed includes the propagation to each strain's ±.
 */
export function largeSequence(count: number): SequenceRequest {
  const layout = markerSquare(25);
  return {
    images: Array.from({ length: count }, (_, i) => {
      const travel = (20 * i) / Math.max(1, count - 1);
      const [sx, sy] = [1 + 0.005 * travel, 1 - 0.01 * travel];
      const pxPerMm = 15 + (i % 5) * 0.4;
      return {
        name: `image-${i}.jpg`,
        fiducials: layout.map(([x, y]): Vec2 => [2000 + pxPerMm * sx * x, 1500 + pxPerMm * sy * y]),
        scalePoints: [
          [300, 2800],
          [300 + pxPerMm * 20, 2800],
        ] as [Vec2, Vec2],
        pressTravel: travel,
        // As the app sends them: located dots with their own uncertainty, the ruler by hand.
        fiducialUncertainty: [0.05, 0.04, 0.06, 0.05, 0.03],
        scaleUncertainty: [0.5, 0.5] as [number, number],
      };
    }),
    scaleLength: 20,
    measure: 'hencky',
    reference: { kind: 'total', referenceIndex: 0 },
  };
}

export interface AnalysisRuns {
  /** Time inside the worker, as the worker reports it, ms. */
  workerMs: number[];
  /** From the call on the main thread to the answer there, ms. */
  roundTripMs: number[];
  /** The same analysis run by the core in Node, ms. */
  nodeMs: number[];
}

/** `runs` timed analyses of `request` in the worker (after `warmup` untimed ones), and in Node. */
export async function measureAnalysis(
  page: Page,
  request: SequenceRequest,
  runs: number,
  warmup = 3,
): Promise<AnalysisRuns> {
  const { workerMs, roundTripMs } = await page.evaluate(
    async ({ request, runs, warmup }) => {
      const workerMs: number[] = [];
      const roundTripMs: number[] = [];
      for (let k = 0; k < warmup + runs; k++) {
        const started = performance.now();
        const response = await window.strainSeerEngine.analyse(request);
        const elapsed = performance.now() - started;
        if (!response.ok) throw new Error(response.problem.message);
        if (k < warmup) continue;
        workerMs.push(response.durationMs);
        roundTripMs.push(elapsed);
      }
      return { workerMs, roundTripMs };
    },
    { request, runs, warmup },
  );
  const nodeMs: number[] = [];
  for (let k = 0; k < warmup + runs; k++) {
    const started = performance.now();
    analyseSequence(request);
    if (k >= warmup) nodeMs.push(performance.now() - started);
  }
  return { workerMs, roundTripMs, nodeMs };
}
