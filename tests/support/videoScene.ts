// The test video of a stretching specimen: five dots deformed homogeneously by a known F(t)
// beside a fixed ruler, so every frame's true strain is known. Shared by the page that draws
// and encodes it and the tests that compare the app's answer with it.
import type { Mat2, Vec2 } from '../../src/core';
import { markerPattern } from './markers';

export interface VideoScene {
  /** Size of the frames as displayed, px. */
  width: number;
  height: number;
  /** Centre and half side of the dot square at rest, and the dots' diameter, px. */
  centre: Vec2;
  half: number;
  dot: number;
  /** The ruler: its ticks' left end, first and last tick rows, and tick spacing (1 mm), px. */
  ruler: { x: number; y0: number; y1: number; spacing: number };
  /** How F grows with time: F(t) = I + rate t, per second. */
  rate: Mat2;
}

/** A 640 × 480 scene stretching 4 % a second along x, with a little shear and narrowing. */
export const STRETCHING_SCENE: VideoScene = {
  width: 640,
  height: 480,
  centre: [280, 240],
  half: 140,
  dot: 24,
  ruler: { x: 500, y0: 40, y1: 440, spacing: 10 },
  rate: [
    [0.04, 0.01],
    [0, -0.015],
  ],
};

/** The deformation at time t (s). */
export function deformationAt(scene: VideoScene, time: number): Mat2 {
  const [[a, b], [c, d]] = scene.rate;
  return [
    [1 + a * time, b * time],
    [c * time, 1 + d * time],
  ];
}

/** The five dots' true centres at time t, in marker order. */
export function dotsAt(scene: VideoScene, time: number): Vec2[] {
  return markerPattern(scene.centre, scene.half, deformationAt(scene, time));
}
