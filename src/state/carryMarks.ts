// Marks carried from image to image: the previous image's fiducials tracked onto the next
// and its scale points found again on the ruler, or the five dots detected where there is
// no previous image, and the points put into the project as one undo step each. The
// assistance (assist.svelte.ts) offers them for one image or marks a whole sequence.
import { CONFIDENT, FIDUCIAL_COUNT, SCALE_POINT_COUNT, countPlaced } from '../core/basics';
import type { DotQuality, Vec2 } from '../core/index';
import type {
  DetectResponse,
  ScaleCarryOver,
  ScaleResponse,
  SnapResponse,
  TrackResponse,
} from '../client/engine';
import type { ProjectImage } from '../model/document';
import type { TrackedThroughVideo } from '../worker/video';
import { framePair } from './followFrames';
import type { FramePair, Following } from './followFrames';
import { plainCopy } from './plainCopy';
import type { ProjectState } from './project.svelte';

/** The part of the engine marking assistance needs (the real one, or a test double). */
export interface MarkingEngine {
  snapPhotoPoint(photoId: string, near: Vec2): Promise<SnapResponse>;
  detectPhotoFiducials(photoId: string): Promise<DetectResponse>;
  trackPhotoFiducials(
    photoId: string,
    previous: Vec2[],
    scale?: ScaleCarryOver,
  ): Promise<TrackResponse>;
  /** Tracking through a video's frames in between (absent: plain tracking only). */
  trackThroughVideo?(
    photoId: string,
    previous: Vec2[],
    pair: FramePair,
    scale?: ScaleCarryOver,
  ): Promise<TrackedThroughVideo>;
}

/**
 * `image`'s fiducials tracked from `previous`'s (and `scale` carried over): through the
 * frames in between when both are frames of one video and following is on, else directly.
 */
export async function trackFromPrevious(
  engine: MarkingEngine,
  image: ProjectImage,
  previous: ProjectImage,
  scale: ScaleCarryOver | undefined,
  following: Following,
): Promise<TrackResponse> {
  const pair = following.on ? framePair(image, previous) : null;
  if (!pair || !engine.trackThroughVideo)
    return engine.trackPhotoFiducials(image.id, fiducialsOf(previous), scale);
  const answer = await engine.trackThroughVideo(image.id, fiducialsOf(previous), pair, scale);
  following.report?.(answer.through);
  return answer;
}

/** An image's fiducials as plain data, fit to cross to the worker. */
export function fiducialsOf(image: ProjectImage): Vec2[] {
  return plainCopy(image.fiducials) as Vec2[];
}

/** An image's scale points to carry over, when both are placed. */
export function scaleSource(image: ProjectImage): ScaleCarryOver | undefined {
  if (countPlaced(image.scalePoints) !== SCALE_POINT_COUNT) return undefined;
  return {
    fromPhotoId: image.id,
    points: plainCopy(image.scalePoints) as [Vec2, Vec2],
  };
}

/** What a carry-over proposes for the scale points, and why any is left for a click. */
export function scaleOutcome(answer: ScaleResponse | undefined): {
  points: [Vec2 | null, Vec2 | null];
  reasons: string[];
} {
  if (!answer) return { points: [null, null], reasons: [] };
  if (!answer.ok) return { points: [null, null], reasons: [`S1 and S2: ${answer.message}`] };
  return { points: answer.points, reasons: answer.reasons };
}

/** Located fiducials with each one's quality (null: none known), for one image. */
export interface LocatedFiducials {
  imageId: string;
  points: Vec2[];
  quality: (DotQuality | null)[];
  /** What the detection or tracking said is in doubt; the dots it names are flagged. */
  reasons: readonly string[];
}

/**
 * Puts fiducials (and scale points, those not null, where the image has none) on an
 * image, as one undo step. Unless told to replace them, never overwrites fiducials the
 * user placed meanwhile. Returns whether it put them.
 */
export function placeFiducials(
  project: ProjectState,
  { imageId, points, quality }: LocatedFiducials,
  scalePoints: [Vec2 | null, Vec2 | null] | null,
  { replace = false } = {},
): boolean {
  const image = project.image(imageId);
  if (!image || (!replace && countPlaced(image.fiducials) > 0)) return false;
  project.beginGesture();
  try {
    // Each located dot's uncertainty goes into the document with its point.
    project.setFiducials(
      imageId,
      points,
      points.map((_, index) => quality[index] ?? null),
    );
    if (scalePoints && countPlaced(image.scalePoints) === 0)
      placeScale(project, imageId, scalePoints);
  } finally {
    project.endGesture();
  }
  return true;
}

/** Puts carried-over scale points on an image that has none yet (one undo step). */
export function placeScalePoints(
  project: ProjectState,
  imageId: string,
  points: [Vec2 | null, Vec2 | null],
): void {
  const image = project.image(imageId);
  if (!image || countPlaced(image.scalePoints) > 0 || !points.some((p) => p)) return;
  project.beginGesture();
  try {
    placeScale(project, imageId, points);
  } finally {
    project.endGesture();
  }
}

function placeScale(project: ProjectState, imageId: string, points: [Vec2 | null, Vec2 | null]) {
  points.forEach((point, index) => {
    if (point) project.setPoint(imageId, { kind: 'scale', index }, point);
  });
}

/**
 * Marks one image of a sequence from those before it (`scaleFrom`: the last with both
 * scale points): tracked from `previous`, or detected when there is none. Fiducials put in
 * place go to `placed`, for their qualities. Returns why the image needs a look.
 */
export async function markFromPrevious(
  engine: MarkingEngine,
  project: ProjectState,
  image: ProjectImage,
  previous: ProjectImage | null,
  scaleFrom: ProjectImage | null,
  placed: (located: LocatedFiducials) => void,
  following: Following = { on: false },
): Promise<string[]> {
  const marked = countPlaced(image.fiducials);
  const scaled = countPlaced(image.scalePoints);
  const scale = scaled === 0 && previous && scaleFrom ? scaleSource(scaleFrom) : undefined;
  if (marked === FIDUCIAL_COUNT && (scaled > 0 || !scale)) return [];
  if (marked > 0 && marked < FIDUCIAL_COUNT)
    return ['Partly marked: left as it is; finish it by hand.'];
  const place = (located: LocatedFiducials, scalePoints: [Vec2 | null, Vec2 | null] | null) => {
    if (placeFiducials(project, located, scalePoints)) placed(located);
  };
  if (marked === FIDUCIAL_COUNT && previous && scale) {
    // Fiducials in place already: only the scale points are carried over.
    const answer = await engine.trackPhotoFiducials(image.id, fiducialsOf(previous), scale);
    if (!answer.ok) return [answer.message];
    const carried = scaleOutcome(answer.scale);
    placeScalePoints(project, image.id, carried.points);
    return carried.reasons;
  }
  if (previous) {
    const answer = await trackFromPrevious(engine, image, previous, scale, following);
    if (!answer.ok) return [answer.message];
    const carried = scaleOutcome(answer.scale);
    const quality = answer.tracked.map((t) => t.quality);
    const located = { imageId: image.id, points: answer.points, quality, reasons: answer.reasons };
    place(located, scale ? carried.points : null);
    return [...(answer.needsReview ? answer.reasons : []), ...carried.reasons];
  }
  const answer = await engine.detectPhotoFiducials(image.id);
  if (!answer.ok) return [answer.message];
  place({ imageId: image.id, ...answer }, null);
  if (answer.reasons.length > 0) return answer.reasons;
  if (answer.confidence < CONFIDENT) return ['The detection is not sure.'];
  return [];
}
