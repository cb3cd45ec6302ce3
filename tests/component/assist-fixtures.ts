// Shared stand-ins for the assisted-marking component tests: the photo and view sizes, a
// five-dot pattern in marker order, a snapped dot's quality figures, the stand-in worker's
// detection and tracking answers, and a project of unmarked images of that photo.
import type { DetectResponse } from '../../src/client/engine';
import type { DotQuality, FiducialTracking, Vec2 } from '../../src/core';
import { ProjectState } from '../../src/state/project.svelte';

export const VIEW = { width: 1016, height: 616 };
export const PHOTO = { width: 2000, height: 1000 };
/** The worker's timing fields, on every fake answer. */
export const timing = { decodeMs: 1, computeMs: 1 };

/** A well-snapped dot. */
export const QUALITY: DotQuality = {
  grade: 'good',
  uncertainty: 0.012,
  contrast: 150,
  noise: 2,
  snr: 75,
  diameter: 30,
  major: 31,
  minor: 29,
  angle: 0,
  fit: 0.98,
  asymmetry: 0.02,
  touching: false,
  method: 'centroid',
};

/** The five fiducials' centres on the photo, in marker order. */
export const PATTERN: Vec2[] = [
  [300.25, 200.5],
  [900.5, 210.75],
  [890.125, 800.5],
  [310.5, 790.25],
  [600.75, 500.5],
];

/** How the stand-in camera moves every point between one photo and the next. */
export const moved = (p: Vec2): Vec2 => [p[0] + 5, p[1] - 3];

/** The stand-in worker's detection: PATTERN, each dot of quality `quality`. */
export function detectedPattern(quality: DotQuality | null = QUALITY): DetectResponse {
  return {
    ok: true,
    points: PATTERN,
    quality: PATTERN.map(() => quality),
    confidence: 0.9,
    reasons: [],
    alternatives: [],
    candidates: [],
    ...timing,
  };
}

/** The stand-in worker's tracking: every point `moved`, snapped with quality `quality`. */
export function trackedFiducials(
  previous: readonly Vec2[],
  quality: DotQuality | null = QUALITY,
): FiducialTracking {
  const points = previous.map(moved);
  return {
    points,
    tracked: points.map((point) => ({ point, status: 'snapped', quality, residual: 0 })),
    method: 'local',
    needsReview: false,
    reasons: [],
  };
}

/** `count` unmarked images of the photo, img-0 ... , with travels 0, 1, ... */
export function project(count = 1): ProjectState {
  const p = new ProjectState();
  p.addImages(
    Array.from({ length: count }, (_, i) => ({
      id: `img-${i}`,
      name: `step-${i}.png`,
      width: PHOTO.width,
      height: PHOTO.height,
      suggestedTravel: i,
    })),
  );
  return p;
}
