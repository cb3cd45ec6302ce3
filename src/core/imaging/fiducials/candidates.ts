// Dot candidates over a whole photo, found on a block-averaged grey copy so a 12 MP image
// costs one pass over its bytes: dark, compact, filled blobs of plausible size. Ruler
// ticks (elongated), text (not filled) and specks (too small) are dropped here or score low.
import { blackTopHat } from '../raster/topHat';
import { medianAndMad } from '../raster/statistics';
import {
  dilate,
  labelComponents,
  openByDisc,
  regionShape,
  shapeFromMoments,
  squaredDistance,
} from '../raster/morphology';
import type { RegionShape } from '../raster/morphology';
import { downscaleGrey, searchFactor } from '../raster/image';
import type { DownscaledGrey, RgbaImage } from '../raster/image';
import type { Vec2 } from '../../types';

export interface CandidateOptions {
  /** Smallest and largest dot diameter to look for, full-resolution px (defaults 8 and 120). */
  minDiameter?: number;
  maxDiameter?: number;
  /** Long side of the search copy, px (default 800): larger finds smaller dots, slower.
   * Dots need a diameter of about 2.5 blocks of the copy (12 px on a 4000 px photo). */
  searchSize?: number;
}

/** A dark blob that may be a marker dot, in full-resolution image pixels. */
export interface DotCandidate {
  centre: Vec2;
  /** Diameter of the disc of the same area, px. */
  diameter: number;
  /** Long over short axis of its moment ellipse. */
  elongation: number;
  /** Area over its moment ellipse's area: near 1 for a filled disc or ellipse. */
  fill: number;
  /** Darkness below the local background, grey levels. */
  contrast: number;
  /** Cut free from a line or shadow it touched. */
  touching: boolean;
  /** How dot-like, 0-1. */
  score: number;
}

export interface CandidateSearch {
  candidates: DotCandidate[];
  /** The block factor of the search copy. */
  factor: number;
}

const MAX_ELONGATION = 6;
/**
 * Block size of the closing that sets the background of the search copy, copy px. Four
 * is a quarter of the filter work of two (the whole search of a 12 MP photo went from 31
 * to 25 ms here), and the background here only thresholds the blobs: every candidate is
 * located again at full resolution, with its own background, before it counts.
 */
const GRAIN = 4;

/** Candidates, best first. */
export function findCandidates(image: RgbaImage, options?: CandidateOptions): CandidateSearch {
  const minDiameter = options?.minDiameter ?? 8;
  const maxDiameter = options?.maxDiameter ?? 120;
  const factor = searchFactor(image, options?.searchSize ?? 800);
  const grey = downscaleGrey(image, factor);
  return { candidates: candidatesIn(grey, minDiameter / factor, maxDiameter / factor), factor };
}

function candidatesIn(grey: DownscaledGrey, minD: number, maxD: number): DotCandidate[] {
  const { width: w, height: h, data, factor } = grey;
  if (w < 8 || h < 8) return [];
  const dark = blackTopHat(data, w, h, 1.2 * maxD + 3, GRAIN);
  // The closing rides on the bright tips of the texture: its typical darkness is zero.
  const step = Math.max(1, Math.floor((w * h) / 50000));
  const sample = new Float32Array(Math.ceil((w * h) / step));
  let n = 0;
  for (let i = 0; i < dark.length; i += step) sample[n++] = dark[i]!;
  const { median: base, mad } = medianAndMad(sample, n);
  const texture = Math.max(1.4826 * mad, 1);
  const floor = base + Math.max(20, 6 * texture);
  const mask = new Uint8Array(w * h);
  for (let i = 0; i < mask.length; i++) mask[i] = dark[i]! > floor ? 1 : 0;
  const { labels, count } = labelComponents(mask, w, h);
  const stats = componentStats(labels, count, dark, w, h);
  const minArea = Math.max(3, 0.8 * Math.PI * (minD / 2) ** 2);
  const maxArea = 1.5 * Math.PI * (maxD / 2) ** 2;
  const found: DotCandidate[] = [];
  for (let l = 1; l <= count; l++) {
    const s = stats[l]!;
    if (s.area < minArea || s.area > 40 * maxArea) continue;
    // Each blob at half its own peak darkness: a dot then stands apart from a paler shadow.
    for (const part of split(labels, l, dark, base, s, w, h, minArea)) {
      const shape = part.shape;
      if (shape.area < minArea || shape.area > maxArea) continue;
      if (shape.minX === 0 || shape.minY === 0 || shape.maxX === w - 1 || shape.maxY === h - 1)
        continue;
      const elongation = shape.a / shape.b;
      if (elongation > MAX_ELONGATION || shape.fill < 0.7) continue;
      const contrast = part.peak - base;
      found.push({
        centre: [shape.cx * factor, shape.cy * factor],
        diameter: 2 * Math.sqrt(shape.area / Math.PI) * factor,
        elongation,
        fill: shape.fill,
        contrast,
        touching: part.touching,
        // A piece cut from a larger dark shape is less surely a dot than a blob on its own.
        score: dotLikeness(shape.fill, elongation, contrast, texture) * (part.touching ? 0.85 : 1),
      });
    }
  }
  return found.sort((a, b) => b.score - a.score);
}

/** 0-1: filled, round, dark. Flattened dots (up to 4:1) still score well. */
function dotLikeness(fill: number, elongation: number, contrast: number, texture: number): number {
  const filled = Math.min(1, Math.max(0, (fill - 0.7) / 0.2));
  const round = elongation <= 2 ? 1 : Math.max(0, 1 - (elongation - 2) / (MAX_ELONGATION - 1));
  const dark = Math.min(1, contrast / Math.max(60, 12 * texture));
  return filled * (0.4 + 0.6 * round) * dark;
}

interface Stats {
  area: number;
  peak: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

function componentStats(
  labels: Int32Array,
  count: number,
  dark: Float32Array,
  w: number,
  h: number,
): Stats[] {
  const stats: Stats[] = Array.from({ length: count + 1 }, () => ({
    area: 0,
    peak: -Infinity,
    minX: w,
    minY: h,
    maxX: -1,
    maxY: -1,
  }));
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const l = labels[y * w + x]!;
      if (l === 0) continue;
      const s = stats[l]!;
      s.area++;
      const d = dark[y * w + x]!;
      if (d > s.peak) s.peak = d;
      if (x < s.minX) s.minX = x;
      if (x > s.maxX) s.maxX = x;
      if (y < s.minY) s.minY = y;
      if (y > s.maxY) s.maxY = y;
    }
  }
  return stats;
}

interface Part {
  shape: RegionShape;
  peak: number;
  touching: boolean;
}

/**
 * The dot-shaped parts of one blob: its pixels darker than half its peak, as regions; a
 * region that is not dot-shaped is opened by a disc half its thickness, which cuts a dot
 * free from a thinner line touching it.
 */
function split(
  labels: Int32Array,
  label: number,
  dark: Float32Array,
  base: number,
  s: Stats,
  w: number,
  h: number,
  minArea: number,
): Part[] {
  const x0 = Math.max(0, s.minX - 1);
  const y0 = Math.max(0, s.minY - 1);
  const bw = Math.min(w, s.maxX + 2) - x0;
  const bh = Math.min(h, s.maxY + 2) - y0;
  const half = base + (s.peak - base) / 2;
  const mask = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const i = (y0 + y) * w + x0 + x;
      mask[y * bw + x] = labels[i] === label && dark[i]! > half ? 1 : 0;
    }
  }
  const parts: Part[] = [];
  const { labels: sub, count } = labelComponents(mask, bw, bh);
  const regions = subRegions(sub, count, dark, bw, bh, x0, y0, w);
  for (let l = 1; l <= count; l++) {
    const region = regions[l]!;
    if (region.area === 0) continue;
    const shape = shapeFromMoments(
      region.area,
      region.sx,
      region.sy,
      region.sxx,
      region.sxy,
      region.syy,
      region.minX,
      region.minY,
      region.maxX,
      region.maxY,
    );
    if (shape.area < minArea) continue;
    const peak = region.peak;
    if (shape.fill >= 0.8 && shape.a <= MAX_ELONGATION * shape.b) {
      parts.push({ shape, peak, touching: false });
      continue;
    }
    if (shape.area > 20000) continue;
    // The opening only ever looks at this region's own pixels: it runs on their bounding
    // box, not the whole blob's (on the demo photos a blob's box held six to twelve times
    // the pixels of its regions' boxes, and the openings took most of the candidate search).
    const box = {
      x0: region.minX - x0,
      y0: region.minY - y0,
      w: region.maxX - region.minX + 1,
      h: region.maxY - region.minY + 1,
    };
    for (const piece of opened(sub, l, bw, box, x0, y0, minArea)) {
      parts.push({ shape: piece, peak, touching: true });
    }
  }
  return parts;
}

/** Pixel sums, extent (image px) and darkest value of a labelled region. */
interface SubRegion {
  area: number;
  sx: number;
  sy: number;
  sxx: number;
  sxy: number;
  syy: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  peak: number;
}

/**
 * Every region's sums in one pass over the box (indexed by label), rather than one pass
 * per region: a blob cut into dozens of regions (a ruler's comb) cost dozens of passes.
 */
function subRegions(
  labels: Int32Array,
  count: number,
  dark: Float32Array,
  bw: number,
  bh: number,
  x0: number,
  y0: number,
  w: number,
): SubRegion[] {
  const regions: SubRegion[] = Array.from({ length: count + 1 }, () => ({
    area: 0,
    sx: 0,
    sy: 0,
    sxx: 0,
    sxy: 0,
    syy: 0,
    minX: Infinity,
    minY: Infinity,
    maxX: -1,
    maxY: -1,
    peak: -Infinity,
  }));
  for (let y = 0; y < bh; y++) {
    const gy = y + y0;
    for (let x = 0; x < bw; x++) {
      const l = labels[y * bw + x]!;
      if (l === 0) continue;
      const r = regions[l]!;
      const gx = x + x0;
      r.area++;
      r.sx += gx;
      r.sy += gy;
      r.sxx += gx * gx;
      r.sxy += gx * gy;
      r.syy += gy * gy;
      if (gx < r.minX) r.minX = gx;
      if (gx > r.maxX) r.maxX = gx;
      if (gy < r.minY) r.minY = gy;
      if (gy > r.maxY) r.maxY = gy;
      const d = dark[gy * w + gx]!;
      if (d > r.peak) r.peak = d;
    }
  }
  return regions;
}

/**
 * Dot-shaped pieces left when a region is opened by a disc of half its thickness, kept
 * only where what the opening removed is clearly thinner than the piece (a line or shadow
 * edge), not about as thick (the other teeth of a ruler's comb of ticks, a glyph's strokes).
 */
function opened(
  labels: Int32Array,
  label: number,
  stride: number,
  box: { x0: number; y0: number; w: number; h: number },
  blobX0: number,
  blobY0: number,
  minArea: number,
): RegionShape[] {
  // Exactly the answer over the whole blob: outside the region's box there is none of the
  // region, and the distance transforms count beyond their raster as outside the region.
  const bw = box.w;
  const bh = box.h;
  const x0 = blobX0 + box.x0;
  const y0 = blobY0 + box.y0;
  const region = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    const from = (box.y0 + y) * stride + box.x0;
    for (let x = 0; x < bw; x++) region[y * bw + x] = labels[from + x] === label ? 1 : 0;
  }
  const inside = squaredDistance(region, bw, bh);
  let thickest = 0;
  for (let i = 0; i < inside.length; i++) if (inside[i]! > thickest) thickest = inside[i]!;
  const radius = 0.5 * Math.sqrt(thickest);
  if (radius < 1) return [];
  const open = openByDisc(region, bw, bh, radius, inside);
  const { labels: pieces, count } = labelComponents(open, bw, bh);
  // What the opening removed, and how thick it is everywhere.
  const grown = dilate(open, bw, bh, 1);
  const rest = new Uint8Array(bw * bh);
  for (let i = 0; i < rest.length; i++) rest[i] = region[i]! & (1 - grown[i]!);
  const restInside = squaredDistance(rest, bw, bh);
  const shapes: RegionShape[] = [];
  for (let l = 1; l <= count; l++) {
    const shape = regionShape(pieces, bw, bh, l, x0, y0);
    if (!shape || shape.area < minArea || shape.fill < 0.8 || shape.a > MAX_ELONGATION * shape.b)
      continue;
    let pieceThickness = 0;
    for (let i = 0; i < pieces.length; i++) {
      if (pieces[i] === l && inside[i]! > pieceThickness) pieceThickness = inside[i]!;
    }
    // The thickest removed part next to this piece (within its own size around it).
    const reach = Math.ceil(shape.a + 2 * Math.sqrt(pieceThickness) + 2);
    let restThickness = 0;
    const cx = shape.cx - x0;
    const cy = shape.cy - y0;
    for (let y = Math.max(0, Math.floor(cy - reach)); y < Math.min(bh, cy + reach); y++) {
      for (let x = Math.max(0, Math.floor(cx - reach)); x < Math.min(bw, cx + reach); x++) {
        const v = restInside[y * bw + x]!;
        if (v > restThickness) restThickness = v;
      }
    }
    const ratio = Math.sqrt(restThickness / pieceThickness);
    if (ratio <= 0.6 || ratio > 1.05) shapes.push(shape);
  }
  return shapes;
}
