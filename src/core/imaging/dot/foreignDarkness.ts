// The dark pixels near a dot that belong to something else (a line, a shadow, another dot),
// which its centroid must leave out; its own blurred fringe stays in.
import { cropOf, pasteCrop } from '../raster/crop';
import { labelComponents, squaredDistance } from '../raster/morphology';

/**
 * Dark pixels that belong to something else: every faintly dark region outside the dot
 * that reaches well away from it (a line, a shadow, another dot) or does not touch it (a
 * speck). What hugs the dot and stays close is its own blurred fringe, and is kept.
 */
export function foreignDarkness(
  smooth: Float32Array,
  region: Uint8Array,
  w: number,
  h: number,
  low: number,
): Uint8Array {
  // Worked out within the box holding the dot and every faintly dark pixel, which gives
  // the same answer: distances to the dot are exact in any box holding all of it. For a
  // dot standing clear that box is little more than its fringe, and this went from 0.62
  // to 0.41 ms a dot on the 12 MP bench photo (Node).
  const box = darkBox(smooth, region, w, h, low);
  const foreign = new Uint8Array(w * h);
  if (box.w <= 0 || box.h <= 0) return foreign;
  const local = foreignIn(cropOf(smooth, w, box), cropOf(region, w, box), box.w, box.h, low);
  pasteCrop(local, foreign, w, box);
  return foreign;
}

/** The bounding box of the dot's pixels and of every pixel darker than `low`. */
function darkBox(smooth: Float32Array, region: Uint8Array, w: number, h: number, low: number) {
  let x0 = w;
  let y0 = h;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      if (region[i] === 0 && !(smooth[i]! > low)) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      y1 = y;
    }
  }
  return { x0, y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** foreignDarkness on a raster holding the whole dot and all faint darkness near it. */
function foreignIn(
  smooth: Float32Array,
  region: Uint8Array,
  w: number,
  h: number,
  low: number,
): Uint8Array {
  const toDot = squaredDistance(region, w, h, true);
  const candidates = new Uint8Array(w * h);
  for (let i = 0; i < candidates.length; i++) {
    candidates[i] = smooth[i]! > low && toDot[i]! > 1 ? 1 : 0;
  }
  const { labels, count } = labelComponents(candidates, w, h);
  const touches = new Uint8Array(count + 1);
  const escapes = new Uint8Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) continue;
    if (toDot[i]! <= 4.5) touches[l] = 1;
    if (toDot[i]! > FRINGE * FRINGE) escapes[l] = 1;
  }
  const foreign = new Uint8Array(w * h);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l !== 0 && (escapes[l] || !touches[l])) foreign[i] = 1;
  }
  return foreign;
}

/** How far (px) a dot's own blurred fringe may reach beyond its half-darkness outline. */
const FRINGE = 7;
