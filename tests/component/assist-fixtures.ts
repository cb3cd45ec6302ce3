// Shared stand-ins for the assisted-marking component tests: the photo and view sizes, a
// five-dot pattern in marker order, a snapped dot's quality figures, and a project of
// unmarked images of that photo.
import type { DotQuality, Vec2 } from '../../src/core';
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
