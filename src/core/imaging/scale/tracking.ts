// scale/: the ruler and the two scale points. The tick spacing between the points and the
// scale it implies (rulerTicks.ts); the points carried to the next photo: the ruler found
// again as a rigid pair (rulerSearch.ts), each point matched alone (patch/), and the verdict
// on the pair (verdict.ts), all put together here.
//
// The two scale points carried from one photo to the next, for photos where the camera
// may have moved, turned or zoomed between shots:
//
// 1. Find the ruler (rulerSearch.ts): the two points' patches scored together as a rigid
//    pair over the whole photo at a coarse level, then narrowed while the levels are coarse.
//    A ruler repeats every centimetre, the pair does not. A camera that stayed put or
//    barely moved is tried first, near where the ruler was (trackNear), and kept only
//    when all of steps 2 and 3 find it sure; otherwise the whole photo is searched.
// 2. Find each tick (patch/match.ts): from there each point is refined alone to a fraction
//    of a pixel, and the other alignments met on the way (the neighbouring ticks) are
//    scored again at full resolution: how close the best comes is the point's ambiguity.
// 3. Check (verdict.ts): the ruler does not stretch, so the points must be as far
//    apart as before times the zoom measured along the ruler.
//
// A point that is ambiguous, lost, or fails the check is not proposed: a point left for a
// click costs one click, a point on the wrong tick silently costs a whole photo's scale.
import type { Vec2 } from '../../types';
import { cutPatch, refinePatch } from '../patch/match';
import type { HalfSize, PatchMatch, PointPatch } from '../patch/types';
import { similarityWarp } from '../raster/warp';
import type { Warp } from '../raster/warp';
import type { RgbaImage } from '../raster/image';
import { findRulerPlaces, findRulerPlacesOn, refineRulerPlace, searchLevels } from './rulerSearch';
import type { RulerPlace, RulerSearchOptions, SearchLevels } from './rulerSearch';
import { DISTANCE_TOLERANCE, judgeScalePoints } from './verdict';
import type { ScaleTracking } from './verdict';

export interface ScaleTrackOptions extends RulerSearchOptions {
  /** The matched patches' size, previous-photo px (default: scalePatchSize). */
  patchSize?: ScalePatchSize;
}

/**
 * Half-lengths of the rectangle matched around each scale point, along the ruler (the line
 * S1 -> S2) and across it (along its ticks).
 */
export interface ScalePatchSize {
  along: number;
  across: number;
}

/** What a later tracking needs of a photo: patches around its scale points and between. */
export interface ScalePatches {
  patches: [PointPatch, PointPatch];
  /** A plain patch halfway between them, where the zoom along the ruler is measured too. */
  middle: PointPatch;
}

/** The pair stays rigid down to levels of this block size; finer, each point goes alone. */
const JOINT_DOWN_TO = 16;
/** Levels of this block size and larger are read once for the whole photo. */
const WHOLE_FROM = JOINT_DOWN_TO;
/** Places of the pair kept from the coarsest level, where a thin ruler looks much alike. */
const COARSE_PLACES = 4;
/** While narrowing, places scoring below this share of the best are dropped. */
const KEEP_PLACES = 0.9;
/** A second place of the pair scoring at least this share of the best is followed too. */
const CLOSE_PLACES = 0.95;
/** The middle patch is refined on levels of at most this block size, near its prediction. */
const MIDDLE_FROM = 4;

/**
 * The patch for two scale points, from their distance d: 0.16 d along the ruler (several
 * ticks each way, with the longer ones among them) and 0.35 d across it, which takes in
 * whole ticks, where their lengths differ, and the numbers beside them. Across the ruler is
 * what tells one tick from the next; along it the ticks repeat.
 */
export function scalePatchSize(s1: Vec2, s2: Vec2): ScalePatchSize {
  const d = Math.hypot(s2[0] - s1[0], s2[1] - s1[1]);
  return {
    along: Math.min(400, Math.max(16, 0.16 * d)),
    across: Math.min(600, Math.max(24, 0.35 * d)),
  };
}

/** The patches around the two scale points of a photo: all a later tracking needs of it. */
export function cutScalePatches(
  image: RgbaImage,
  points: readonly [Vec2, Vec2],
  size: ScalePatchSize = scalePatchSize(points[0], points[1]),
): ScalePatches {
  const [s1, s2] = points;
  const d = Math.hypot(s2[0] - s1[0], s2[1] - s1[1]) || 1;
  const ux = Math.abs(s2[0] - s1[0]) / d;
  const uy = Math.abs(s2[1] - s1[1]) / d;
  // The rectangle turned with the ruler, as an upright box: exact for a ruler along x or y.
  const half: HalfSize = [size.along * ux + size.across * uy, size.along * uy + size.across * ux];
  const context = Math.max(size.along, size.across);
  const middle: Vec2 = [(s1[0] + s2[0]) / 2, (s1[1] + s2[1]) / 2];
  return {
    patches: [cutPatch(image, s1, half, context), cutPatch(image, s2, half, context)],
    middle: cutPatch(image, middle, [size.along, size.along]),
  };
}

/** The previous photo's scale points found on `image` (see the module comment). */
export function trackScalePoints(
  previousImage: RgbaImage,
  previousPoints: readonly [Vec2, Vec2],
  image: RgbaImage,
  options?: ScaleTrackOptions,
): ScaleTracking {
  const size = options?.patchSize ?? scalePatchSize(previousPoints[0], previousPoints[1]);
  return trackScalePatches(cutScalePatches(previousImage, previousPoints, size), image, options);
}

/** As trackScalePoints, from patches cut earlier (the worker keeps these, not the photo). */
export function trackScalePatches(
  previous: ScalePatches,
  image: RgbaImage,
  options?: ScaleTrackOptions,
): ScaleTracking {
  // A camera on a stand mostly stays put or moves a little: the ruler is looked for near
  // where it was first, which skips the whole-photo search (half the time of a tracking).
  // Only a sure result is kept; anything less is tracked again from the whole photo, so
  // the fast path can cost time on a moved camera but never trade away a safety check.
  if (options?.searchRadius === undefined) {
    const near = trackNear(previous, image, options);
    if (near) return near;
  }
  const [a, b] = previous.patches;
  // Each place the ruler may be, narrowed as a rigid pair while the levels are coarse.
  const levels = searchLevels(a, b, image, WHOLE_FROM, options);
  const found = findRulerPlaces(a, b, levels, options, COARSE_PLACES);
  return followPlaces(previous, image, narrowPlaces(a, b, levels, found, 0.15));
}

/** S1 is first looked for within this share of the S1 - S2 distance of where it was... */
const NEAR_REACH = 0.1;
/** ...on the level of this block size (or the coarsest, when the patches have no such). */
const NEAR_LEVEL = 2 * JOINT_DOWN_TO;
/** ...and the zoom within this ratio of the expected one. */
const NEAR_ZOOM = 1.12;
/** A result found near is kept only with both points at least this alike (ZNCC)... */
const NEAR_SCORE = 0.8;
/** ...no other alignment nor place of the ruler coming closer than this (see AMBIGUOUS)... */
const NEAR_AMBIGUITY = 0.85;
/** ...and the distance within this share of DISTANCE_TOLERANCE of what the zoom says. */
const NEAR_DISTANCE = 0.5;

/**
 * The tracking with the pair looked for only near where it was, or null unless it is sure:
 * both points tracked and well matched, nothing else close to them, the pair not on the
 * border of the searched area (the ruler may lie beyond it) and its distance as the zoom
 * says. A ruler moved further, or a photo where it is less clear, goes to the full search.
 */
function trackNear(
  previous: ScalePatches,
  image: RgbaImage,
  options?: ScaleTrackOptions,
): ScaleTracking | null {
  const [a, b] = previous.patches;
  const length = Math.hypot(b.point[0] - a.point[0], b.point[1] - a.point[1]);
  const level = Math.max(
    0,
    a.levels.findIndex((l) => l.factor <= NEAR_LEVEL),
  );
  const f = a.levels[level]!.factor;
  if (f < JOINT_DOWN_TO) return null;
  const radius = Math.max(NEAR_REACH * length, 4 * f);
  // Near means a barely changed zoom too: the pair's second patch is scored wherever any
  // zoom tried could put it, which over the full spread is most of the photo's width.
  const zoomSpread = Math.min(options?.zoomSpread ?? 1.5, NEAR_ZOOM);
  const near = { ...options, zoomSpread, searchRadius: radius };
  const levels = searchLevels(a, b, image, WHOLE_FROM, near);
  const found = findRulerPlacesOn(a, b, levels, level, near, 2).filter(
    (place) =>
      Math.max(Math.abs(place.s1[0] - a.point[0]), Math.abs(place.s1[1] - a.point[1])) <
      radius - 1.5 * f,
  );
  if (found.length === 0) return null;
  // The places come from a finer level than the whole-photo search's and a zoom within
  // NEAR_ZOOM: 8 % of zoom covers the first narrowing (a third of the 15 % templates cost).
  const result = followPlaces(previous, image, narrowPlaces(a, b, levels, found, 0.08));
  const sure =
    !result.needsReview &&
    result.tracked.every(
      (t) => t.status === 'tracked' && t.score >= NEAR_SCORE && t.ambiguity < NEAR_AMBIGUITY,
    ) &&
    result.distanceChange !== null &&
    Math.abs(result.distanceChange) <= NEAR_DISTANCE * DISTANCE_TOLERANCE;
  return sure ? result : null;
}

/**
 * The narrowed places followed point by point. A second place that matched nearly as well
 * as a pair is followed too, and the better of the two wins; how close the other came is
 * the rival figure.
 */
function followPlaces(
  previous: ScalePatches,
  image: RgbaImage,
  places: RulerPlace[],
): ScaleTracking {
  const [a, b] = previous.patches;
  const along: Vec2 = [b.point[0] - a.point[0], b.point[1] - a.point[1]];
  const length = Math.hypot(along[0], along[1]);
  const pairs = places
    .filter((place, k) => k === 0 || place.score >= CLOSE_PLACES * places[0]!.score)
    .map((place) => followPair(a, b, image, place, length))
    .sort((x, y) => y.score - x.score);
  const best = pairs[0];
  const second = pairs[1];
  const rival = second && best && best.score > 0 ? Math.max(0, second.score) / best.score : 0;
  const one = best?.one ?? null;
  const two = best?.two ?? null;
  const middle = one && two ? followMiddle(previous.middle, image, one, two, length) : null;
  return judgeScalePoints({ one, two, middle, along, rival });
}

/** Two places whose points lie within two level pixels of each other. */
function samePlace(a: PointPatch, p: RulerPlace, q: RulerPlace): boolean {
  const within = 2 * a.levels[Math.max(p.level, q.level)]!.factor;
  return (
    Math.hypot(p.s1[0] - q.s1[0], p.s1[1] - q.s1[1]) < within &&
    Math.hypot(p.s2[0] - q.s2[0], p.s2[1] - q.s2[1]) < within
  );
}

/**
 * The coarse places narrowed level by level, still as rigid pairs, best first. The first
 * narrowing allows `firstSpan` of zoom (15 % after the coarsest level, which sees little
 * of a thin ruler), the next ones 4 %; after each, places that came to the same spot merge
 * and those scoring well below the best are dropped.
 */
function narrowPlaces(
  a: PointPatch,
  b: PointPatch,
  levels: SearchLevels,
  found: RulerPlace[],
  firstSpan: number,
): RulerPlace[] {
  let places = found;
  let span = firstSpan;
  while ((a.levels[(places[0]?.level ?? Infinity) + 1]?.factor ?? 0) >= JOINT_DOWN_TO) {
    places = places
      .map((place) => refineRulerPlace(a, b, levels, place, span))
      .filter((place): place is RulerPlace => place !== null)
      .sort((x, y) => y.score - x.score)
      .filter((place, k, all) => all.slice(0, k).every((better) => !samePlace(a, better, place)))
      .filter((place, _, all) => place.score >= KEEP_PLACES * all[0]!.score);
    span = 0.04;
  }
  return places;
}

interface Pair {
  one: PatchMatch | null;
  two: PatchMatch | null;
  /** Sum of the two scores (-1 for a point lost). */
  score: number;
}

/** Each point of a narrowed place refined alone, to a fraction of a pixel. */
function followPair(
  a: PointPatch,
  b: PointPatch,
  image: RgbaImage,
  place: RulerPlace,
  length: number,
): Pair {
  const warp = similarityWarp(place.zoom, place.rotation);
  // The pair is good to about a level pixel and a percent or two of the zoom.
  const trust = 1.5 * a.levels[place.level]!.factor + 0.02 * place.zoom * length;
  const start = { firstLevel: place.level + 1, trust };
  const one = refinePatch(a, image, { centre: place.s1, warp }, start);
  const two = refinePatch(b, image, { centre: place.s2, warp }, start);
  return { one, two, score: (one?.score ?? -1) + (two?.score ?? -1) };
}

/**
 * The middle patch found near the midpoint of the two matches, for the zoom there: which
 * tick it lands on does not matter, only how much the ruler is magnified at that place.
 */
function followMiddle(
  middle: PointPatch,
  image: RgbaImage,
  one: PatchMatch,
  two: PatchMatch,
  length: number,
): PatchMatch | null {
  const centre: Vec2 = [(one.centre[0] + two.centre[0]) / 2, (one.centre[1] + two.centre[1]) / 2];
  const [p, q] = [one.warp, two.warp];
  const warp: Warp = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2, (p[2] + q[2]) / 2, (p[3] + q[3]) / 2];
  const firstLevel = Math.max(
    0,
    middle.levels.findIndex((l) => l.factor <= MIDDLE_FROM),
  );
  const options = { firstLevel, trust: 0.05 * length, rivals: false };
  return refinePatch(middle, image, { centre, warp }, options);
}
