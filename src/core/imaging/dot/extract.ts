// The dot's own pixels within a dark region: the region itself when it is dot-shaped,
// otherwise the dot-shaped part a disc opening leaves of it, cut free of a thinner line or
// shadow that touches it.
import { pasteCrop, cropOf } from '../raster/crop';
import {
  dilate,
  labelComponents,
  movedShape,
  openByDisc,
  regionShape,
  squaredDistance,
} from '../raster/morphology';
import type { RegionShape } from '../raster/morphology';
import type { DotLimits, DotRejection } from './types';

/** Up to three labels of regions of at least minArea reaching within `radius`, nearest first. */
export function componentsByDistance(
  labels: Int32Array,
  count: number,
  w: number,
  h: number,
  nx: number,
  ny: number,
  minArea: number,
  radius: number,
): number[] {
  const best = new Float64Array(count + 1).fill(Infinity);
  const area = new Int32Array(count + 1);
  for (let y = 0; y < h; y++) {
    const dy = y + 0.5 - ny;
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x]!;
      if (l === 0) continue;
      area[l] = area[l]! + 1;
      const dx = x + 0.5 - nx;
      const d = dx * dx + dy * dy;
      if (d < best[l]!) best[l] = d;
    }
  }
  const found: number[] = [];
  for (let l = 1; l <= count; l++) {
    if (area[l]! >= minArea && best[l]! <= radius * radius) found.push(l);
  }
  return found.sort((a, b) => best[a]! - best[b]!).slice(0, 3);
}

export type Extracted = { region: Uint8Array; shape: RegionShape } | { reason: DotRejection };

function isDotShaped(
  shape: RegionShape,
  o: DotLimits,
  minArea: number,
  w: number,
  h: number,
  dx = 0,
  dy = 0,
) {
  if (
    shape.minX + dx === 0 ||
    shape.minY + dy === 0 ||
    shape.maxX + dx === w - 1 ||
    shape.maxY + dy === h - 1
  )
    return false;
  return (
    shape.area >= minArea &&
    shape.area <= 1.3 * Math.PI * (o.maxDiameter / 2) ** 2 &&
    shape.a <= o.maxElongation * shape.b &&
    shape.fill >= 0.8
  );
}

/**
 * The dot's own pixels within the chosen dark region: the region itself when it is
 * dot-shaped, otherwise the dot-shaped part left after opening it by a disc (worked out
 * within the region's bounding box).
 */
export function extractDot(
  labels: Int32Array,
  chosen: number,
  w: number,
  h: number,
  nx: number,
  ny: number,
  o: DotLimits,
  minArea: number,
): Extracted {
  const component = new Uint8Array(w * h);
  for (let i = 0; i < component.length; i++) component[i] = labels[i] === chosen ? 1 : 0;
  const shape = regionShape(component, w, h, 1)!;
  if (isDotShaped(shape, o, minArea, w, h)) return { region: component, shape };
  const x0 = Math.max(0, shape.minX - 2);
  const y0 = Math.max(0, shape.minY - 2);
  const bw = Math.min(w, shape.maxX + 3) - x0;
  const bh = Math.min(h, shape.maxY + 3) - y0;
  const box = { x0, y0, w: bw, h: bh };
  const local = cropOf(component, w, box);
  const found = openedDot(local, bw, bh, nx - x0, ny - y0, o, minArea, shape, (part) =>
    isDotShaped(part, o, minArea, w, h, x0, y0),
  );
  if ('reason' in found) return found;
  const region = new Uint8Array(w * h);
  pasteCrop(found.region, region, w, box);
  return { region, shape: movedShape(found.shape, x0, y0) };
}

/** The dot-shaped part of a region opened by a disc, in the region's own raster. */
function openedDot(
  component: Uint8Array,
  w: number,
  h: number,
  nx: number,
  ny: number,
  o: DotLimits,
  minArea: number,
  shape: RegionShape,
  dotShaped: (part: RegionShape) => boolean,
): Extracted {
  const inside = squaredDistance(component, w, h);
  // The dot's thickness: that of the thickest part close to the point first (a dot beside
  // a broad dark area), then of the thickest part within reach.
  const thickness = (reach: number) => {
    let thickest = 0;
    for (let y = 0; y < h; y++) {
      const dy = y + 0.5 - ny;
      for (let x = 0; x < w; x++) {
        const dx = x + 0.5 - nx;
        const d = inside[y * w + x]!;
        if (d > thickest && dx * dx + dy * dy <= reach * reach) thickest = d;
      }
    }
    return Math.sqrt(thickest);
  };
  const local = thickness(Math.max(3, o.radius / 4));
  const wide = thickness(o.radius);
  let failure: DotRejection =
    shape.area > 1.3 * Math.PI * (o.maxDiameter / 2) ** 2 ? 'too-large' : 'not-dot-shaped';
  const tries = [0.5, 0.65, 0.8].map((k) => k * local);
  if (wide > 1.2 * local) tries.push(...[0.5, 0.65, 0.8].map((k) => k * wide));
  for (const radius of tries) {
    if (radius < 1.2) continue;
    const opened = openByDisc(component, w, h, radius, inside);
    const { labels: parts, count } = labelComponents(opened, w, h);
    // The part nearest the point, whatever its distance.
    const part = componentsByDistance(parts, count, w, h, nx, ny, minArea, Infinity)[0] ?? 0;
    if (part === 0) continue;
    const core = regionShape(parts, w, h, part)!;
    if (!dotShaped(core)) continue;
    // The dot: the core grown back by a pixel (the opening trims the tips of an elongated
    // dot a little); the rest of the region must be thin beside it. A glyph opened at a
    // stroke junction leaves a small blob among strokes nearly as thick as the blob.
    const coreMask = new Uint8Array(w * h);
    let coreThickness = 0;
    for (let i = 0; i < coreMask.length; i++) {
      if (parts[i] !== part) continue;
      coreMask[i] = 1;
      if (inside[i]! > coreThickness) coreThickness = inside[i]!;
    }
    const grown = dilate(coreMask, w, h, 1);
    const region = new Uint8Array(w * h);
    const residual = new Uint8Array(w * h);
    for (let i = 0; i < region.length; i++) {
      if (component[i] === 0) continue;
      if (grown[i] !== 0) region[i] = 1;
      else residual[i] = 1;
    }
    const residualInside = squaredDistance(residual, w, h);
    let residualThickness = 0;
    for (let i = 0; i < residual.length; i++) {
      if (residualInside[i]! > residualThickness) residualThickness = residualInside[i]!;
    }
    // Thinner than the dot: a line or shadow edge; thicker: a broad dark area beside it.
    const ratio = Math.sqrt(residualThickness / coreThickness);
    if (ratio > 0.6 && ratio <= 1.05) {
      failure = 'not-dot-shaped';
      continue;
    }
    const dotShape = regionShape(region, w, h, 1);
    if (!dotShape) continue;
    return { region, shape: dotShape };
  }
  return { reason: failure };
}
