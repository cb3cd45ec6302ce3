// Synthetic photos with known answers for the imaging tests and benchmark: dark ink shapes
// (discs, ellipses, bars for lines, ticks and text strokes) on a light surface, drawn with
// exact-enough anti-aliasing (16 x 16 supersampling on edge pixels), then optical blur,
// uneven lighting (multiplicative, as real illumination is), noise and 8-bit rounding.
import type { RgbaImage, Vec2 } from '../../../src/core';

export interface Ellipse {
  kind: 'ellipse';
  centre: Vec2;
  /** Semi-axes, px. */
  a: number;
  b: number;
  /** Direction of the a axis, radians from +x towards +y. */
  angle?: number;
}

/** A straight bar: a line, a ruler tick or a text stroke. */
export interface Bar {
  kind: 'bar';
  from: Vec2;
  to: Vec2;
  /** Full thickness, px. */
  width: number;
}

export type Shape = Ellipse | Bar;

/**
 * A straight-edged shadow or dark surface across the scene: a half-plane, or a band
 * between two parallel edges. Its edges are Gaussian-soft (penumbra and optical blur
 * together), so a dot under it keeps an exactly known centre.
 */
export interface Shade {
  kind: 'half-plane' | 'band';
  /** A point on the half-plane's edge, or on the band's middle line. */
  through: Vec2;
  /** Direction into the dark side (half-plane) or across the band, radians from +x
   * towards +y. */
  normal: number;
  /** Band width between the edges' half-darkness lines, px. */
  width?: number;
  /** A shadow: the fraction of the light it takes away, 0-1. The ink under it stays
   * visible, darker. Ignored when `reflectance` is given. */
  depth?: number;
  /** An opaque surface of this reflectance in front of the paper (a dark table beyond the
   * specimen's edge): it hides whatever lies under it. */
  reflectance?: number;
  /** Extra softness of the edge (a penumbra), Gaussian sigma, px. */
  softness?: number;
}

/**
 * The camera of a test scene: what its spec gives, else blur 1 px, noise 2 grey levels and
 * seed 1, as a photo's; the light's ramp is the scene's own unless the spec gives one.
 */
export function sceneCamera(
  spec: Pick<SceneSpec, 'blur' | 'noise' | 'gradient' | 'seed'>,
  ramp: Vec2,
): Pick<SceneSpec, 'blur' | 'noise' | 'gradient' | 'seed'> {
  return {
    blur: spec.blur ?? 1,
    noise: spec.noise ?? 2,
    gradient: spec.gradient ?? ramp,
    seed: spec.seed ?? 1,
  };
}

export interface SceneSpec {
  width: number;
  height: number;
  /** Ink shapes; shapes in one group are drawn (and blurred) together, so they may touch. */
  groups: Shape[][];
  /** Reflectance of the surface and of the ink, 0-1. */
  paper?: number;
  ink?: number;
  /** Light level (grey value of the paper) at the image centre. */
  light?: number;
  /** Relative change of the light per pixel along x and y (0.001: 10 % over 100 px). */
  gradient?: Vec2;
  /** Curved light: relative change per px^2 in x^2, x y and y^2, about the image centre
   * (added to the gradient's plane; a lamp's fall-off seen close up). */
  curvature?: [number, number, number];
  /** The share, 0-1, of the gradient and curvature that is added light rather than
   * lighting (veiling glare from the lens, or a camera's tone curve): it brightens the
   * paper as much as the lighting would, but the ink just as much, so it does not scale
   * with reflectance. 0 (default): all of it is lighting. */
  glare?: number;
  /** Gaussian blur sigma, px. */
  blur?: number;
  /** Gaussian noise sigma, grey levels. */
  noise?: number;
  seed?: number;
  /** Shadows and dark surfaces over the ink, in order. */
  shades?: Shade[];
}

const SUB = 16;

/** Deterministic uniform numbers in [0, 1) (mulberry32). */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function gaussian(rand: () => number): () => number {
  return () => {
    const u = Math.max(rand(), 1e-12);
    const v = rand();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
}

/** The point (x, y) in the shape's own frame, written into `frame`. */
const frame = new Float64Array(3);

/**
 * Fills `frame` with (x, y) in the shape's own axes: for an ellipse its offset along the
 * first and the second axis; for a bar its distance along the bar from `from`, its signed
 * distance across it, and the bar's length.
 */
function toShapeFrame(shape: Shape, x: number, y: number): void {
  if (shape.kind === 'ellipse') {
    const angle = shape.angle ?? 0;
    const dx = x - shape.centre[0];
    const dy = y - shape.centre[1];
    frame[0] = dx * Math.cos(angle) + dy * Math.sin(angle);
    frame[1] = -dx * Math.sin(angle) + dy * Math.cos(angle);
    return;
  }
  const [x0, y0] = shape.from;
  const [x1, y1] = shape.to;
  const length = Math.hypot(x1 - x0, y1 - y0);
  const ux = (x1 - x0) / length;
  const uy = (y1 - y0) / length;
  frame[0] = (x - x0) * ux + (y - y0) * uy;
  frame[1] = -(x - x0) * uy + (y - y0) * ux;
  frame[2] = length;
}

function contains(shape: Shape, x: number, y: number): boolean {
  toShapeFrame(shape, x, y);
  const [u, v, length] = frame as unknown as [number, number, number];
  if (shape.kind === 'ellipse') return (u / shape.a) ** 2 + (v / shape.b) ** 2 <= 1;
  return u >= 0 && u <= length && Math.abs(v) <= shape.width / 2;
}

function bounds(shape: Shape): [number, number, number, number] {
  if (shape.kind === 'ellipse') {
    const r = Math.max(shape.a, shape.b);
    return [shape.centre[0] - r, shape.centre[1] - r, shape.centre[0] + r, shape.centre[1] + r];
  }
  const r = shape.width;
  return [
    Math.min(shape.from[0], shape.to[0]) - r,
    Math.min(shape.from[1], shape.to[1]) - r,
    Math.max(shape.from[0], shape.to[0]) + r,
    Math.max(shape.from[1], shape.to[1]) + r,
  ];
}

function blurPatch(data: Float32Array, w: number, h: number, sigma: number): void {
  const radius = Math.ceil(3 * sigma);
  const kernel = new Float32Array(2 * radius + 1);
  let total = 0;
  for (let k = -radius; k <= radius; k++) {
    kernel[k + radius] = Math.exp(-(k * k) / (2 * sigma * sigma));
    total += kernel[k + radius]!;
  }
  for (let k = 0; k < kernel.length; k++) kernel[k] = kernel[k]! / total;
  const tmp = new Float32Array(w * h);
  convolveAlong(data, tmp, w, h, kernel, true);
  convolveAlong(tmp, data, w, h, kernel, false);
}

/**
 * One pass of a separable blur: `to` is `from` convolved with the odd-length `kernel` along
 * rows (`alongRows`) or along columns, the edge pixels repeated beyond the border.
 */
function convolveAlong(
  from: Float32Array,
  to: Float32Array,
  w: number,
  h: number,
  kernel: Float32Array,
  alongRows: boolean,
): void {
  const radius = (kernel.length - 1) / 2;
  // The run a pixel's neighbours lie along: its length and the step between them.
  const length = alongRows ? w : h;
  const step = alongRows ? 1 : w;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const start = alongRows ? y * w : x;
      const position = alongRows ? x : y;
      let s = 0;
      for (let k = -radius; k <= radius; k++) {
        const at = Math.min(length - 1, Math.max(0, position + k));
        s += kernel[k + radius]! * from[start + at * step]!;
      }
      to[y * w + x] = s;
    }
  }
}

/**
 * Where a pixel (unit square at x, y) stands with respect to a shape: 1 surely inside,
 * 0 surely outside, 0.5 on the edge (needs supersampling). Tested by the pixel centre
 * against the shape grown and shrunk by the pixel's half-diagonal.
 */
function classify(shape: Shape, x: number, y: number): number {
  const px = x + 0.5;
  const py = y + 0.5;
  const m = 0.7072;
  toShapeFrame(shape, px, py);
  const [u, v, length] = frame as unknown as [number, number, number];
  if (shape.kind === 'ellipse') {
    if ((u / (shape.a + m)) ** 2 + (v / (shape.b + m)) ** 2 > 1) return 0;
    if (shape.a > m && shape.b > m && (u / (shape.a - m)) ** 2 + (v / (shape.b - m)) ** 2 <= 1)
      return 1;
    return 0.5;
  }
  const along = u;
  const across = Math.abs(v);
  const half = shape.width / 2;
  if (along < -m || along > length + m || across > half + m) return 0;
  if (along >= m && along <= length - m && across <= half - m) return 1;
  return 0.5;
}

/** Ink coverage of one group over its bounding box (plus a blur margin), blurred. */
function coverage(group: Shape[], blur: number, width: number, height: number) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const boxes = group.map(bounds);
  for (const [a, b, c, d] of boxes) {
    x0 = Math.min(x0, a);
    y0 = Math.min(y0, b);
    x1 = Math.max(x1, c);
    y1 = Math.max(y1, d);
  }
  const margin = Math.ceil(3 * blur) + 2;
  const left = Math.max(0, Math.floor(x0) - margin);
  const top = Math.max(0, Math.floor(y0) - margin);
  const right = Math.min(width, Math.ceil(x1) + margin);
  const bottom = Math.min(height, Math.ceil(y1) + margin);
  const w = Math.max(0, right - left);
  const h = Math.max(0, bottom - top);
  const data = new Float32Array(w * h);
  // Each shape marks its own pixels: inside, or on an edge (to be supersampled).
  const state = new Uint8Array(w * h);
  for (const [k, shape] of group.entries()) {
    const [a, b, c, d] = boxes[k]!;
    for (let y = Math.max(top, Math.floor(b) - 1); y < Math.min(bottom, Math.ceil(d) + 1); y++) {
      for (let x = Math.max(left, Math.floor(a) - 1); x < Math.min(right, Math.ceil(c) + 1); x++) {
        const i = (y - top) * w + (x - left);
        if (state[i] === 2) continue;
        const where = classify(shape, x, y);
        if (where === 1) state[i] = 2;
        else if (where === 0.5) state[i] = 1;
      }
    }
  }
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (state[i] === 2) {
        data[i] = 1;
        continue;
      }
      if (state[i] === 0) continue;
      const px = left + x;
      const py = top + y;
      const near = group.filter((_, k) => {
        const [a, b, c, d] = boxes[k]!;
        return px + 1 >= a && px <= c && py + 1 >= b && py <= d;
      });
      let hits = 0;
      for (let j = 0; j < SUB; j++) {
        for (let i2 = 0; i2 < SUB; i2++) {
          const sx = px + (i2 + 0.5) / SUB;
          const sy = py + (j + 0.5) / SUB;
          if (near.some((s) => contains(s, sx, sy))) hits++;
        }
      }
      data[i] = hits / (SUB * SUB);
    }
  }
  if (blur > 0) blurPatch(data, w, h, blur);
  return { left, top, w, h, data };
}

/** The standard normal distribution function (Abramowitz-Stegun 7.1.26 via erf, |e| < 2e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t *
    (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** How much of a pixel the shade covers, 0-1, blurred by sigma (pixel area included). */
function shadeCoverage(shade: Shade, x: number, y: number, sigma: number): number {
  const nx = Math.cos(shade.normal);
  const ny = Math.sin(shade.normal);
  const d = (x - shade.through[0]) * nx + (y - shade.through[1]) * ny;
  if (shade.kind === 'half-plane') return normalCdf(d / sigma);
  const half = (shade.width ?? 0) / 2;
  return normalCdf((d + half) / sigma) - normalCdf((d - half) / sigma);
}

/** Renders the scene; grey in all three channels, opaque. */
export function render(spec: SceneSpec): RgbaImage {
  const { width, height } = spec;
  const paper = spec.paper ?? 0.85;
  const ink = spec.ink ?? 0.08;
  const light = (spec.light ?? 190) / paper;
  const [gx, gy] = spec.gradient ?? [0, 0];
  const [qxx, qxy, qyy] = spec.curvature ?? [0, 0, 0];
  const glare = spec.glare ?? 0;
  const blur = spec.blur ?? 0;
  const reflectance = new Float32Array(width * height).fill(paper);
  for (const group of spec.groups) {
    const patch = coverage(group, blur, width, height);
    for (let y = 0; y < patch.h; y++) {
      for (let x = 0; x < patch.w; x++) {
        const c = patch.data[y * patch.w + x]!;
        if (c <= 0) continue;
        const i = (patch.top + y) * width + patch.left + x;
        reflectance[i] = reflectance[i]! - (reflectance[i]! - ink) * Math.min(1, c);
      }
    }
  }
  const shades = spec.shades ?? [];
  const noise = spec.noise ?? 0;
  const normal = gaussian(random(spec.seed ?? 1));
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const X = x + 0.5 - width / 2;
      const Y = y + 0.5 - height / 2;
      const change = gx * X + gy * Y + qxx * X * X + qxy * X * Y + qyy * Y * Y;
      const illumination = light * (1 + (1 - glare) * change);
      let value = illumination * reflectance[i]! + light * paper * glare * change;
      for (const shade of shades) {
        // The pixel's own area spreads the edge like a box of variance 1/12.
        const sigma = Math.sqrt(blur * blur + (shade.softness ?? 0) ** 2 + 1 / 12);
        const c = shadeCoverage(shade, x + 0.5, y + 0.5, sigma);
        value =
          shade.reflectance !== undefined
            ? value * (1 - c) + illumination * shade.reflectance * c
            : value * (1 - (shade.depth ?? 1) * c);
      }
      if (noise > 0) value += noise * normal();
      const v = Math.round(Math.min(255, Math.max(0, value)));
      data[i * 4] = v;
      data[i * 4 + 1] = v;
      data[i * 4 + 2] = v;
      data[i * 4 + 3] = 255;
    }
  }
  return { width, height, data };
}

/** A disc of diameter d at a centre. */
export function disc(centre: Vec2, diameter: number): Ellipse {
  return { kind: 'ellipse', centre, a: diameter / 2, b: diameter / 2 };
}
