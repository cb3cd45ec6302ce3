// Finding the ruler again: the two scale points' patches scored together, as a rigid pair.
// Each patch alone slides along a ruler with hardly a change of score, because ticks
// repeat and, at a coarse level, even the numbers look alike; the pair does not, because
// S2 must sit where the zoom and turn put it from S1, and one end of it usually shows
// something unique (the ruler's end, a label). On the coarsest level the pair is sought
// over the whole photo (or a bounded window); then each place found is narrowed on the
// finer levels with the pair still rigid, until the patches alone can be trusted.
import type { Vec2 } from '../../types';
import * as bilinearModule from '../raster/bilinear';
import { cutLevel, halveLevel } from '../raster/levels';
import type { GreyLevel } from '../raster/levels';
import { scoreGrid } from '../patch/ncc';
import { distinctPeaks } from '../patch/peaks';
import type { ScoreGrid } from '../patch/ncc';
import { COARSE_SAMPLES, levelToImage, imageToLevel, patchTemplate } from '../patch/match';
import type { PointPatch } from '../patch/types';
import { similarityWarp } from '../raster/warp';
import type { RgbaImage } from '../raster/image';

// Bound once to local names: the test and benchmark runner's module transform reads an
// imported name through a getter at every use, which the per-pixel loops would pay for.
const { bilinear } = bilinearModule;

export interface RulerSearchOptions {
  /** The camera's expected zoom from the previous photo to this one (default 1)... */
  zoom?: number;
  /** ...and how far it may differ, as a ratio (default 1.5: from zoom / 1.5 to zoom * 1.5). */
  zoomSpread?: number;
  /** The largest turn of the ruler looked for, degrees (default 5). */
  maxTurn?: number;
  /** When given, each point is looked for only this far from where it was, px. */
  searchRadius?: number;
}

/** Where the pair sits: both points, the zoom and turn between them, how well it matched. */
export interface RulerPlace {
  s1: Vec2;
  s2: Vec2;
  zoom: number;
  rotation: number;
  /** Mean ZNCC of the two patches. */
  score: number;
  /** The patches' level it was found on. */
  level: number;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/**
 * The new photo at a block size of the pair search, covering at least a region (image
 * pixels); undefined when there is no such level.
 */
export type SearchLevels = (factor: number, region: Box) => GreyLevel | undefined;

/**
 * The new photo's grey levels the pair search reads. Block sizes from `whole` up are read
 * once for the whole photo (or the part within `searchRadius` of the previous points and
 * their patches) at the smallest such size and halved for the larger; smaller block sizes
 * are cut as windows where asked for, since they are read around a few places only.
 */
export function searchLevels(
  a: PointPatch,
  b: PointPatch,
  image: RgbaImage,
  whole: number,
  options: RulerSearchOptions = {},
): SearchLevels {
  const factors = a.levels.map((l) => l.factor).filter((f) => f >= whole);
  const levels = new Map<number, GreyLevel>();
  const smallest = factors[factors.length - 1];
  if (smallest !== undefined) {
    const radius = options.searchRadius;
    let level: GreyLevel;
    if (radius === undefined) {
      level = cutLevel(image, smallest, 0, 0, image.width, image.height);
    } else {
      const high = (options.zoom ?? 1) * Math.max(1.01, options.zoomSpread ?? 1.5);
      const reach = radius + Math.max(...a.halves[0]!, ...b.halves[0]!) * high * 1.5;
      level = cutLevel(
        image,
        smallest,
        Math.min(a.point[0], b.point[0]) - reach,
        Math.min(a.point[1], b.point[1]) - reach,
        Math.max(a.point[0], b.point[0]) + reach,
        Math.max(a.point[1], b.point[1]) + reach,
      );
    }
    levels.set(smallest, level);
    for (let f = smallest * 2; f <= factors[0]!; f *= 2) {
      level = halveLevel(level);
      levels.set(f, level);
    }
  }
  return (factor, region) =>
    levels.get(factor) ??
    (factor < whole
      ? cutLevel(image, factor, region.x0, region.y0, region.x1, region.y1)
      : undefined);
}

/** The best `count` distinct places of the pair on the coarsest level, best first. */
export function findRulerPlaces(
  a: PointPatch,
  b: PointPatch,
  levels: SearchLevels,
  options: RulerSearchOptions = {},
  count = 2,
): RulerPlace[] {
  return findRulerPlacesOn(a, b, levels, 0, options, count);
}

/**
 * As findRulerPlaces, on the patches' level `level` (its block size one of `levels`'), S1
 * looked for over that level's whole window or within `searchRadius` of where it was.
 */
export function findRulerPlacesOn(
  a: PointPatch,
  b: PointPatch,
  levels: SearchLevels,
  level: number,
  options: RulerSearchOptions = {},
  count = 2,
): RulerPlace[] {
  const f = a.levels[level]?.factor;
  if (f === undefined) return [];
  const target = levels(f, { x0: 0, y0: 0, x1: 0, y1: 0 });
  if (!target) return [];
  const v = offset(a, b);
  const length = Math.hypot(v[0], v[1]);
  if (!(length > 0)) return [];
  const expected = options.zoom ?? 1;
  const spread = Math.max(1.01, options.zoomSpread ?? 1.5);
  const low = expected / spread;
  const high = expected * spread;
  const radius = options.searchRadius;
  const box: Box =
    radius === undefined
      ? {
          x0: target.x0,
          y0: target.y0,
          x1: target.x0 + target.width - 1,
          y1: target.y0 + target.height - 1,
        }
      : around(a.point, radius, f);
  // Zoom and turn steps that move S2 by about half a level pixel.
  const step = (0.5 * f) / (length * expected);
  const maxTurn = ((options.maxTurn ?? 5) * Math.PI) / 180;
  return jointSearch(a, b, () => target, level, {
    box,
    zooms: geometricSteps(expected, Math.exp(step), low, high),
    turns: steps(0, step, Math.floor(maxTurn / step)),
    // The coarse templates hardly change over 15 % of zoom: one score map per such step.
    templateZooms: geometricSteps(expected, 1.15, low, high),
    templateTurn: 0,
    count,
  });
}

/**
 * A place narrowed on the next finer level, the pair kept rigid: the zoom within
 * `zoomSpan` (a ratio: 0.04 is 4 %) of the place's, the turn within two steps, and S1
 * within the place's level pixel and the slide that such a zoom allows.
 */
export function refineRulerPlace(
  a: PointPatch,
  b: PointPatch,
  levels: SearchLevels,
  place: RulerPlace,
  zoomSpan = 0.04,
): RulerPlace | null {
  const level = place.level + 1;
  const f = a.levels[level]?.factor;
  if (f === undefined) return null;
  const v = offset(a, b);
  const length = Math.hypot(v[0], v[1]);
  const step = (0.5 * f) / (length * place.zoom);
  const low = place.zoom / (1 + zoomSpan);
  const high = place.zoom * (1 + zoomSpan);
  const reach = 1.5 * a.levels[place.level]!.factor + 0.5 * zoomSpan * place.zoom * length;
  const [best] = jointSearch(a, b, (region) => levels(f, region), level, {
    box: around(place.s1, reach, f),
    zooms: geometricSteps(place.zoom, Math.exp(step), low, high),
    turns: steps(place.rotation, step, 2),
    // A template drawn every 5 % of zoom: on this level a larger miss blurs the match.
    templateZooms: geometricSteps(place.zoom, 1.05, low, high),
    templateTurn: place.rotation,
    count: 1,
  });
  return best ?? null;
}

interface JointSearch {
  /** S1's candidate positions, level pixels (inclusive). */
  box: Box;
  /** Zooms and turns of the S1 -> S2 vector tried. */
  zooms: number[];
  turns: number[];
  /** Zooms the templates are drawn at (each tried zoom uses the nearest), and their turn. */
  templateZooms: number[];
  templateTurn: number;
  count: number;
}

/**
 * S1's score plus S2's at S1 + zoom * R(turn) * (S2 - S1 before), for every S1 in the box
 * and every zoom and turn; the best total per S1 position, then its distinct peaks.
 */
function jointSearch(
  a: PointPatch,
  b: PointPatch,
  levelOver: (region: Box) => GreyLevel | undefined,
  level: number,
  search: JointSearch,
): RulerPlace[] {
  const f = a.levels[level]!.factor;
  const v = offset(a, b);
  const { box, zooms, turns } = search;
  if (zooms.length === 0 || turns.length === 0) return [];
  // Where S2 can be, level pixels: the box moved by every offset tried.
  let reachX0 = Infinity;
  let reachX1 = -Infinity;
  let reachY0 = Infinity;
  let reachY1 = -Infinity;
  for (const zoom of [zooms[0]!, zooms[zooms.length - 1]!]) {
    for (const turn of [turns[0]!, turns[turns.length - 1]!, 0]) {
      const [ox, oy] = turned(v, zoom, turn);
      reachX0 = Math.min(reachX0, ox / f);
      reachX1 = Math.max(reachX1, ox / f);
      reachY0 = Math.min(reachY0, oy / f);
      reachY1 = Math.max(reachY1, oy / f);
    }
  }
  const boxB: Box = {
    x0: Math.floor(box.x0 + reachX0) - 1,
    y0: Math.floor(box.y0 + reachY0) - 1,
    x1: Math.ceil(box.x1 + reachX1) + 1,
    y1: Math.ceil(box.y1 + reachY1) + 1,
  };
  // Each point's window of the photo: its box plus the template's reach (turned).
  const reach = (patch: PointPatch) =>
    Math.max(...patch.halves[level]!) * Math.max(...search.templateZooms) * 1.4 + 2 * f;
  const region = (p: Box, r: number): Box => ({
    x0: p.x0 * f - r,
    y0: p.y0 * f - r,
    x1: (p.x1 + 1) * f + r,
    y1: (p.y1 + 1) * f + r,
  });
  const targetA = levelOver(region(box, reach(a)));
  const targetB = levelOver(region(boxB, reach(b)));
  if (!targetA || !targetB) return [];
  const cap = level === 0 ? COARSE_SAMPLES : undefined;
  const maps = search.templateZooms.map((zoom) => {
    const warp = similarityWarp(zoom, search.templateTurn);
    const ta = patchTemplate(a, level, warp, cap);
    const tb = patchTemplate(b, level, warp, cap);
    const ga = ta && scoreGrid(ta, targetA, box.x0, box.y0, box.x1, box.y1);
    const gb = tb && scoreGrid(tb, targetB, boxB.x0, boxB.y0, boxB.x1, boxB.y1);
    return ga && gb ? { zoom, ga, gb } : null;
  });
  const grid = {
    x0: Math.max(box.x0, targetA.x0),
    y0: Math.max(box.y0, targetA.y0),
    width: 0,
    height: 0,
  };
  grid.width = Math.min(box.x1, targetA.x0 + targetA.width - 1) - grid.x0 + 1;
  grid.height = Math.min(box.y1, targetA.y0 + targetA.height - 1) - grid.y0 + 1;
  if (grid.width <= 0 || grid.height <= 0 || !maps.some((m) => m !== null)) return [];
  const joint = new Float32Array(grid.width * grid.height).fill(-Infinity);
  const choice = new Array<{ zoom: number; rotation: number }>(joint.length);
  for (const zoom of zooms) {
    const map = nearestMap(maps, zoom);
    if (!map) continue;
    for (const rotation of turns) {
      const [ox, oy] = turned(v, zoom, rotation);
      combine(grid, map.ga, map.gb, ox / f, oy / f, joint, choice, { zoom, rotation });
    }
  }
  const scores: ScoreGrid = { ...grid, scores: joint };
  return distinctPeaks(scores, search.count, 3)
    .filter((peak) => Number.isFinite(peak.score))
    .map((peak) => {
      const c = choice[(peak.y - grid.y0) * grid.width + (peak.x - grid.x0)]!;
      const s1: Vec2 = [levelToImage(peak.x, f), levelToImage(peak.y, f)];
      const [ox, oy] = turned(v, c.zoom, c.rotation);
      return {
        s1,
        s2: [s1[0] + ox, s1[1] + oy],
        zoom: c.zoom,
        rotation: c.rotation,
        score: peak.score / 2,
        level,
      };
    });
}

/**
 * Adds S2's score, its map shifted by (ox, oy) level pixels (bilinear), to S1's on every
 * cell of the joint grid; keeps the best total per cell and the zoom and turn that gave it.
 */
function combine(
  grid: { x0: number; y0: number; width: number; height: number },
  ga: ScoreGrid,
  gb: ScoreGrid,
  ox: number,
  oy: number,
  joint: Float32Array,
  choice: { zoom: number; rotation: number }[],
  pick: { zoom: number; rotation: number },
): void {
  for (let y = 0; y < grid.height; y++) {
    const ay = grid.y0 + y - ga.y0;
    if (ay < 0 || ay >= ga.height) continue;
    const by = grid.y0 + y + oy - gb.y0;
    if (by < 0 || Math.floor(by) + 1 >= gb.height) continue;
    for (let x = 0; x < grid.width; x++) {
      const ax = grid.x0 + x - ga.x0;
      if (ax < 0 || ax >= ga.width) continue;
      const bx = grid.x0 + x + ox - gb.x0;
      if (bx < 0 || Math.floor(bx) + 1 >= gb.width) continue;
      const total =
        ga.scores[ay * ga.width + ax]! + bilinear(gb.scores, gb.width, gb.height, bx, by);
      const j = y * grid.width + x;
      if (total > joint[j]!) {
        joint[j] = total;
        choice[j] = pick;
      }
    }
  }
}

function offset(a: PointPatch, b: PointPatch): Vec2 {
  return [b.point[0] - a.point[0], b.point[1] - a.point[1]];
}

function turned(v: Vec2, zoom: number, rotation: number): Vec2 {
  const c = zoom * Math.cos(rotation);
  const s = zoom * Math.sin(rotation);
  return [c * v[0] - s * v[1], s * v[0] + c * v[1]];
}

/** The level pixels within `radius` image pixels of a point. */
function around(p: Vec2, radius: number, f: number): Box {
  return {
    x0: imageToLevel(p[0] - radius, f),
    y0: imageToLevel(p[1] - radius, f),
    x1: imageToLevel(p[0] + radius, f),
    y1: imageToLevel(p[1] + radius, f),
  };
}

function nearestMap<T extends { zoom: number }>(maps: (T | null)[], zoom: number): T | null {
  let best: T | null = null;
  for (const map of maps) {
    if (!map) continue;
    if (!best || Math.abs(Math.log(map.zoom / zoom)) < Math.abs(Math.log(best.zoom / zoom)))
      best = map;
  }
  return best;
}

/** centre + k * step for k = -count..count. */
function steps(centre: number, step: number, count: number): number[] {
  return Array.from({ length: 2 * count + 1 }, (_, k) => centre + (k - count) * step);
}

/** Geometric steps through `centre` by `ratio`, within [low, high]. */
function geometricSteps(centre: number, ratio: number, low: number, high: number): number[] {
  const values = [centre];
  for (let z = centre * ratio; z <= high * 1.0001; z *= ratio) values.push(z);
  for (let z = centre / ratio; z >= low * 0.9999; z /= ratio) values.unshift(z);
  return values;
}
