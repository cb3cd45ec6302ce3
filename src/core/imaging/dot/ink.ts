// What a dot's ink says of itself: the middle of its darkest part (the ink proper, which a
// line or shadow less dark than ink does not reach), and how its darkness follows uneven
// light across the dot.
import type { Vec2 } from '../../types';
import type { RegionShape } from '../raster/morphology';
import { labelComponents } from '../raster/morphology';
import type { Estimate } from './centroid';
import * as groundModule from './ground';
import type { RimLevels } from './outline/rimLevels';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { levelAt } = groundModule;

/**
 * The middle of the dot's ink proper: the pixels within reach of the segmented shape that
 * are nearly as dark as its ink (INK_CORE of the way from the light ground to the ink),
 * their largest connected part. A line or shadow the dot runs into is seldom as dark as
 * ink, and drops out where a half-darkness outline would take it in. Null when too little
 * is left to say where the dot is.
 */
export function inkCore(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  levels: RimLevels,
): Vec2 | null {
  const { light, ink } = levels;
  const reach = 1.5 * shape.a + 2;
  const x0 = Math.max(0, Math.floor(shape.cx - reach));
  const y0 = Math.max(0, Math.floor(shape.cy - reach));
  const x1 = Math.min(w - 1, Math.ceil(shape.cx + reach));
  const y1 = Math.min(h - 1, Math.ceil(shape.cy + reach));
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  if (bw < 3 || bh < 3) return null;
  const core = new Uint8Array(bw * bh);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (mask[y * w + x] !== 0) continue;
      const ground = light.c0 + light.cx * x + light.cy * y;
      if (!(ground > ink)) continue;
      if ((ground - grey[y * w + x]!) / (ground - ink) >= INK_CORE)
        core[(y - y0) * bw + x - x0] = 1;
    }
  }
  const { labels, count } = labelComponents(core, bw, bh);
  if (count === 0) return null;
  const size = new Int32Array(count + 1);
  const sx = new Float64Array(count + 1);
  const sy = new Float64Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) continue;
    size[l]!++;
    sx[l] = sx[l]! + (i % bw);
    sy[l] = sy[l]! + Math.floor(i / bw);
  }
  let best = 1;
  for (let l = 2; l <= count; l++) if (size[l]! > size[best]!) best = l;
  const n = size[best]!;
  if (n < 12) return null;
  return [x0 + sx[best]! / n + 0.5, y0 + sy[best]! / n + 0.5];
}

/** How dark, from the light ground (0) to the ink (1), a pixel of the ink core is. */
const INK_CORE = 0.85;

/** What is known, before looking, of how a dot's ink follows uneven light: as lighting
 * (1), with some added glare or tone curve pulling it towards 0. */
const RESPONSE_PRIOR = { value: 1, sigma: 0.5 };

/**
 * How the ink's darkness follows the light across the dot (Estimate.response), from the
 * dot's flat middle: there the darkness below the background plane is the contrast at the
 * centre times 1 + response (L / Lc - 1), a straight line in the light L. Its slope, with
 * its standard error from the scatter about the line, is combined with RESPONSE_PRIOR
 * (inverse-variance weights): a small dot, or light that hardly changes across the dot,
 * says little and keeps the prior, and then the centre hardly depends on it.
 */
export function inkResponse(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  estimate: Estimate,
  blur: number,
  noise: number,
): { value: number; sigma: number } {
  const prior = RESPONSE_PRIOR;
  // Inside the outline by the blur's reach and a pixel: the ink's own level.
  const margin = 1.5 + 2.5 * (blur > 0 ? blur : 1.2);
  const a = shape.a - margin;
  const b = shape.b - margin;
  if (!(b >= 2)) return prior;
  const { cx, cy, plane } = estimate;
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  const centreLevel = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
  let n = 0;
  let st = 0;
  let sd = 0;
  let stt = 0;
  let std = 0;
  let sdd = 0;
  for (let y = Math.max(0, Math.floor(cy - a)); y <= Math.min(h - 1, cy + a); y++) {
    for (let x = Math.max(0, Math.floor(cx - a)); x <= Math.min(w - 1, cx + a); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if ((u / a) ** 2 + (v / b) ** 2 > 1 || mask[y * w + x] !== 0) continue;
      const level = levelAt(plane, x, y);
      const t = level - centreLevel;
      const d = level - grey[y * w + x]!;
      n++;
      st += t;
      sd += d;
      stt += t * t;
      std += t * d;
      sdd += d * d;
    }
  }
  if (n < 12) return prior;
  const vt = stt - (st * st) / n;
  if (!(vt > 1e-9)) return prior;
  const slope = (std - (st * sd) / n) / vt;
  const contrast = sd / n - (slope * st) / n;
  if (!(contrast > 4 * noise)) return prior;
  const scatter = Math.max(0, sdd - (sd * sd) / n - slope * slope * vt) / Math.max(1, n - 2);
  const slopeSigma = Math.sqrt(Math.max(scatter, noise * noise) / vt);
  const measured = Math.min(1.5, Math.max(-0.5, (slope * centreLevel) / contrast));
  const sigma = (slopeSigma * centreLevel) / contrast;
  const wPrior = 1 / prior.sigma ** 2;
  const wMeasured = 1 / (sigma * sigma);
  return {
    value: (prior.value * wPrior + measured * wMeasured) / (wPrior + wMeasured),
    sigma: 1 / Math.sqrt(wPrior + wMeasured),
  };
}
