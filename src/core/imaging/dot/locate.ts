// Sub-pixel centre of a dark dot near a point: the snap behind every click, and the
// refinement step of automatic detection and tracking.
//
// 1. Segment: in a window around the point, remove the light background (a robust plane,
//    so lighting gradients do not matter), threshold the darkness at half its peak and take
//    the dark region nearest the point. A region that is not dot-shaped is opened by a disc
//    a little thinner than its thickest part, which cuts a dot free from a thinner line or
//    shadow touching it. A dot merged into a dark area wider than itself (half inside a
//    shadow band, against the specimen's dark edge) is found instead from the part of its
//    outline that borders lighter ground, if that is more than half of it (merged.ts). If
//    nothing dot-shaped remains, there is no dot (flat area, edge, text stroke, ruler tick).
// 2. Centre (centre.ts): a free dot's darkness-weighted centroid over an ellipse shaped
//    like it, with the background plane refitted on a ring outside, iterated with the
//    window re-centred on the result; pixels of any other dark structure are left out
//    together with their mirror image through the current centre, so what remains stays
//    point-symmetric and a symmetric dot (disc or ellipse) keeps its exact centre. A dot
//    that runs into other darkness, or lies under a soft shadow: the centre of the circle
//    or ellipse fitted robustly to its visible outline (outline.ts, conic.ts), graded by
//    how much of the outline was seen and how well it fits.
import type { Vec2 } from '../types';
import { blackTopHat, medianAndMad, noiseLevel } from './background';
import { refineCentre } from './centre';
import type { Plane } from './background';
import { dilate, labelComponents, openByDisc, regionShape, squaredDistance } from './morphology';
import type { RegionShape } from './morphology';
import { mergedDot } from './merged';
import { greyWindow } from './raster';
import type { RgbaImage } from './raster';

export interface LocateDotOptions {
  /** How far from `near` the dot's centre may lie, in image pixels (default 40). */
  radius?: number;
  /** Smallest dot diameter accepted, px (default 5). */
  minDiameter?: number;
  /** Largest dot diameter accepted, px (default 90). */
  maxDiameter?: number;
  /** Least darkness below the background, in grey levels 0-255 (default 12). */
  minContrast?: number;
  /** Largest ratio of the dot's long to short axis (default 6). */
  maxElongation?: number;
}

export type DotGrade = 'good' | 'fair' | 'poor';

/** How much to trust a located centre; the UI shows it next to the point. */
export interface DotQuality {
  grade: DotGrade;
  /**
   * Standard uncertainty of the centre, px per axis: what the real error's spread is
   * expected to be, not only the pixel noise. A centroid's counts the noise carried through
   * the weighted mean, how little is known of how the ink follows uneven light, and how far
   * the background ring strays from a plane in a way that is not point-symmetric (a
   * shadow's edge across it); an outline's the fit's scatter, how much of the outline was
   * seen, and the pull of the shadow or edge beside it, scaled as measured on synthetic
   * dots (docs/science.md).
   */
  uncertainty: number;
  /** Darkness of the dot below its background, grey levels. */
  contrast: number;
  /** Pixel noise of the background, grey levels (standard deviation). */
  noise: number;
  /** contrast / noise. */
  snr: number;
  /** Diameter of the disc of the same area, px. */
  diameter: number;
  /** Long and short axes of the dot's moment ellipse, px (full lengths). */
  major: number;
  minor: number;
  /** Direction of the long axis from +x towards +y (down), degrees. */
  angle: number;
  /** Overlap of the dot's shape with its moment ellipse, 0-1 (1: a clean disc or ellipse). */
  fit: number;
  /** Point-asymmetry of the darkness about the centre, as a fraction of the contrast. */
  asymmetry: number;
  /** Another dark structure touches the dot. */
  touching: boolean;
  /** How the centre was found: the darkness centroid (a clear dot), or the centre of the
   * ellipse fitted to the outline (a dot partly merged with something dark). */
  method: 'centroid' | 'outline';
  /** Fraction of the dot's outline the centre was found from: 1 for a centroid; for an
   * outline, the part that borders lighter ground. */
  coverage?: number;
}

export interface DotLocation {
  /** Image pixel coordinates (pixel centres at +0.5). */
  centre: Vec2;
  quality: DotQuality;
}

export type DotRejection =
  | 'outside'
  | 'flat'
  | 'no-dot'
  | 'not-dot-shaped'
  | 'too-large'
  | 'cut-by-edge'
  | 'unstable'
  | 'shape-unclear';

export type DotSearch =
  ({ ok: true } & DotLocation) | { ok: false; reason: DotRejection; message: string };

const MESSAGES: Record<DotRejection, string> = {
  outside: 'The point is outside the photo.',
  flat: 'No dark dot here: the area around the point is flat.',
  'no-dot': 'No dark dot near the point.',
  'not-dot-shaped':
    'The dark shape near the point is not a dot (an edge, a line, a tick mark or text).',
  'too-large': 'The dark area near the point is larger than a marker dot.',
  'cut-by-edge': 'The dot is cut off by the edge of the photo.',
  unstable: 'The dot is too faint or too cluttered to find its centre reliably.',
  'shape-unclear':
    'Too little of the dot shows beside the shadow or dark edge to tell whether it is round or flattened, so its centre could be a pixel or more off. Place the point by hand (Alt+click), or use a photo with more of the dot in the light.',
};

/** The largest dot a search expects unless told otherwise, px. */
const DEFAULT_MAX_DIAMETER = 90;

interface Resolved {
  radius: number;
  minDiameter: number;
  maxDiameter: number;
  minContrast: number;
  maxElongation: number;
}

function resolve(options: LocateDotOptions | undefined): Resolved {
  const positive = (value: number | undefined, fallback: number) =>
    value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    radius: positive(options?.radius, 40),
    minDiameter: positive(options?.minDiameter, 5),
    maxDiameter: positive(options?.maxDiameter, DEFAULT_MAX_DIAMETER),
    minContrast: positive(options?.minContrast, 12),
    maxElongation: positive(options?.maxElongation, 6),
  };
}

function reject(reason: DotRejection): { ok: false; reason: DotRejection; message: string } {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** The dot's centre and quality, or null when there is no dot near `near`. */
export function locateDot(
  image: RgbaImage,
  near: Vec2,
  options?: LocateDotOptions,
): DotLocation | null {
  const found = findDot(image, near, options);
  return found.ok ? { centre: found.centre, quality: found.quality } : null;
}

/**
 * As locateDot, but says why when there is no dot. The dot found near the click is located
 * again from its own centre, with a window fitted to its size, so the answer does not
 * depend on where around the dot the click landed.
 */
export function findDot(image: RgbaImage, near: Vec2, options?: LocateDotOptions): DotSearch {
  const o = resolve(options);
  const first = segmentAt(image, near, o);
  if (!first.ok) return first;
  return settle(image, first, o);
}

/**
 * The dot whose middle and size are roughly known already (a detection candidate): the
 * same answer as a click on it, without the first, wide search.
 */
export function locateKnownDot(
  image: RgbaImage,
  middle: Vec2,
  diameter: number,
  elongation = 1,
): DotSearch {
  const o = resolve({ minDiameter: Math.min(5, 0.5 * diameter) });
  const major = diameter * Math.sqrt(Math.max(1, elongation));
  const start: Segmented & { ok: true } = {
    ok: true,
    middle,
    major,
    minor: major / Math.max(1, elongation),
    finish: () => reject('no-dot'),
  };
  return settle(image, start, o);
}

/**
 * Segments again from the dot's own middle, in a window fitted to its size, until the
 * pixel that middle falls in repeats; then refines. The answer thus does not depend on
 * where around the dot the search began.
 */
function settle(image: RgbaImage, first: Segmented & { ok: true }, o: Resolved): DotSearch {
  let from = pixelCentre(first.middle);
  let latest = first;
  // Each pass's window depends only on the pixel the dot's middle fell in and on the dot's
  // size in coarse steps, so searches begun anywhere around the dot end in the same pass.
  for (let pass = 0; pass < 4; pass++) {
    const size = Math.max(DEFAULT_MAX_DIAMETER, 30 * Math.ceil((1.5 * latest.major + 10) / 30));
    const again = segmentAt(image, from, { ...o, radius: 2.5, maxDiameter: Math.min(400, size) });
    if (!again.ok) break;
    const next = pixelCentre(again.middle);
    latest = again;
    if (next[0] === from[0] && next[1] === from[1]) break;
    from = next;
  }
  return latest.finish();
}

function pixelCentre(p: Vec2): Vec2 {
  return [Math.floor(p[0]) + 0.5, Math.floor(p[1]) + 0.5];
}

/** A dot segmented near a point: its region's middle and size, and the refinement to run. */
type Segmented =
  | { ok: true; middle: Vec2; major: number; minor: number; finish: () => DotSearch }
  | { ok: false; reason: DotRejection; message: string };

function segmentAt(image: RgbaImage, near: Vec2, o: Resolved): Segmented {
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
  // else only after the regions further away, as a last resort.
  const tryMerged = (
    label: number,
    reason: DotRejection,
  ): { region: Uint8Array; shape: RegionShape } | null => {
    if (reason !== 'not-dot-shaped' && reason !== 'too-large') return null;
    const component = new Uint8Array(w * h);
    for (let i = 0; i < component.length; i++) component[i] = labels[i] === label ? 1 : 0;
    return mergedDot(grey, w, h, component, nx, ny, noise, o);
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
    if (!found) return reject(failure);
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
      refineDot(grey, smooth, region, shape, win, background, noise, texture, peak, nx, ny, o),
  };
}

/** The centre and quality of a segmented dot. */
function refineDot(
  grey: Float32Array,
  smooth: Float32Array,
  region: Uint8Array,
  shape: RegionShape,
  win: { x0: number; y0: number; width: number; height: number },
  background: Plane,
  noise: number,
  texture: number,
  peak: number,
  nx: number,
  ny: number,
  o: Resolved,
): DotSearch {
  const w = win.width;
  const h = win.height;
  // Only the dot's surroundings matter now: work on a crop around it.
  const crop = cropAround(shape, w, h);
  const cropGrey = cropOf(grey, w, crop);
  const cropSmooth = cropOf(smooth, w, crop);
  const cropRegion = cropOf(region, w, crop);
  const local: RegionShape = {
    ...shape,
    cx: shape.cx - crop.x0,
    cy: shape.cy - crop.y0,
    minX: shape.minX - crop.x0,
    maxX: shape.maxX - crop.x0,
    minY: shape.minY - crop.y0,
    maxY: shape.maxY - crop.y0,
  };
  const plane: Plane = {
    c0: background.c0 + background.cx * crop.x0 + background.cy * crop.y0,
    cx: background.cx,
    cy: background.cy,
  };
  const low = Math.max(4 * noise, 4 * texture, 0.15 * peak, o.minContrast / 2);
  const foreign = foreignDarkness(cropSmooth, cropRegion, crop.w, crop.h, low);
  const excluded = foreign.some((v) => v !== 0) ? dilate(foreign, crop.w, crop.h, 1.5) : foreign;

  const refined = refineCentre(cropGrey, crop.w, crop.h, excluded, local, plane, noise);
  if (!refined) return reject('unstable');
  const cx = refined.centre[0] + crop.x0;
  const cy = refined.centre[1] + crop.y0;
  if ((cx - nx) ** 2 + (cy - ny) ** 2 > (o.radius + shape.a) ** 2) return reject('unstable');

  const fit = ellipseOverlap(cropRegion, crop.w, crop.h, local);
  const axes = refined.axes ?? { a: shape.a, b: shape.b, angle: shape.angle };
  const touching = refined.touching;
  // The centroid works on darkness relative to the background level: scale to match.
  const { contrast, level } = refined;
  const snr = contrast / noise;
  const relativeNoise = noise / level;
  const asymmetry =
    (level * Math.sqrt(Math.max(0, refined.meanSquaredAsymmetry - 2 * relativeNoise ** 2))) /
    contrast;
  const uncertainty = refined.uncertainty;
  const shapeShift = refined.shapeShift ?? 0;
  // The gap test weighs the fit's own scatter, without the shape doubt already in it.
  const scatter = Math.sqrt(Math.max(0, uncertainty ** 2 - shapeShift ** 2));
  if (shapeUnclear(refined.shapeGap ?? 0, shapeShift, scatter, refined.coverage)) {
    return reject('shape-unclear');
  }
  // A dot located from its outline is never better than fair; how fair, its uncertainty
  // says (the fit's scatter, how much of the outline was seen, and how well a circle and
  // an ellipse agree on it), and at least half of its outline must have been seen.
  const grade: DotGrade =
    refined.method === 'outline'
      ? snr >= 5 && uncertainty <= 0.2 && refined.coverage >= 0.5
        ? 'fair'
        : 'poor'
      : snr >= 10 && fit >= 0.85 && asymmetry <= 0.15 && uncertainty <= 0.05 && !touching
        ? 'good'
        : snr >= 5 && fit >= 0.7 && asymmetry <= 0.3 && uncertainty <= 0.2
          ? 'fair'
          : 'poor';
  return {
    ok: true,
    centre: [cx + win.x0, cy + win.y0],
    quality: {
      grade,
      uncertainty,
      contrast,
      noise,
      snr,
      // The outline's ellipse describes a partly hidden dot better than the pixels that
      // segmentation kept of it.
      diameter: refined.axes ? 2 * Math.sqrt(axes.a * axes.b) : 2 * Math.sqrt(shape.area / Math.PI),
      major: 2 * axes.a,
      minor: 2 * axes.b,
      angle: (axes.angle * 180) / Math.PI,
      fit,
      asymmetry,
      touching,
      method: refined.method,
      coverage: refined.coverage,
    },
  };
}

/**
 * Whether a dot seen less than half way round leaves its centre unknown to within a
 * pixel: the flattening its arc cannot rule out would move the circle's centre by more
 * than SHAPE_SHIFT (arcShape.ts), or, read as a circle and as a free ellipse, its one
 * visible arc puts the centre further apart than the fit's scatter allows (two per-axis
 * standard uncertainties in 2D), and by at least SHAPE_GAP px. On so short an arc a slightly flattened dot fits a
 * circle as well as an ellipse, and neither fit's scatter shows how far off the circle's
 * centre then is: on synthetic 16 px dots seen less than half way round, 6 % flattening
 * already put it 0.9 px off and 13 % 1.5 px, with the free ellipse's centre between the
 * circle's and the truth, so a gap of half a pixel goes with errors near a pixel. Seen
 * more than half way round (arcs on both sides of a line through the dot), flattening
 * moves the circle's centre far less, while the free ellipse there can slide along the
 * hidden parts: its centre is no check then. The gap alone caught about two in three of
 * such renders (the free ellipse is often as far off as the circle); the shape bound
 * catches the rest, at the cost of some round dots seen as little, which could have been
 * flattened as far as anyone looking at that arc can tell.
 */
function shapeUnclear(gap: number, shift: number, uncertainty: number, coverage: number): boolean {
  if (coverage >= 0.5) return false;
  return shift > SHAPE_SHIFT || gap > Math.max(SHAPE_GAP, 2 * Math.SQRT2 * uncertainty);
}

/**
 * The shape doubt (arcShape.ts) beyond which a circle read off a short arc is refused, px.
 * That bound takes the flattening the arc's scatter could just hide; on synthetic 16 px dots
 * flattened by 13 % and seen 42 % of the way round, the real centre error ran 2.5 to 3.5
 * times the bound, so 0.4 px of it stands for a centre that may be a pixel off.
 */
const SHAPE_SHIFT = 0.4;

/** The gap between the circle's and the free ellipse's centres beyond which a partly
 * hidden dot's centre counts as unknown, px. */
const SHAPE_GAP = 0.5;

/**
 * Dark pixels that belong to something else: every faintly dark region outside the dot
 * that reaches well away from it (a line, a shadow, another dot) or does not touch it (a
 * speck). What hugs the dot and stays close is its own blurred fringe, and is kept.
 */
function foreignDarkness(
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
  for (let y = 0; y < box.h; y++) {
    foreign.set(local.subarray(y * box.w, (y + 1) * box.w), (box.y0 + y) * w + box.x0);
  }
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

interface Crop {
  x0: number;
  y0: number;
  w: number;
  h: number;
}

/** The part of the window the centre refinement can reach: the dot, its disc and ring. */
function cropAround(shape: RegionShape, w: number, h: number): Crop {
  const margin = Math.ceil(1.25 * shape.a + 4 + Math.max(4, 0.4 * shape.a) + 8);
  const x0 = Math.max(0, Math.floor(shape.cx - margin));
  const y0 = Math.max(0, Math.floor(shape.cy - margin));
  const x1 = Math.min(w, Math.ceil(shape.cx + margin));
  const y1 = Math.min(h, Math.ceil(shape.cy + margin));
  return { x0, y0, w: x1 - x0, h: y1 - y0 };
}

function cropOf<T extends Float32Array | Uint8Array>(data: T, w: number, crop: Crop): T {
  const out = new (data.constructor as new (n: number) => T)(crop.w * crop.h);
  for (let y = 0; y < crop.h; y++) {
    const from = (crop.y0 + y) * w + crop.x0;
    out.set(data.subarray(from, from + crop.w), y * crop.w);
  }
  return out;
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

/** A level background at the window's median grey: the refinement's fallback only. */
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

/** Up to three labels of regions of at least minArea reaching within `radius`, nearest first. */
function componentsByDistance(
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

/** The label whose nearest pixel is closest to (nx, ny), among regions of at least minArea. */
function nearestComponent(
  labels: Int32Array,
  count: number,
  w: number,
  h: number,
  nx: number,
  ny: number,
  minArea: number,
): number {
  return componentsByDistance(labels, count, w, h, nx, ny, minArea, Infinity)[0] ?? 0;
}

type Extracted = { region: Uint8Array; shape: RegionShape } | { reason: DotRejection };

function isDotShaped(
  shape: RegionShape,
  o: Resolved,
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
function extractDot(
  labels: Int32Array,
  chosen: number,
  w: number,
  h: number,
  nx: number,
  ny: number,
  o: Resolved,
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
  const local = new Uint8Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    local.set(component.subarray((y0 + y) * w + x0, (y0 + y) * w + x0 + bw), y * bw);
  }
  const found = openedDot(local, bw, bh, nx - x0, ny - y0, o, minArea, shape, (part) =>
    isDotShaped(part, o, minArea, w, h, x0, y0),
  );
  if ('reason' in found) return found;
  const region = new Uint8Array(w * h);
  for (let y = 0; y < bh; y++) {
    region.set(found.region.subarray(y * bw, (y + 1) * bw), (y0 + y) * w + x0);
  }
  const part = found.shape;
  return {
    region,
    shape: {
      ...part,
      cx: part.cx + x0,
      cy: part.cy + y0,
      minX: part.minX + x0,
      maxX: part.maxX + x0,
      minY: part.minY + y0,
      maxY: part.maxY + y0,
    },
  };
}

/** The dot-shaped part of a region opened by a disc, in the region's own raster. */
function openedDot(
  component: Uint8Array,
  w: number,
  h: number,
  nx: number,
  ny: number,
  o: Resolved,
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
    const part = nearestComponent(parts, count, w, h, nx, ny, minArea);
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

/** Intersection over union of a region and its moment ellipse, counted in pixels. */
function ellipseOverlap(region: Uint8Array, w: number, h: number, shape: RegionShape): number {
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  let inside = 0;
  let both = 0;
  const reach = shape.a + 2;
  for (let y = Math.max(0, Math.floor(shape.cy - reach)); y < Math.min(h, shape.cy + reach); y++) {
    for (
      let x = Math.max(0, Math.floor(shape.cx - reach));
      x < Math.min(w, shape.cx + reach);
      x++
    ) {
      const dx = x + 0.5 - shape.cx;
      const dy = y + 0.5 - shape.cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if ((u / shape.a) ** 2 + (v / shape.b) ** 2 <= 1) {
        inside++;
        if (region[y * w + x] !== 0) both++;
      }
    }
  }
  const union = inside + shape.area - both;
  return union > 0 ? both / union : 0;
}
