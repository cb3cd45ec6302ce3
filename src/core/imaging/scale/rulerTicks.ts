// Scale help: the spacing of the tick marks between the two scale points, measured from
// the pixels, so the px/mm it implies can be set beside the scale length the user entered.
import type { Vec2 } from '../../types';
import * as bilinearModule from '../raster/bilinear';
import { greyWindow } from '../raster/image';
import type { RgbaImage } from '../raster/image';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { bilinear } = bilinearModule;

export interface RulerOptions {
  /** Half-width of the strip averaged across the line, px (default 3). */
  halfWidth?: number;
  /** Shortest and longest tick spacing looked for, px (defaults 2.5 and a quarter of the line). */
  minSpacing?: number;
  maxSpacing?: number;
}

export interface TickMeasurement {
  /** Distance between neighbouring ticks along the line, px. */
  spacing: number;
  /** How many tick spacings fit between the two points. */
  ticks: number;
  /** Distance between the two points, px. */
  length: number;
  /** Height of the spectral peak over the typical level: above ~10 is a clear ruler. */
  strength: number;
}

export type TickSearch =
  | ({ ok: true } & TickMeasurement)
  | { ok: false; reason: 'too-short' | 'no-ticks'; message: string };

/** The periodogram peak must stand this far above the median level. */
const CLEAR = 20;

/** Tick spacing along s1-s2, or null when there are no regular ticks there. */
export function measureRulerTicks(
  image: RgbaImage,
  s1: Vec2,
  s2: Vec2,
  options?: RulerOptions,
): TickMeasurement | null {
  const found = findRulerTicks(image, s1, s2, options);
  return found.ok
    ? { spacing: found.spacing, ticks: found.ticks, length: found.length, strength: found.strength }
    : null;
}

/** As measureRulerTicks, but says why when nothing is measured. */
export function findRulerTicks(
  image: RgbaImage,
  s1: Vec2,
  s2: Vec2,
  options?: RulerOptions,
): TickSearch {
  const length = Math.hypot(s2[0] - s1[0], s2[1] - s1[1]);
  if (!(length >= 20)) {
    return {
      ok: false,
      reason: 'too-short',
      message: 'The scale points are too close together to count ruler ticks between them.',
    };
  }
  const halfWidth = options?.halfWidth ?? 3;
  const minSpacing = Math.max(2, options?.minSpacing ?? 2.5);
  // A ruler shows many ticks between two marks: at least eight spacings.
  const maxSpacing = Math.min(options?.maxSpacing ?? length / 8, length / 3);
  const profile = sampleProfile(image, s1, s2, length, halfWidth);
  const peak = strongestPeriod(profile, STEP, minSpacing, maxSpacing);
  if (!peak || peak.strength < CLEAR || peak.regularity < 0.4) {
    return {
      ok: false,
      reason: 'no-ticks',
      message: 'No regular tick marks found between the scale points.',
    };
  }
  return {
    ok: true,
    spacing: peak.period,
    ticks: length / peak.period,
    length,
    strength: peak.strength,
  };
}

/** Profile samples per pixel of line length. */
const STEP = 0.5;

/** Profile samples read from one grey window: a stretch of the line this many samples long. */
const PIECE = 64;

/**
 * Grey values along the line every STEP px, each the mean across a strip 2 * halfWidth + 1
 * wide. The strip is read a piece at a time from a grey window just holding that piece, so a
 * long ruler across a large photo costs what its strip does.
 */
function sampleProfile(
  image: RgbaImage,
  s1: Vec2,
  s2: Vec2,
  length: number,
  halfWidth: number,
): Float64Array {
  const ux = (s2[0] - s1[0]) / length;
  const uy = (s2[1] - s1[1]) / length;
  const n = Math.floor(length / STEP) + 1;
  const profile = new Float64Array(n);
  const across = Math.max(0, Math.round(halfWidth));
  // Every sample of a piece lies within `reach` px of the line between its two ends.
  const reach = across + 2;
  for (let first = 0; first < n; first += PIECE) {
    const last = Math.min(n, first + PIECE) - 1;
    const ax = s1[0] + first * STEP * ux;
    const ay = s1[1] + first * STEP * uy;
    const bx = s1[0] + last * STEP * ux;
    const by = s1[1] + last * STEP * uy;
    // At least two columns and rows of the photo, so a piece past its edge reads the edge.
    const left = Math.max(0, Math.min(Math.floor(Math.min(ax, bx) - reach), image.width - 2));
    const top = Math.max(0, Math.min(Math.floor(Math.min(ay, by) - reach), image.height - 2));
    const right = Math.max(Math.ceil(Math.max(ax, bx) + reach), left + 2);
    const bottom = Math.max(Math.ceil(Math.max(ay, by) + reach), top + 2);
    const win = greyWindow(image, left, top, right, bottom);
    for (let i = first; i <= last; i++) {
      const t = i * STEP;
      let sum = 0;
      for (let k = -across; k <= across; k++) {
        const fx = s1[0] + t * ux - k * uy;
        const fy = s1[1] + t * uy + k * ux;
        sum += bilinear(win.data, win.width, win.height, fx - 0.5 - win.x0, fy - 0.5 - win.y0);
      }
      profile[i] = sum / (2 * across + 1);
    }
  }
  return profile;
}

/**
 * The period (px) with the most power in the detrended, windowed profile, searched on a
 * frequency grid four times finer than the profile resolves and refined by a parabola
 * through the peak; strength is its power over the median power of the grid.
 */
function strongestPeriod(
  profile: Float64Array,
  step: number,
  minPeriod: number,
  maxPeriod: number,
): { period: number; strength: number; regularity: number } | null {
  const n = profile.length;
  // Remove the slow trend (lighting, the ruler's edge) with a running mean two periods wide.
  const x = new Float64Array(n);
  const half = Math.max(1, Math.round(maxPeriod / step));
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! + profile[i]!;
  for (let i = 0; i < n; i++) {
    const lo = Math.max(0, i - half);
    const hi = Math.min(n, i + half + 1);
    const hann = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    x[i] = (profile[i]! - (prefix[hi]! - prefix[lo]!) / (hi - lo)) * hann;
  }
  const length = n * step;
  const fLow = 1 / maxPeriod;
  const fHigh = 1 / minPeriod;
  const df = 1 / (4 * length);
  const count = Math.max(3, Math.ceil((fHigh - fLow) / df));
  const power = new Float64Array(count);
  for (let j = 0; j < count; j++) {
    const f = fLow + j * df;
    // Rotate a phasor instead of calling cos/sin per sample.
    const c1 = Math.cos(2 * Math.PI * f * step);
    const s1 = Math.sin(2 * Math.PI * f * step);
    let c = 1;
    let s = 0;
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += x[i]! * c;
      im -= x[i]! * s;
      const nc = c * c1 - s * s1;
      s = s * c1 + c * s1;
      c = nc;
    }
    power[j] = re * re + im * im;
  }
  let best = 0;
  for (let j = 1; j < count; j++) if (power[j]! > power[best]!) best = j;
  const sorted = Float64Array.from(power).sort();
  const median = sorted[Math.floor(count / 2)]!;
  if (!(median > 0)) return null;
  let offset = 0;
  if (best > 0 && best < count - 1) {
    const a = power[best - 1]!;
    const b = power[best]!;
    const c = power[best + 1]!;
    const denominator = a - 2 * b + c;
    if (denominator < 0) offset = (0.5 * (a - c)) / denominator;
  }
  const f = fLow + (best + offset) * df;
  const period = 1 / f;
  return { period, strength: power[best]! / median, regularity: correlationAt(x, period / step) };
}

/** Normalised autocorrelation of a zero-mean signal at a fractional lag (linear interpolation). */
function correlationAt(x: Float64Array, lag: number): number {
  const n = x.length;
  const whole = Math.floor(lag);
  const frac = lag - whole;
  let num = 0;
  let a2 = 0;
  let b2 = 0;
  for (let i = 0; i + whole + 1 < n; i++) {
    const a = x[i]!;
    const b = (1 - frac) * x[i + whole]! + frac * x[i + whole + 1]!;
    num += a * b;
    a2 += a * a;
    b2 += b * b;
  }
  return a2 > 0 && b2 > 0 ? num / Math.sqrt(a2 * b2) : 0;
}

/** The tick spacings rulers commonly carry, mm. */
export const TICK_SIZES_MM: readonly number[] = [0.5, 1, 2, 5, 10];

export interface ScaleCheck {
  /** The tick size (mm) that best explains the measured spacing and the entered length. */
  tickMm: number;
  /** px per mm from the ticks, and from the scale points with the entered length. */
  pxPerMmFromTicks: number;
  pxPerMmEntered: number;
  /** Relative difference between the two. */
  difference: number;
  /** The length (mm) the ticks say lies between the two scale points. */
  measuredLength: number;
  agrees: boolean;
}

/**
 * Compares the scale the ticks imply with the one the user entered, taking the tick size
 * (0.5 mm, 1 mm, ...) that agrees best; `tolerance` is the relative difference still
 * called agreement (default 2 %).
 */
export function checkScale(
  measurement: TickMeasurement,
  scaleLength: number,
  tolerance = 0.02,
  tickSizes: readonly number[] = TICK_SIZES_MM,
): ScaleCheck | null {
  if (!(scaleLength > 0) || !(measurement.spacing > 0) || tickSizes.length === 0) return null;
  const entered = measurement.length / scaleLength;
  let bestCheck: ScaleCheck | null = null;
  for (const tickMm of tickSizes) {
    const fromTicks = measurement.spacing / tickMm;
    const difference = Math.abs(fromTicks - entered) / entered;
    if (!bestCheck || difference < bestCheck.difference) {
      bestCheck = {
        tickMm,
        pxPerMmFromTicks: fromTicks,
        pxPerMmEntered: entered,
        difference,
        measuredLength: measurement.ticks * tickMm,
        agrees: difference <= tolerance,
      };
    }
  }
  return bestCheck;
}
