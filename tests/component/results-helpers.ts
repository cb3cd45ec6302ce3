// Shared by the results component tests: a project with a marked press sequence
// (x widens 1 %/mm, y shortens 2 %/mm, the camera moves, markers jitter a little),
// and an engine that runs the worker's own analysis in-process.
import { afterEach, beforeEach, vi } from 'vitest';
import type { SequenceRequest, Vec2 } from '../../src/core';
import type { AnalysisResponse } from '../../src/client/engine';
import { engine } from '../../src/client/engine';
import { ProjectState } from '../../src/state/project.svelte';
import { analyse } from '../../src/worker/analysis';
import { markerSquare } from '../support/markers';

const LAYOUT_MM = markerSquare(20);

export function markImage(project: ProjectState, id: string, i: number, travel: number | null) {
  const t = travel ?? 0;
  const pxPerMm = 10 + i;
  const toPx = ([x, y]: Vec2): Vec2 => [x * pxPerMm + 300 + 7 * i, y * pxPerMm + 200 - 3 * i];
  LAYOUT_MM.forEach(([x, y], k) => {
    const [px, py] = toPx([x * (1 + 0.01 * t), y * (1 - 0.02 * t)]);
    const jitter = 0.4 * Math.sin(1.7 * i + 2.3 * k);
    project.setPoint(id, { kind: 'fiducial', index: k }, [px + jitter, py - jitter]);
  });
  project.setPoint(id, { kind: 'scale', index: 0 }, toPx([-30, 40]));
  project.setPoint(id, { kind: 'scale', index: 1 }, toPx([0, 40]));
  project.setPressTravel(id, travel);
}

/** A project of photos named step-<travel>mm.png; `marked` of them fully marked. */
export function pressProject(travels: (number | null)[], marked = travels.length): ProjectState {
  const project = new ProjectState();
  project.addImages(
    travels.map((t, i) => ({
      id: `img-${i}`,
      name: `step-${t ?? 'x'}mm-${i}.png`,
      width: 1000,
      height: 800,
      suggestedTravel: null,
    })),
  );
  project.setScaleLength(30);
  travels.slice(0, marked).forEach((t, i) => markImage(project, `img-${i}`, i, t));
  return project;
}

/** An engine whose analyse runs the worker's function on this thread (real numbers). */
export function inProcessEngine() {
  return {
    analyse: vi.fn(
      async (request: SequenceRequest, _signal?: AbortSignal): Promise<AnalysisResponse> =>
        analyse(structuredClone(request)),
    ),
  };
}

/**
 * For a suite whose views ask the app's own engine for the analysis: each test runs the
 * worker's analysis in-process, whole requests only (the in-process double keeps no copy to
 * send changes to).
 */
export function analyseInProcess(): void {
  beforeEach(() => {
    for (const [method, value] of [
      ['analyse', inProcessEngine().analyse],
      ['analyseChanges', undefined],
    ] as const) {
      Object.defineProperty(engine, method, { value, configurable: true });
    }
  });
  afterEach(() => {
    delete (engine as unknown as Record<string, unknown>).analyse;
    delete (engine as unknown as Record<string, unknown>).analyseChanges;
  });
}
