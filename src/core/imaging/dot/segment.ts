// Segmenting a dot near a point: the darkness below the local background in a window around
// it, thresholded at half its peak, and the nearest dark region that is a dot (or holds
// one). What it finds is handed on with the step that measures it.
import type { Vec2 } from '../../types';
import type { Plane } from '../raster/planeFit';
import { blackTopHat } from '../raster/topHat';
import { medianAndMad, noiseLevel } from '../raster/statistics';
import type { RgbaImage } from '../raster/image';
import { greyWindow } from '../raster/image';
import { labelComponents } from '../raster/morphology';
import type { RegionShape } from '../raster/morphology';
import { componentsByDistance, extractDot } from './extract';
import type { Extracted } from './extract';
import { measureDot } from './measure';
import { mergedDot } from './outline/merged';
import { reject } from './types';
import type { DotLimits, DotRejection, DotSearch } from './types';

/** A dot segmented near a point: its region's middle and size, and the measuring to run. */
export type Segmented =
  | { ok: true; middle: Vec2; major: number; minor: number; finish: () => DotSearch }
  | { ok: false; reason: DotRejection; message: string };

export function segmentDot(image: RgbaImage, near: Vec2, o: DotLimits): Segmented {
  const [px, py] = near;
  if (
    !Number.isFinite(px) ||
    !Number.isFinite(py) ||
    px < 0 ||
    py < 0 ||
    px > image.width ||
    py > image.height
  ) {
    return reject('outside');
  }
  const half = Math.ceil(o.radius + 0.6 * o.maxDiameter + 12);
  const win = greyWindow(image, px - half, py - half, px + half, py + half);
  const { width: w, height: h, data: grey } = win;
  if (w < 3 || h < 3) return reject('outside');
  const nx = px - win.x0;
  const ny = py - win.y0;

  const noise = Math.max(noiseLevel(grey, w, h), 0.5);
  const background = segmentationBackground(grey);
  const smooth = boxBlur3(blackTopHat(grey, w, h, 1.2 * o.maxDiameter + 3), w, h);
  // The closing rides on the bright tips of the surface texture: take its typical darkness
  // as zero, and its spread as the level that counts as "something dark".
  const sample = new Float32Array(Math.ceil(smooth.length / 3));
  for (let i = 0, k = 0; i < smooth.length; i += 3) sample[k++] = smooth[i]!;
  const { median: base, mad } = medianAndMad(sample, sample.length);
  for (let i = 0; i < smooth.length; i++) smooth[i] = smooth[i]! - base;
  const texture = 1.4826 * mad;

  const r2 = o.radius * o.radius;
  let peak = -Infinity;
  const top = Math.max(0, Math.floor(ny - o.radius));
  const bottom = Math.min(h - 1, Math.ceil(ny + o.radius));
  const left = Math.max(0, Math.floor(nx - o.radius));
  const right = Math.min(w - 1, Math.ceil(nx + o.radius));
  for (let y = top; y <= bottom; y++) {
    const dy = y + 0.5 - ny;
    for (let x = left; x <= right; x++) {
      const dx = x + 0.5 - nx;
      if (dx * dx + dy * dy <= r2 && smooth[y * w + x]! > peak) peak = smooth[y * w + x]!;
    }
  }
  if (!(peak >= Math.max(o.minContrast, 5 * noise, 5 * texture))) return reject('flat');

  const threshold = peak / 2;
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) mask[i] = smooth[i]! > threshold ? 1 : 0;
  const { labels, count } = labelComponents(mask, w, h);
  const minArea = Math.max(4, 0.5 * Math.PI * (o.minDiameter / 2) ** 2);
  // The nearest dark region first; if it is no dot (a line beside the dot, a tick), the next.
  let dot: Extracted = { reason: 'no-dot' };
  let firstFailure: DotRejection | null = null;
  const nearest = componentsByDistance(labels, count, w, h, nx, ny, minArea, o.radius);
  // No threshold or opening cuts a dot free of a dark area wider than itself: such a dot
  // is found from the part of its outline that borders lighter ground, if that is most of
  // it. Tried at once for the dark region the point lies on (the user clicked that dot),
  // else only after the regions further away, as a last resort. A dot there whose outline
  // borders lighter ground less than half way round is refused as such: its shape, and so
  // its centre, is unclear.
  let partial = false;
  const tryMerged = (
    label: number,
    reason: DotRejection,
  ): { region: Uint8Array; shape: RegionShape } | null => {
    if (reason !== 'not-dot-shaped' && reason !== 'too-large') return null;
    const component = new Uint8Array(w * h);
    for (let i = 0; i < component.length; i++) component[i] = labels[i] === label ? 1 : 0;
    const merged = mergedDot(grey, w, h, component, nx, ny, noise, o);
    if (merged !== 'partial') return merged;
    partial = true;
    return null;
  };
  const onRegion = (label: number) => {
    const x = Math.min(w - 1, Math.max(0, Math.floor(nx)));
    const y = Math.min(h - 1, Math.max(0, Math.floor(ny)));
    return labels[y * w + x] === label;
  };
  for (const chosen of nearest) {
    dot = extractDot(labels, chosen, w, h, nx, ny, o, minArea);
    if (!('reason' in dot)) break;
    const failure =
      dot.reason !== 'too-large' && onImageEdge(labels, chosen, win, image)
        ? 'cut-by-edge'
        : dot.reason;
    firstFailure ??= failure;
    if (chosen === nearest[0] && onRegion(chosen)) {
      const merged = tryMerged(chosen, failure);
      if (merged) {
        dot = merged;
        break;
      }
    }
  }
  let found = 'reason' in dot ? null : dot;
  if ('reason' in dot) {
    const failure = firstFailure ?? dot.reason;
    const first = nearest[0];
    found = first !== undefined && !onRegion(first) ? tryMerged(first, failure) : null;
    if (!found) return reject(partial ? 'shape-unclear' : failure);
  }
  if (!found) return reject('no-dot');
  const { region, shape } = found;

  // A dot cut by the photo's edge has no symmetric centre.
  const touchesImageEdge =
    (shape.minX === 0 && win.x0 === 0) ||
    (shape.minY === 0 && win.y0 === 0) ||
    (shape.maxX === w - 1 && win.x0 + w === image.width) ||
    (shape.maxY === h - 1 && win.y0 + h === image.height);
  if (touchesImageEdge) return reject('cut-by-edge');

  return {
    ok: true,
    middle: [shape.cx + win.x0, shape.cy + win.y0],
    major: 2 * shape.a,
    minor: 2 * shape.b,
    finish: () =>
      measureDot(grey, smooth, region, shape, win, background, noise, texture, peak, nx, ny, o),
  };
}

/** Whether a labelled region reaches a side of the window that is the photo's edge. */
function onImageEdge(
  labels: Int32Array,
  label: number,
  win: { x0: number; y0: number; width: number; height: number },
  image: RgbaImage,
): boolean {
  const { width: w, height: h } = win;
  const at = (x: number, y: number) => labels[y * w + x] === label;
  for (let x = 0; x < w; x++) {
    if (win.y0 === 0 && at(x, 0)) return true;
    if (win.y0 + h === image.height && at(x, h - 1)) return true;
  }
  for (let y = 0; y < h; y++) {
    if (win.x0 === 0 && at(0, y)) return true;
    if (win.x0 + w === image.width && at(w - 1, y)) return true;
  }
  return false;
}

/** A level background at the window's median grey: the centre's fallback only. */
function segmentationBackground(grey: Float32Array): Plane {
  const step = Math.max(1, Math.floor(grey.length / 2000));
  const sample = new Float32Array(Math.ceil(grey.length / step));
  let n = 0;
  for (let i = 0; i < grey.length; i += step) sample[n++] = grey[i]!;
  return { c0: medianAndMad(sample, n).median, cx: 0, cy: 0 };
}

function boxBlur3(src: Float32Array, w: number, h: number): Float32Array {
  const tmp = new Float32Array(w * h);
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) {
      const l = x > 0 ? src[row + x - 1]! : src[row + x]!;
      const r = x + 1 < w ? src[row + x + 1]! : src[row + x]!;
      tmp[row + x] = (l + src[row + x]! + r) / 3;
    }
  }
  for (let y = 0; y < h; y++) {
    const up = y > 0 ? y - 1 : y;
    const down = y + 1 < h ? y + 1 : y;
    for (let x = 0; x < w; x++) {
      out[y * w + x] = (tmp[up * w + x]! + tmp[y * w + x]! + tmp[down * w + x]!) / 3;
    }
  }
  return out;
}
