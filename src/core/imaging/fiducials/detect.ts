// fiducials/: the five-dot marker pattern. Dot candidates over a whole photo
// (candidates.ts), the five that form the pattern and their order (pattern.ts), each
// located by dot/ (candidateDots.ts); detection here, and tracking from the previous
// photo's five in tracking.ts.
//
// Automatic detection of the five fiducials on one photo: dot candidates on a reduced copy,
// the best five-dot pattern among them, each dot then located at full resolution. When
// the choice is not clear the answer says so, with the runner-up, so the user decides.
import type { Vec2 } from '../../types';
import { findCandidates } from './candidates';
import type { CandidateOptions, CandidateSearch, DotCandidate } from './candidates';
import { locateCandidate } from './candidateDots';
import type { DotLocation, DotQuality } from '../dot/types';
import { dotIssues } from './dotIssues';
import { findPatterns, orderCorners } from './pattern';
import type { RgbaImage } from '../raster/image';

export interface DetectFiducialsOptions extends CandidateOptions {
  /** The candidates of this image, found already (for tracking too): not searched again. */
  search?: CandidateSearch;
}

export interface FiducialDetection {
  /** The five fiducials in marker order: 0 top-left, 1 top-right, 2 bottom-right,
   * 3 bottom-left, 4 centre. */
  points: Vec2[];
  /** Quality of each located dot, or null where it could not be located precisely. */
  quality: (DotQuality | null)[];
  /** 0-1. Below 0.5 the detection is a guess the user should check. */
  confidence: number;
  /** What lowered the confidence, in words. */
  reasons: string[];
  /** Other plausible five-dot patterns (marker order), best first. */
  alternatives: Vec2[][];
  /** All dot candidates found, for display. */
  candidates: DotCandidate[];
}

export type FiducialSearch =
  | ({ ok: true } & FiducialDetection)
  | {
      ok: false;
      reason: 'too-few-dots' | 'no-pattern';
      message: string;
      candidates: DotCandidate[];
    };

/** The five fiducials in marker order with a confidence, or null when none are found. */
export function detectFiducials(
  image: RgbaImage,
  options?: DetectFiducialsOptions,
): FiducialDetection | null {
  const found = findFiducials(image, options);
  if (!found.ok) return null;
  const { points, quality, confidence, reasons, alternatives, candidates } = found;
  return { points, quality, confidence, reasons, alternatives, candidates };
}

/** As detectFiducials, but says why when nothing is found. */
export function findFiducials(image: RgbaImage, options?: DetectFiducialsOptions): FiducialSearch {
  const { candidates } = options?.search ?? findCandidates(image, options);
  const usable = candidates.filter((c) => c.score > 0.05);
  if (usable.length < 5) {
    return {
      ok: false,
      reason: 'too-few-dots',
      message: `Only ${usable.length} dark dot${usable.length === 1 ? '' : 's'} found; five fiducials are needed. Mark them by clicking.`,
      candidates,
    };
  }
  // The leading patterns with every dot located at full resolution: a group whose dots do
  // not all locate cleanly (a piece of a tick or a digit) drops behind one whose dots do.
  const located = new Map<number, DotLocation | null>();
  const locateOnce = (i: number) => {
    if (!located.has(i)) located.set(i, locate(image, usable[i]!));
    return located.get(i)!;
  };
  // Best first; locating only lowers a score, so stop once the next raw score cannot win.
  const raw = findPatterns(usable);
  const patterns: typeof raw = [];
  for (const pattern of raw) {
    const leader = Math.max(0, ...patterns.map((p) => p.score));
    if (patterns.length > 0 && pattern.score < leader) {
      // Not located: its raw score stands as an upper bound, for the confidence.
      patterns.push(pattern);
      break;
    }
    let score = pattern.score;
    for (const i of pattern.indices) {
      const dot = locateOnce(i);
      score *= dot === null ? 0.3 : dot.quality.grade === 'poor' ? 0.8 : 1;
    }
    patterns.push({ ...pattern, score });
  }
  patterns.sort((a, b) => b.score - a.score);
  const best = patterns[0];
  if (!best) {
    return {
      ok: false,
      reason: 'no-pattern',
      message:
        'No five dots form the marker pattern (four corners around a centre dot). Mark them by clicking.',
      candidates,
    };
  }
  const reasons: string[] = [];
  const rough = best.indices.map((i) => usable[i]!);
  const dots = best.indices.map((i) => locateOnce(i));
  const points = dots.map((l, k) => l?.centre ?? rough[k]!.centre);
  const quality = dots.map((l) => l?.quality ?? null);
  const lost = quality.filter((q) => q === null).length;

  // The order again from the refined points.
  const { order, margin } = orderCorners(points[4]!, points.slice(0, 4));
  const ordered = [...order.map((k) => points[k]!), points[4]!];
  const orderedQuality = [...order.map((k) => quality[k]!), quality[4]!];

  let confidence = Math.min(1, best.score / 0.45);
  if (best.score < 0.25) reasons.push('The dots found are not clearly a marker pattern.');
  const runnerUp = patterns[1];
  if (runnerUp) {
    const separation = (best.score - runnerUp.score) / best.score;
    if (separation < 0.3) {
      confidence *= Math.max(0.1, separation / 0.3);
      reasons.push('Another group of dots fits almost as well.');
    }
  }
  // Turned near 45 degrees, "top-left" is a matter of opinion.
  const marginDegrees = (margin * 180) / Math.PI;
  if (marginDegrees < 40) {
    confidence *= Math.max(0.2, marginDegrees / 40);
    reasons.push('The specimen is turned near 45 degrees: check which dot is top-left.');
  }
  confidence *= 1 - 0.15 * lost;
  // Each dot in doubt by name, in marker order, so the user knows which one to look at.
  for (const issue of dotIssues(orderedQuality)) reasons.push(issue.text);

  const alternatives = patterns.slice(1, 4).map((p) => p.indices.map((i) => usable[i]!.centre));
  return {
    ok: true,
    points: ordered,
    quality: orderedQuality,
    confidence: Math.max(0, Math.min(1, confidence)),
    reasons,
    alternatives,
    candidates,
  };
}

/** The candidate's dot at full resolution, or null where it cannot be located precisely. */
function locate(image: RgbaImage, candidate: DotCandidate): DotLocation | null {
  const found = locateCandidate(image, candidate);
  return found.ok ? { centre: found.centre, quality: found.quality } : null;
}
