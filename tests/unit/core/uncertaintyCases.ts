// Seeded random marks for the uncertainty tests: a specimen photographed
// before and after a large homogeneous deformation plus a little uneven misfit,
// with the camera zoomed and shifted between the shots and every point given
// its own standard uncertainty. Only types come from the core, so the same
// cases can be fed to any version of it.
import type { ImageMarks, Mat2, Vec2 } from '../../../src/core';
import { random as seededRandom } from '../imaging/render';

/** Uniform numbers in [0, 1) from a seed: the imaging tests' mulberry32 generator. */
export { seededRandom };

/** Standard normal numbers from a uniform generator (Box-Muller, both values used). */
export function seededNormal(random: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const u = 1 - random();
    const v = random();
    const radius = Math.sqrt(-2 * Math.log(u));
    spare = radius * Math.sin(2 * Math.PI * v);
    return radius * Math.cos(2 * Math.PI * v);
  };
}

const between = (random: () => number, low: number, high: number): number =>
  low + (high - low) * random();

function rotationMatrix(degrees: number): Mat2 {
  const a = (degrees * Math.PI) / 180;
  return [
    [Math.cos(a), -Math.sin(a)],
    [Math.sin(a), Math.cos(a)],
  ];
}

function apply(F: Mat2, p: Vec2): Vec2 {
  return [F[0][0] * p[0] + F[0][1] * p[1], F[1][0] * p[0] + F[1][1] * p[1]];
}

export interface PairCase {
  reference: ImageMarks;
  current: ImageMarks;
  /** The deformation applied (image axes), before the uneven misfit. */
  F: Mat2;
}

/**
 * A reference photo and a deformed one. Stretches lie in 0.6-1.6, shear up to
 * 0.3, rigid turn up to 30 degrees; the markers spread 300-700 px, and the
 * point uncertainties lie in 0.03-0.6 px. Each deformed marker then strays up
 * to `misfit` px from the homogeneous deformation (uneven deformation such as
 * barrelling, which the fit leaves as residuals).
 */
export function randomPair(random: () => number, misfit = 3): PairCase {
  const centre: Vec2 = [between(random, 900, 1500), between(random, 700, 1100)];
  const halfWidth = between(random, 150, 350);
  const halfHeight = between(random, 150, 350);
  const tilt = rotationMatrix(between(random, -10, 10));
  const corners: Vec2[] = [
    [-halfWidth, -halfHeight],
    [halfWidth, -halfHeight],
    [halfWidth, halfHeight],
    [-halfWidth, halfHeight],
    [0, 0],
  ];
  const layout = corners.map((p): Vec2 => {
    const turned = apply(tilt, p);
    // Hand-made specimens are never quite square.
    return [turned[0] + between(random, -6, 6), turned[1] + between(random, -6, 6)];
  });
  const referenceFiducials = layout.map((p): Vec2 => [centre[0] + p[0], centre[1] + p[1]]);
  const scaleStart: Vec2 = [between(random, 200, 400), between(random, 1700, 1900)];
  const scaleAngle = (between(random, -5, 5) * Math.PI) / 180;
  const scaleSpan = between(random, 400, 900);
  const scaleEnd: Vec2 = [
    scaleStart[0] + scaleSpan * Math.cos(scaleAngle),
    scaleStart[1] + scaleSpan * Math.sin(scaleAngle),
  ];

  const stretch: Mat2 = [
    [between(random, 0.6, 1.6), between(random, -0.3, 0.3)],
    [0, between(random, 0.6, 1.6)],
  ];
  const turn = rotationMatrix(between(random, -30, 30));
  const F: Mat2 = [
    [
      turn[0][0] * stretch[0][0] + turn[0][1] * stretch[1][0],
      turn[0][0] * stretch[0][1] + turn[0][1] * stretch[1][1],
    ],
    [
      turn[1][0] * stretch[0][0] + turn[1][1] * stretch[1][0],
      turn[1][0] * stretch[0][1] + turn[1][1] * stretch[1][1],
    ],
  ];
  // The camera zooms and shifts between the shots: fiducials and ruler alike.
  const zoom = between(random, 0.8, 1.25);
  const shift: Vec2 = [between(random, -80, 80), between(random, -80, 80)];
  const camera = (p: Vec2): Vec2 => [zoom * p[0] + shift[0], zoom * p[1] + shift[1]];
  const currentFiducials = layout.map((p): Vec2 => {
    const moved = apply(F, p);
    // A few pixels of uneven deformation, so the fit leaves residuals.
    return camera([
      centre[0] + moved[0] + between(random, -misfit, misfit),
      centre[1] + moved[1] + between(random, -misfit, misfit),
    ]);
  });
  const sigmas = (count: number): number[] =>
    Array.from({ length: count }, () => between(random, 0.03, 0.6));
  return {
    F,
    reference: {
      name: 'reference.png',
      fiducials: referenceFiducials,
      scalePoints: [scaleStart, scaleEnd],
      pressTravel: 0,
      fiducialUncertainty: sigmas(5),
      scaleUncertainty: sigmas(2) as [number, number],
    },
    current: {
      name: 'current.png',
      fiducials: currentFiducials,
      scalePoints: [camera(scaleStart), camera(scaleEnd)],
      pressTravel: 1,
      fiducialUncertainty: sigmas(5),
      scaleUncertainty: sigmas(2) as [number, number],
    },
  };
}

/**
 * A sequence of `count` photos: a reference, then the deformed photos of
 * `count - 1` random pairs (each a valid, orientation-keeping deformation of
 * the reference, if not one it was drawn against).
 */
export function randomSequence(seed: number, count: number): ImageMarks[] {
  const random = seededRandom(seed);
  const images: ImageMarks[] = [randomPair(random).reference];
  for (let i = 1; i < count; i++) {
    images.push({ ...randomPair(random).current, name: `step-${i}.png`, pressTravel: i * 0.5 });
  }
  return images;
}
