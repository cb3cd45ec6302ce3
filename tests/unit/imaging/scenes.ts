// Whole synthetic photos for the detection, tracking and strain tests and the benchmark:
// a five-dot marker pattern (dots deformed with the specimen, so their true centres are
// known exactly), optionally with a ruler of ticks and digits beside it, glyph strokes and
// specks, under blur, noise and uneven lighting.
import type { Mat2, RgbaImage, Vec2 } from '../../../src/core';
import { random, render } from './render';
import type { Bar, Ellipse, Shape } from './render';

export interface RulerSpec {
  /** Left end of the ticks, and the rows of the first and last tick, px. */
  x: number;
  y0: number;
  y1: number;
  /** Distance between neighbouring ticks, px. */
  spacing: number;
}

export interface PatternSpec {
  width: number;
  height: number;
  /** Centre of the pattern and half its side before deformation, px. */
  centre: Vec2;
  half: number;
  /** Deformation (and turn) applied to the pattern and to the dots' shapes. */
  F?: Mat2;
  /** Dot diameter before deformation, px. */
  dot: number;
  ruler?: RulerSpec;
  /** Glyph-like strokes (digits) somewhere off the pattern. */
  text?: Vec2[];
  specks?: number;
  /** Any other ink shapes. */
  extra?: Shape[][];
  blur?: number;
  noise?: number;
  gradient?: Vec2;
  seed?: number;
}

export interface PatternScene {
  image: RgbaImage;
  /** The five true centres in marker order. */
  truth: Vec2[];
}

const IDENTITY: Mat2 = [
  [1, 0],
  [0, 1],
];

/** The unit pattern in marker order: top-left, top-right, bottom-right, bottom-left, centre. */
export const UNIT_PATTERN: readonly Vec2[] = [
  [-1, -1],
  [1, -1],
  [1, 1],
  [-1, 1],
  [0, 0],
];

export function applyF(F: Mat2, p: Vec2): Vec2 {
  return [F[0][0] * p[0] + F[0][1] * p[1], F[1][0] * p[0] + F[1][1] * p[1]];
}

export function rotationF(degrees: number): Mat2 {
  const a = (degrees * Math.PI) / 180;
  return [
    [Math.cos(a), -Math.sin(a)],
    [Math.sin(a), Math.cos(a)],
  ];
}

export function multiply(A: Mat2, B: Mat2): Mat2 {
  return [
    [A[0][0] * B[0][0] + A[0][1] * B[1][0], A[0][0] * B[0][1] + A[0][1] * B[1][1]],
    [A[1][0] * B[0][0] + A[1][1] * B[1][0], A[1][0] * B[0][1] + A[1][1] * B[1][1]],
  ];
}

/** The disc of diameter d mapped by F: an ellipse (axes and turn from F's SVD). */
export function deformedDot(centre: Vec2, d: number, F: Mat2): Ellipse {
  // F F^T = U S^2 U^T: its eigenvectors are the ellipse axes, sqrt(eigenvalues) the stretches.
  const a = F[0][0] * F[0][0] + F[0][1] * F[0][1];
  const b = F[0][0] * F[1][0] + F[0][1] * F[1][1];
  const c = F[1][0] * F[1][0] + F[1][1] * F[1][1];
  const mean = (a + c) / 2;
  const diff = Math.sqrt(((a - c) / 2) ** 2 + b * b);
  const angle = 0.5 * Math.atan2(2 * b, a - c);
  return {
    kind: 'ellipse',
    centre,
    a: (d / 2) * Math.sqrt(mean + diff),
    b: (d / 2) * Math.sqrt(Math.max(mean - diff, 1e-12)),
    angle,
  };
}

/** Bars drawing a digit-like glyph (a 4, a 7, a T, or a 1 with a flag) of height h at p. */
export function glyph(p: Vec2, h: number, which: number): Bar[] {
  const w = Math.max(2, h / 8);
  const [x, y] = p;
  const bar = (a: Vec2, b: Vec2): Bar => ({ kind: 'bar', from: a, to: b, width: w });
  switch (which % 4) {
    case 0:
      return [
        bar([x + 0.1 * h, y], [x, y + 0.6 * h]),
        bar([x, y + 0.6 * h], [x + 0.55 * h, y + 0.6 * h]),
        bar([x + 0.4 * h, y + 0.15 * h], [x + 0.4 * h, y + h]),
      ];
    case 1:
      return [bar([x, y], [x + 0.55 * h, y]), bar([x + 0.55 * h, y], [x + 0.15 * h, y + h])];
    case 2:
      return [bar([x, y], [x + 0.6 * h, y]), bar([x + 0.3 * h, y], [x + 0.3 * h, y + h])];
    default:
      return [
        bar([x + 0.1 * h, y + 0.2 * h], [x + 0.3 * h, y]),
        bar([x + 0.3 * h, y], [x + 0.3 * h, y + h]),
      ];
  }
}

/** A ruler's ticks: short every tick, longer every 2nd, longest every 10th, with digits. */
export function rulerShapes(spec: RulerSpec): Shape[][] {
  const groups: Shape[][] = [];
  const ticks: Shape[] = [];
  const count = Math.floor((spec.y1 - spec.y0) / spec.spacing);
  const width = Math.max(1.2, spec.spacing * 0.25);
  for (let k = 0; k <= count; k++) {
    const y = spec.y0 + k * spec.spacing;
    const length = (k % 10 === 0 ? 6 : k % 2 === 0 ? 4 : 2.5) * spec.spacing;
    ticks.push({ kind: 'bar', from: [spec.x, y], to: [spec.x + length, y], width });
    if (k % 10 === 0 && k > 0)
      groups.push(
        glyph([spec.x + 7 * spec.spacing, y - 1.2 * spec.spacing], 2.4 * spec.spacing, k / 10),
      );
  }
  // The ruler's edge joins the ticks into one comb, as on a steel rule.
  ticks.push({
    kind: 'bar',
    from: [spec.x, spec.y0 - spec.spacing],
    to: [spec.x, spec.y1 + spec.spacing],
    width,
  });
  groups.push(ticks);
  return groups;
}

export function patternScene(spec: PatternSpec): PatternScene {
  const F = spec.F ?? IDENTITY;
  const truth = UNIT_PATTERN.map((u): Vec2 => {
    const [dx, dy] = applyF(F, [u[0] * spec.half, u[1] * spec.half]);
    return [spec.centre[0] + dx, spec.centre[1] + dy];
  });
  const groups: Shape[][] = truth.map((c) => [deformedDot(c, spec.dot, F)]);
  if (spec.ruler) groups.push(...rulerShapes(spec.ruler));
  groups.push(...(spec.extra ?? []));
  for (const [k, p] of (spec.text ?? []).entries()) groups.push(glyph(p, spec.dot * 1.6, k));
  const rand = random((spec.seed ?? 1) * 7919);
  for (let k = 0; k < (spec.specks ?? 0); k++) {
    const c: Vec2 = [rand() * spec.width, rand() * spec.height];
    if (truth.some((t) => Math.hypot(t[0] - c[0], t[1] - c[1]) < spec.dot * 1.5)) continue;
    groups.push([
      { kind: 'ellipse', centre: c, a: 1 + rand() * 1.5, b: 1 + rand() * 1.5, angle: rand() * 3 },
    ]);
  }
  const image = render({
    width: spec.width,
    height: spec.height,
    groups,
    blur: spec.blur ?? 1,
    noise: spec.noise ?? 2,
    gradient: spec.gradient ?? [0.0003, -0.0002],
    seed: spec.seed ?? 1,
  });
  return { image, truth };
}
