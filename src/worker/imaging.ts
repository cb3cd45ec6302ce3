// The worker's marker assistance: snapping a click to a dot's centre, detecting the five
// fiducials, tracking them from the previous image, and measuring ruler ticks. Keeps the
// decoded pixels of the most recently used photo (one at a time) so repeated snaps on the
// open image do not decode it again. Answers are plain data; problems come back as data.
import {
  findCandidates,
  findDot,
  findFiducials,
  findRulerTicks,
  trackFiducials as trackOnImage,
} from '../core';
import type {
  CandidateSearch,
  DotQuality,
  FiducialTracking,
  LocateDotOptions,
  RgbaImage,
  TickMeasurement,
  Vec2,
} from '../core';
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

export type TrackResponse = (({ ok: true } & FiducialTracking) | AssistProblem) & Timing;

export type RulerResponse = (({ ok: true } & TickMeasurement) | AssistProblem) & Timing;

let kept: { id: string; file: File; image: RgbaImage; search?: CandidateSearch } | null = null;

/** The kept photo's dot candidates, found once for detection and tracking alike. */
function candidatesOf(image: RgbaImage): CandidateSearch {
  if (kept?.image !== image) return findCandidates(image);
  kept.search ??= findCandidates(image);
  return kept.search;
}
let decoding: { id: string; file: File; image: Promise<RgbaImage> } | null = null;

async function decode(file: File): Promise<RgbaImage> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
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
export function snapPoint(
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
export function detectFiducials(photoId: string): Promise<DetectResponse> {
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

/** The previous image's fiducials carried over to this photo and re-snapped. */
export function trackFiducials(photoId: string, previous: Vec2[]): Promise<TrackResponse> {
  return withPixels(photoId, (image) => ({
    ok: true as const,
    ...trackOnImage(image, previous, { search: candidatesOf(image) }),
  }));
}

/** The tick spacing along the segment between the two scale points. */
export function measureRulerTicks(photoId: string, s1: Vec2, s2: Vec2): Promise<RulerResponse> {
  return withPixels(photoId, (image) => {
    const found = findRulerTicks(image, s1, s2);
    if (!found.ok) return { ok: false as const, reason: found.reason, message: found.message };
    const { spacing, ticks, length, strength } = found;
    return { ok: true as const, spacing, ticks, length, strength };
  });
}
