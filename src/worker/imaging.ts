// The worker's marker assistance: snapping a click to a dot's centre, detecting the five
// fiducials, tracking them (and the scale points) from the previous image, and measuring
// ruler ticks. Keeps the decoded pixels of the most recently used photo (one at a time) so
// repeated snaps on the open image do not decode it again, and the patches around the last
// tracked scale points, so a sequence is tracked with one decode per photo. Answers are
// plain data; problems come back as data.
import {
  cutScalePatches,
  findCandidates,
  findDot,
  findFiducials,
  findRulerTicks,
  trackFiducials as trackOnImage,
  trackScalePatches,
} from '../core';
import type {
  CandidateSearch,
  DotQuality,
  FiducialTracking,
  LocateDotOptions,
  RgbaImage,
  ScalePatches,
  ScaleTracking,
  TickMeasurement,
  Vec2,
} from '../core';
import { decodeChecked } from './decode';
import { photoFile } from './photos';

/** Milliseconds spent decoding the photo (0 when its pixels were kept) and computing. */
export interface Timing {
  decodeMs: number;
  computeMs: number;
}

export interface AssistProblem {
  ok: false;
  reason: string;
  message: string;
}

export type SnapResponse = ({ ok: true; centre: Vec2; quality: DotQuality } | AssistProblem) &
  Timing;

export type DetectResponse = (
  | {
      ok: true;
      /** Marker order: 0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left, 4 centre. */
      points: Vec2[];
      quality: (DotQuality | null)[];
      confidence: number;
      reasons: string[];
      alternatives: Vec2[][];
      /** Dot candidates seen, for display: centre and diameter. */
      candidates: { centre: Vec2; diameter: number }[];
    }
  | AssistProblem
) &
  Timing;

/** The previous image's scale points, to be carried over with its fiducials. */
export interface ScaleCarryOver {
  /** The photo they were placed on. */
  fromPhotoId: string;
  points: [Vec2, Vec2];
}

export type ScaleResponse = ({ ok: true } & ScaleTracking) | AssistProblem;

export type TrackResponse = (
  ({ ok: true } & FiducialTracking & { scale?: ScaleResponse }) | AssistProblem
) &
  Timing;

export type RulerResponse = (({ ok: true } & TickMeasurement) | AssistProblem) & Timing;

let kept: { id: string; file: File; image: RgbaImage; search?: CandidateSearch } | null = null;

/** The patches around one photo's scale points (the last tracked or carried from). */
let scalePatches: { id: string; file: File; points: [Vec2, Vec2]; patches: ScalePatches } | null =
  null;

/** The kept photo's dot candidates, found once for detection and tracking alike. */
function candidatesOf(image: RgbaImage): CandidateSearch {
  if (kept?.image !== image) return findCandidates(image);
  kept.search ??= findCandidates(image);
  return kept.search;
}
let decoding: { id: string; file: File; image: Promise<RgbaImage> } | null = null;

async function decode(file: File): Promise<RgbaImage> {
  const bitmap = await decodeChecked(file);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2D canvas in the worker');
    context.drawImage(bitmap, 0, 0);
    const { width, height, data } = context.getImageData(0, 0, bitmap.width, bitmap.height);
    return { width, height, data };
  } finally {
    bitmap.close();
  }
}

/** The photo's pixels: kept from the last call, or decoded now (replacing the kept ones). */
async function pixels(id: string): Promise<{ image: RgbaImage; decodeMs: number }> {
  const file = photoFile(id);
  if (kept?.id === id && kept.file === file) return { image: kept.image, decodeMs: 0 };
  const started = performance.now();
  if (decoding?.id !== id || decoding.file !== file) {
    kept = null; // let the previous photo's pixels go before the next arrive
    decoding = { id, file, image: decode(file) };
  }
  const pending = decoding;
  try {
    const image = await pending.image;
    kept = { id, file, image };
    return { image, decodeMs: performance.now() - started };
  } finally {
    if (decoding === pending) decoding = null;
  }
}

/** Runs `work` on the photo's pixels, turning failures into a message. */
async function withPixels<T extends object>(
  id: string,
  work: (image: RgbaImage) => T,
): Promise<(T | AssistProblem) & Timing> {
  let image: RgbaImage;
  let decodeMs: number;
  try {
    ({ image, decodeMs } = await pixels(id));
  } catch (error) {
    return {
      ok: false,
      reason: 'photo',
      message: error instanceof Error ? error.message : 'The photo could not be read.',
      decodeMs: 0,
      computeMs: 0,
    };
  }
  const started = performance.now();
  const result = work(image);
  return { ...result, decodeMs, computeMs: performance.now() - started };
}

/** The centre of the dark dot near a point, or why there is none. */
export function snapPhotoPoint(
  photoId: string,
  near: Vec2,
  options?: LocateDotOptions,
): Promise<SnapResponse> {
  return withPixels(photoId, (image) => {
    const found = findDot(image, near, options);
    return found.ok
      ? { ok: true as const, centre: found.centre, quality: found.quality }
      : { ok: false as const, reason: found.reason, message: found.message };
  });
}

/** The five fiducials in marker order, with a confidence, or why none were found. */
export function detectPhotoFiducials(photoId: string): Promise<DetectResponse> {
  return withPixels(photoId, (image) => {
    const found = findFiducials(image, { search: candidatesOf(image) });
    if (!found.ok) return { ok: false as const, reason: found.reason, message: found.message };
    return {
      ok: true as const,
      points: found.points,
      quality: found.quality,
      confidence: found.confidence,
      reasons: found.reasons,
      alternatives: found.alternatives,
      candidates: found.candidates.map((c) => ({ centre: c.centre, diameter: c.diameter })),
    };
  });
}

/**
 * The previous image's fiducials carried over to this photo and re-snapped; with `scale`,
 * its scale points too, found again by the look of the ruler around them.
 */
export async function trackPhotoFiducials(
  photoId: string,
  previous: Vec2[],
  scale?: ScaleCarryOver,
): Promise<TrackResponse> {
  // The previous photo's patches first: its pixels may be the ones kept, until this photo's
  // replace them.
  const patches = scale ? await patchesFor(scale) : null;
  return withPixels(photoId, (image) => {
    const fiducials = trackOnImage(image, previous, { search: candidatesOf(image) });
    if (!patches) return { ok: true as const, ...fiducials };
    if ('ok' in patches) return { ok: true as const, ...fiducials, scale: patches };
    const tracked = trackScalePatches(patches, image);
    const [s1, s2] = tracked.points;
    // Where this photo's points were found is where the next photo's are carried from.
    if (s1 && s2) remember(photoId, [s1, s2], cutScalePatches(image, [s1, s2]));
    return { ok: true as const, ...fiducials, scale: { ok: true as const, ...tracked } };
  });
}

/** The patches around a photo's scale points: kept, cut from its kept pixels, or decoded. */
async function patchesFor(scale: ScaleCarryOver): Promise<ScalePatches | AssistProblem> {
  try {
    const file = photoFile(scale.fromPhotoId);
    const cached = scalePatches;
    if (
      cached?.id === scale.fromPhotoId &&
      cached.file === file &&
      samePoints(cached.points, scale.points)
    )
      return cached.patches;
    const image =
      kept?.id === scale.fromPhotoId && kept.file === file ? kept.image : await decode(file);
    const patches = cutScalePatches(image, scale.points);
    remember(scale.fromPhotoId, scale.points, patches, file);
    return patches;
  } catch (error) {
    return {
      ok: false,
      reason: 'photo',
      message: `The previous photo could not be read for its scale points: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function remember(id: string, points: [Vec2, Vec2], patches: ScalePatches, file = photoFile(id)) {
  scalePatches = { id, file, points: [points[0], points[1]], patches };
}

function samePoints(a: [Vec2, Vec2], b: [Vec2, Vec2]): boolean {
  return a.every((p, k) => p[0] === b[k]![0] && p[1] === b[k]![1]);
}

/** The tick spacing along the segment between the two scale points. */
export function measurePhotoRulerTicks(
  photoId: string,
  s1: Vec2,
  s2: Vec2,
): Promise<RulerResponse> {
  return withPixels(photoId, (image) => {
    const found = findRulerTicks(image, s1, s2);
    if (!found.ok) return { ok: false as const, reason: found.reason, message: found.message };
    const { spacing, ticks, length, strength } = found;
    return { ok: true as const, spacing, ticks, length, strength };
  });
}
