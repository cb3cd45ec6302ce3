// Reproducible sets of single dots with known centres, for measuring how accurate a
// located centre is and whether its stated uncertainty is honest: round and flattened
// dots of 6-80 px at sub-pixel positions, under light that changes across the dot by up
// to a fifth of the dot's contrast (a plane, or a gently curved surface whose apex lies
// off the dot; as lighting, or in part as added glare that does not scale with the ink's
// reflectance), optical blur, sensor noise and 8-bit rounding; and the same dots partly
// under a shadow or against a dark edge (scenes.ts, shadowCases).
import type { RgbaImage, Vec2 } from '../../../src/core';
import { random, render } from './render';
import { SHADE_KINDS, shadowCases, shadowScene } from './scenes';
import type { ShadeKind, ShadowSpec } from './scenes';

export interface DotCase {
  image: RgbaImage;
  /** The dot's true centre. */
  truth: Vec2;
  /** Where a user clicks. */
  click: Vec2;
  /** Long axis, px, and long over short axis. */
  diameter: number;
  aspect: number;
  /** 'free': nothing else near the dot; otherwise the kind of shade over part of it. */
  kind: 'free' | ShadeKind;
  /** Change of the light across the dot, as a fraction of the dot's contrast. */
  lighting: number;
  /** Direction in which the light rises at the dot's centre (unit vector), or [0, 0]. */
  uphill: Vec2;
  /** Share of that change that is added light (glare) rather than lighting (render.ts). */
  glare: number;
  /** For a shaded dot: the scene, to draw it again on its own (scenes.ts, shadowScene). */
  spec?: ShadowSpec;
}

/** Relative darkness of the renderer's default ink on its default paper: 1 - 0.08/0.85. */
const RELATIVE_CONTRAST = 1 - 0.08 / 0.85;

export const DOT_DIAMETERS = [6, 8, 10, 12, 16, 20, 25, 30, 40, 50, 60, 70, 80];

/** The steepest light allowed, relative change per px: 0.5 %/px is a strong side light
 * (a fifth of the contrast across a 36 px dot, a tenth across an 18 px one). */
const MAX_SLOPE = 0.005;

interface Lighting {
  /** Change of the light across the dot, as a fraction of the dot's contrast. */
  fraction: number;
  gradient: Vec2;
  curvature: [number, number, number];
  uphill: Vec2;
}

/**
 * Light over an image of `size` px whose centre is near the dot: a plane in a random
 * direction plus, for `curved`, a quadratic bowl or ridge whose apex lies up to a dot's
 * width away, scaled so the light over the dot's ellipse spans `fraction` of its contrast.
 */
function lighting(
  rand: () => number,
  dot: { centre: Vec2; a: number; b: number; angle: number },
  size: number,
  fraction: number,
  curved: boolean,
): Lighting {
  const theta = 2 * Math.PI * rand();
  let g: Vec2 = [Math.cos(theta), Math.sin(theta)];
  let q: [number, number, number] = [0, 0, 0];
  if (curved) {
    // A symmetric matrix with eigenvalues of either sign, its apex off the dot.
    const phi = Math.PI * rand();
    const l1 = (rand() < 0.5 ? -1 : 1) * (0.5 + rand());
    const l2 = (rand() - 0.5) * 2 * Math.abs(l1);
    const c = Math.cos(phi);
    const s = Math.sin(phi);
    const qxx = l1 * c * c + l2 * s * s;
    const qyy = l1 * s * s + l2 * c * c;
    const qxy = (l1 - l2) * c * s;
    const apexAngle = 2 * Math.PI * rand();
    const apexDistance = 2 * dot.a * rand();
    const px = dot.centre[0] - size / 2 + apexDistance * Math.cos(apexAngle);
    const py = dot.centre[1] - size / 2 + apexDistance * Math.sin(apexAngle);
    // (X - P)' Q (X - P) less its constant: Q's terms and a slope of -2 Q P. Gently
    // curved: across the dot the bend adds about a sixth of what the slope changes, and
    // across the photo half as much.
    const mix = 0.7 * rand();
    const scale = 1 / (dot.a * size);
    q = [qxx * scale, 2 * qxy * scale, qyy * scale];
    g = [
      ((1 - mix) * g[0]) / dot.a - 2 * (qxx * px + qxy * py) * scale,
      ((1 - mix) * g[1]) / dot.a - 2 * (qxy * px + qyy * py) * scale,
    ];
  }
  const at = (x: number, y: number) => {
    const X = x - size / 2;
    const Y = y - size / 2;
    return g[0] * X + g[1] * Y + q[0] * X * X + q[1] * X * Y + q[2] * Y * Y;
  };
  // The light's span over the dot's ellipse, sampled.
  let low = Infinity;
  let high = -Infinity;
  const cos = Math.cos(dot.angle);
  const sin = Math.sin(dot.angle);
  for (let i = 0; i <= 24; i++) {
    for (let j = 0; j <= 24; j++) {
      const u = (i / 12 - 1) * dot.a;
      const v = (j / 12 - 1) * dot.b;
      if ((u / dot.a) ** 2 + (v / dot.b) ** 2 > 1) continue;
      const value = at(dot.centre[0] + u * cos - v * sin, dot.centre[1] + u * sin + v * cos);
      low = Math.min(low, value);
      high = Math.max(high, value);
    }
  }
  let k = high > low ? (fraction * RELATIVE_CONTRAST) / (high - low) : 0;
  // Light that changes steeply across a small dot changes several-fold across the photo
  // around it: that is a shadow's edge, not lighting. The light's slope stays within
  // MAX_SLOPE anywhere in the image, and its level within 40 % of the middle's.
  let steepest = 0;
  let widest = 0;
  for (const X of [-size / 2, 0, size / 2]) {
    for (const Y of [-size / 2, 0, size / 2]) {
      const sx = g[0] + 2 * q[0] * X + q[1] * Y;
      const sy = g[1] + q[1] * X + 2 * q[2] * Y;
      steepest = Math.max(steepest, Math.hypot(sx, sy));
      widest = Math.max(widest, Math.abs(at(X + size / 2, Y + size / 2)));
    }
  }
  k = Math.min(k, MAX_SLOPE / Math.max(steepest, 1e-12), 0.4 / Math.max(widest, 1e-12));
  const reached = (k * (high - low)) / RELATIVE_CONTRAST;
  const gradient: Vec2 = [k * g[0], k * g[1]];
  const curvature: [number, number, number] = [k * q[0], k * q[1], k * q[2]];
  // The slope at the dot's centre.
  const X = dot.centre[0] - size / 2;
  const Y = dot.centre[1] - size / 2;
  const sx = gradient[0] + 2 * curvature[0] * X + curvature[1] * Y;
  const sy = gradient[1] + curvature[1] * X + 2 * curvature[2] * Y;
  const length = Math.hypot(sx, sy);
  return {
    gradient,
    curvature,
    fraction: reached,
    uphill: length > 0 ? [sx / length, sy / length] : [0, 0],
  };
}

/**
 * `count` free dots: diameters cycling through DOT_DIAMETERS, every other one flattened
 * (1.2-2.5:1), light spanning 0-20 % of the contrast across the dot (half of them curved,
 * half partly glare),
 * blur sigma 0.5-1.8 px, noise 1-5 grey levels, paper lit at 100-200 grey levels.
 */
export function freeDotCases(count: number, seed: number): DotCase[] {
  const rand = random(seed * 7919 + 17);
  const cases: DotCase[] = [];
  for (let k = 0; k < count; k++) {
    const diameter = DOT_DIAMETERS[k % DOT_DIAMETERS.length]! * (0.9 + 0.2 * rand());
    const aspect = k % 2 === 0 ? 1 : 1.2 + 1.3 * rand();
    const a = diameter / 2;
    const b = a / aspect;
    const angle = Math.PI * rand();
    const size = Math.ceil(2.6 * diameter + 48);
    const truth: Vec2 = [size / 2 + rand() - 0.5, size / 2 + rand() - 0.5];
    const fraction = 0.2 * rand();
    const light = lighting(rand, { centre: truth, a, b, angle }, size, fraction, k % 4 >= 2);
    const glare = k % 8 >= 4 ? rand() : 0;
    const image = render({
      width: size,
      height: size,
      groups: [[{ kind: 'ellipse', centre: truth, a, b, angle }]],
      light: 100 + 100 * rand(),
      gradient: light.gradient,
      curvature: light.curvature,
      glare,
      blur: 0.5 + 1.3 * rand(),
      noise: 1 + 4 * rand(),
      seed: seed * 100_003 + k,
    });
    const reach = 0.3 * b * Math.sqrt(rand());
    const turn = 2 * Math.PI * rand();
    cases.push({
      image,
      truth,
      click: [truth[0] + reach * Math.cos(turn), truth[1] + reach * Math.sin(turn)],
      diameter,
      aspect,
      kind: 'free',
      lighting: light.fraction,
      uphill: light.uphill,
      glare,
    });
  }
  return cases;
}

/**
 * `perKind` dots for each kind of shade (scenes.ts: a dark edge, a shadow's edge, shadow
 * and dark bands, a soft shadow) over 0-45 % of their width, 12-40 px, up to 1.5:1, under
 * the same kind of light as freeDotCases.
 */
export function shadedDotCases(perKind: number, seed: number): DotCase[] {
  const rand = random(seed * 6007 + 3);
  return shadowCases(perKind, seed, 1.5).map(({ spec, click }) => {
    const aspect = spec.aspect ?? 1;
    const a = spec.diameter / 2;
    const size = Math.max(260, Math.ceil(3 * spec.diameter + 60));
    const [ox, oy] = spec.offset ?? [0, 0];
    const centre: Vec2 = [size / 2 + ox, size / 2 + oy];
    const fraction = 0.2 * rand();
    const dot = { centre, a, b: a / aspect, angle: spec.turn ?? 0 };
    const light = lighting(rand, dot, size, fraction, rand() < 0.5);
    const glare = rand() < 0.5 ? rand() : 0;
    const drawn: ShadowSpec = {
      ...spec,
      gradient: light.gradient,
      curvature: light.curvature,
      glare,
    };
    const scene = shadowScene(drawn);
    return {
      image: scene.image,
      truth: scene.truth,
      click,
      diameter: spec.diameter,
      aspect,
      kind: spec.kind,
      lighting: light.fraction,
      uphill: light.uphill,
      glare,
      spec: drawn,
    };
  });
}

export { SHADE_KINDS };
