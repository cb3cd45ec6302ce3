// The verdict on two tracked scale points: which to propose and which to leave for a
// click, and why, in words a user can act on.
import type { Vec2 } from '../../types';
import type { PatchMatch } from '../patch/types';
import { zoomAlong } from '../raster/warp';

export type ScalePointStatus = 'tracked' | 'ambiguous' | 'lost';

export interface TrackedScalePoint {
  /** The best match in the new photo, even when it is not trusted (null when none). */
  point: Vec2 | null;
  status: ScalePointStatus;
  /** ZNCC of the patch at the match, -1 to 1. */
  score: number;
  /** The best other alignment's score over the match's, 0-1 (near 1: a guess). */
  ambiguity: number;
}

export interface ScaleTracking {
  /** The points to propose: each null when it needs a click instead. */
  points: [Vec2 | null, Vec2 | null];
  tracked: [TrackedScalePoint, TrackedScalePoint];
  /** The camera's zoom along the ruler between the photos, as the patches measured it. */
  zoom: number | null;
  previousDistance: number;
  /** Distance between the matches, px, and its change beyond the zoom (0.013: 1.3 %). */
  distance: number | null;
  distanceChange: number | null;
  needsReview: boolean;
  reasons: string[];
}

/** At or above this the best other alignment is too close to call: not proposed. */
export const AMBIGUOUS = 0.9;
/** Below this ZNCC the patch is not in the photo (covered, out of view, too blurred). */
export const MIN_SCORE = 0.6;
/**
 * The ruler does not stretch: a larger change of the distance beyond the zoom is flagged.
 * One tick off on a 40 mm span of 0.5 mm ticks is 1.25 %.
 */
export const DISTANCE_TOLERANCE = 0.01;

const NAMES = ['S1', 'S2'] as const;

export interface ScaleEvidence {
  one: PatchMatch | null;
  two: PatchMatch | null;
  /** The middle patch, for the zoom halfway along the ruler (null when not found). */
  middle: PatchMatch | null;
  /** S1 -> S2 on the previous photo. */
  along: Vec2;
  /** The second-best place of the whole ruler, its score over the best's. */
  rival: number;
}

export function judgeScalePoints(evidence: ScaleEvidence): ScaleTracking {
  const { one, two, middle, along, rival } = evidence;
  const previousDistance = Math.hypot(along[0], along[1]);
  const tracked: [TrackedScalePoint, TrackedScalePoint] = [judge(one, rival), judge(two, rival)];
  const reasons: string[] = [];
  const points: [Vec2 | null, Vec2 | null] = [null, null];
  tracked.forEach((t, k) => {
    const name = NAMES[k]!;
    if (t.status === 'tracked') points[k] = t.point;
    else if (t.status === 'lost')
      reasons.push(`${name} was not found on this photo: click it on the ruler.`);
    else if (rival >= AMBIGUOUS)
      reasons.push(`The ruler looks alike in more than one place: click ${name}.`);
    else
      reasons.push(
        `${name} could as well be on a neighbouring tick (the ruler looks the same there): click it.`,
      );
  });
  const zoom = one && two ? zoomBetween(one, two, middle, along) : null;
  const distance =
    one && two ? Math.hypot(two.centre[0] - one.centre[0], two.centre[1] - one.centre[1]) : null;
  const distanceChange =
    distance !== null && zoom !== null && previousDistance > 0
      ? distance / (zoom * previousDistance) - 1
      : null;
  if (points[0] && points[1] && distanceChange !== null) {
    if (Math.abs(distanceChange) > DISTANCE_TOLERANCE) {
      const percent = (Math.abs(distanceChange) * 100).toFixed(1);
      const way = distanceChange > 0 ? 'further apart' : 'closer together';
      reasons.push(
        `S1 and S2 came out ${percent} % ${way} than the camera's zoom explains, and a ruler does not stretch: one is probably on a neighbouring tick. Click both.`,
      );
      points[0] = null;
      points[1] = null;
    }
  }
  return {
    points,
    tracked,
    zoom,
    previousDistance,
    distance,
    distanceChange,
    needsReview: reasons.length > 0,
    reasons,
  };
}

function judge(match: PatchMatch | null, rival: number): TrackedScalePoint {
  if (!match) return { point: null, status: 'lost', score: 0, ambiguity: 0 };
  const ambiguity = Math.max(match.ambiguity, rival);
  const status =
    match.score < MIN_SCORE || match.atEdge
      ? 'lost'
      : ambiguity >= AMBIGUOUS
        ? 'ambiguous'
        : 'tracked';
  return { point: match.centre, status, score: match.score, ambiguity };
}

/**
 * The zoom along the ruler between the two photos, averaged over the span: Simpson's rule
 * over the zooms at S1, halfway and S2. A ruler seen at a slant, through a lens that bends
 * a little towards the edges, is magnified differently along its length (the demo ruler
 * 12 % more at one end than the other); the plain mean of the end zooms misses by about 1 %,
 * Simpson's rule by a few tenths. Without the middle, the geometric mean of the ends, which
 * is exact for a slant without lens distortion.
 */
function zoomBetween(
  one: PatchMatch,
  two: PatchMatch,
  middle: PatchMatch | null,
  along: Vec2,
): number {
  const z1 = zoomAlong(one.warp, along);
  const z2 = zoomAlong(two.warp, along);
  if (!middle || middle.score < MIN_SCORE) return Math.sqrt(z1 * z2);
  return (z1 + 4 * zoomAlong(middle.warp, along) + z2) / 6;
}
