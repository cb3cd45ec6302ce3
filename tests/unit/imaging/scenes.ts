// Whole synthetic photos for the detection, tracking and strain tests and the benchmark:
// a five-dot marker pattern (dots deformed with the specimen, so their true centres are
// known exactly), optionally with a ruler of ticks and digits beside it, glyph strokes and
// specks, under blur, noise and uneven lighting.
import type { Mat2, RgbaImage, Vec2 } from '../../../src/core';
import { random, render, sceneCamera } from './render';
import type { Bar, Ellipse, Shade, Shape } from './render';
import { markerSquare } from '../../support/markers';

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
  const truth = markerSquare(spec.half).map((u): Vec2 => {
    const [dx, dy] = applyF(F, u);
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
    ...sceneCamera(spec, [0.0003, -0.0002]),
  });
  return { image, truth };
}

/** What lies over part of a dot in a shadow scene. */
export type ShadeKind = 'dark-edge' | 'shadow-edge' | 'band' | 'dark-band' | 'soft-shadow';

export interface ShadowSpec {
  kind: ShadeKind;
  /** Dot diameter (long axis), px, and its long over short axis. */
  diameter: number;
  aspect?: number;
  /** Turn of the dot's long axis, radians. */
  turn?: number;
  /** How far the shade reaches into the dot, as a fraction of the dot's width across the
   * shade's edge: 0 touches it, 0.45 hides nearly half. */
  overlap: number;
  /** Direction from the dot's centre into the shade, radians. */
  normal: number;
  /** Band width, px (band kinds). */
  width?: number;
  /** Fraction of the light a shadow takes away (shadow kinds). */
  depth?: number;
  /** Penumbra sigma, px (soft-shadow). */
  softness?: number;
  /** Sub-pixel offset of the dot's centre from the middle of the photo. */
  offset?: Vec2;
  blur?: number;
  noise?: number;
  gradient?: Vec2;
  /** Curved light, as render() takes it. */
  curvature?: [number, number, number];
  glare?: number;
  seed?: number;
}

export interface ShadowScene {
  image: RgbaImage;
  /** The dot's true centre. */
  truth: Vec2;
  /** The dot's true shape. */
  dot: Ellipse;
}

/**
 * One dot with a shadow or a dark surface over part of it, its edge straight and placed
 * so it hides a given fraction of the dot's width: the dark side of a specimen, the
 * shadow line under a pressed block, a soft shadow falling across the marker.
 */
export function shadowScene(spec: ShadowSpec): ShadowScene {
  const aspect = spec.aspect ?? 1;
  const a = spec.diameter / 2;
  const b = a / aspect;
  const turn = spec.turn ?? 0;
  // Wide enough that the shade runs on well beyond any search window around the dot.
  const size = Math.max(260, Math.ceil(3 * spec.diameter + 60));
  const [ox, oy] = spec.offset ?? [0, 0];
  const truth: Vec2 = [size / 2 + ox, size / 2 + oy];
  const dot: Ellipse = { kind: 'ellipse', centre: truth, a, b, angle: turn };
  const nx = Math.cos(spec.normal);
  const ny = Math.sin(spec.normal);
  // Half the dot's width along the normal (the ellipse's support function).
  const along = nx * Math.cos(turn) + ny * Math.sin(turn);
  const across = -nx * Math.sin(turn) + ny * Math.cos(turn);
  const reach = Math.hypot(a * along, b * across);
  const edge = reach - 2 * reach * spec.overlap;
  const at = (d: number): Vec2 => [truth[0] + d * nx, truth[1] + d * ny];
  const width = spec.width ?? spec.diameter / 2;
  // The shade's edge where it hides the asked-for part of the dot; a band is centred
  // half its width beyond that edge.
  const halfPlane = { kind: 'half-plane', through: at(edge), normal: spec.normal } as const;
  const band = {
    kind: 'band',
    through: at(edge + width / 2),
    normal: spec.normal,
    width,
  } as const;
  const shades: Record<ShadeKind, Shade> = {
    'dark-edge': { ...halfPlane, reflectance: 0.1 },
    'shadow-edge': { ...halfPlane, depth: spec.depth ?? 0.6 },
    'soft-shadow': { ...halfPlane, depth: spec.depth ?? 0.6, softness: spec.softness ?? 6 },
    band: { ...band, depth: spec.depth ?? 0.7 },
    'dark-band': { ...band, reflectance: 0.08 },
  };
  const shade = shades[spec.kind];
  const image = render({
    width: size,
    height: size,
    groups: [[dot]],
    shades: [shade],
    ...sceneCamera(spec, [0.001, -0.0007]),
    ...(spec.curvature ? { curvature: spec.curvature } : {}),
    ...(spec.glare ? { glare: spec.glare } : {}),
  });
  return { image, truth, dot };
}

export interface ShadowCase {
  spec: ShadowSpec;
  /** Where a user clicks: on the visible part of the dot, off its centre. */
  click: Vec2;
}

export const SHADE_KINDS: readonly ShadeKind[] = [
  'dark-edge',
  'shadow-edge',
  'band',
  'dark-band',
  'soft-shadow',
];

/**
 * A varied, reproducible set of shadow scenes: every kind of shade, dots of 12-40 px
 * (discs, and ellipses up to maxAspect:1) overlapped by 0-45 % of their width, bands from a
 * fifth of the dot to twice its width, mild to strong blur and noise, uneven light.
 */
export function shadowCases(perKind: number, seed = 1, maxAspect = 2.2): ShadowCase[] {
  const rand = random(seed * 104729);
  const cases: ShadowCase[] = [];
  const diameters = [12, 16, 20, 30, 40];
  for (const kind of SHADE_KINDS) {
    for (let k = 0; k < perKind; k++) {
      const diameter = diameters[k % diameters.length]!;
      const spec: ShadowSpec = {
        kind,
        diameter,
        aspect: k % 2 === 0 ? 1 : 1.1 + (maxAspect - 1.1) * rand(),
        turn: rand() * Math.PI,
        overlap: 0.45 * rand(),
        normal: rand() * 2 * Math.PI,
        width: diameter * (0.2 + 1.8 * rand()),
        depth: kind === 'band' ? 0.5 + 0.4 * rand() : 0.4 + 0.4 * rand(),
        softness: 3 + 7 * rand(),
        offset: [rand() - 0.5, rand() - 0.5],
        blur: 0.7 + 0.8 * rand(),
        noise: 1.5 + 2 * rand(),
        gradient: [(rand() - 0.5) * 0.006, (rand() - 0.5) * 0.006],
        seed: 1000 * seed + 10 * k + SHADE_KINDS.indexOf(kind),
      };
      const size = Math.max(260, Math.ceil(3 * diameter + 60));
      const truth: Vec2 = [size / 2 + spec.offset![0], size / 2 + spec.offset![1]];
      const angle = rand() * 2 * Math.PI;
      const r = 0.25 * (diameter / (spec.aspect ?? 1)) * rand();
      let dx = r * Math.cos(angle);
      let dy = r * Math.sin(angle);
      // Never towards the shade: a user clicks on the dot's visible part.
      const toward = dx * Math.cos(spec.normal) + dy * Math.sin(spec.normal);
      if (toward > 0) {
        dx -= toward * Math.cos(spec.normal);
        dy -= toward * Math.sin(spec.normal);
      }
      cases.push({ spec, click: [truth[0] + dx, truth[1] + dy] });
    }
  }
  return cases;
}
