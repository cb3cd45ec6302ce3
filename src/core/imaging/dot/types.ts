// What a dot search is asked and answers: its options and their defaults, the located
// dot's quality, and the reasons a search finds no dot, in words a user can act on.
import type { Vec2 } from '../../types';

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
export const DEFAULT_MAX_DIAMETER = 90;

export interface DotLimits {
  radius: number;
  minDiameter: number;
  maxDiameter: number;
  minContrast: number;
  maxElongation: number;
}

export function limitsFrom(options: LocateDotOptions | undefined): DotLimits {
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

export function reject(reason: DotRejection): { ok: false; reason: DotRejection; message: string } {
  return { ok: false, reason, message: MESSAGES[reason] };
}
