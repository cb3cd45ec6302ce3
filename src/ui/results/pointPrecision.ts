// The precision side of the analysis settings: the hand-placed point uncertainty as the
// user types it, and what the set-up can resolve, worked out from the reference photo's
// marks with one cheap core call (a few 2x2 products, well inside a frame).
import { strainResolution } from '../../core/index';
import type { ImageMarks } from '../../core/index';
import { analysisMarks, handPlacedUncertaintyOf } from '../../model/document';
import type { ProjectDocument, ProjectImage } from '../../model/document';
import type { ParsedLength } from './scaleLength';

/** Plain decimal notation (a comma works as the decimal mark), optionally with an exponent. */
const NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)(e[+-]?\d+)?$/i;

/** Reads the hand-placed uncertainty as typed: a positive number of pixels, or why not. */
export function parseHandPlaced(text: string): ParsedLength {
  const trimmed = text.trim();
  const example = 'e.g. 0.5';
  if (trimmed === '') return { value: null, error: `Enter the uncertainty in px, ${example}.` };
  if (!NUMBER.test(trimmed)) {
    return { value: null, error: `“${trimmed}” is not a number; enter pixels, ${example}.` };
  }
  const value = Number(trimmed.replace(',', '.'));
  if (!Number.isFinite(value)) return { value: null, error: 'That number is too large.' };
  if (value <= 0) {
    return {
      value: null,
      error: 'The uncertainty must be greater than 0 px: no hand-placed point is exact.',
    };
  }
  if (value > 1000) {
    return { value: null, error: 'That is larger than any marker; enter pixels, e.g. 0.5.' };
  }
  return { value, error: '' };
}

/** The image every other is compared with first: the chosen reference, else the first. */
function referenceImage(doc: ProjectDocument): ProjectImage | undefined {
  const chosen = doc.reference.kind === 'total' ? doc.reference.imageId : null;
  return (chosen !== null ? doc.images.find((i) => i.id === chosen) : undefined) ?? doc.images[0];
}

/**
 * The reference photo's marks with every point's standard uncertainty (its own, or the
 * hand-placed value), once all seven points are placed; null before.
 */
export function referenceMarks(doc: ProjectDocument): ImageMarks | null {
  const image = referenceImage(doc);
  if (!image) return null;
  if (image.fiducials.some((p) => p === null) || image.scalePoints.some((p) => p === null)) {
    return null;
  }
  return analysisMarks(image, handPlacedUncertaintyOf(doc));
}

/**
 * "This set-up resolves strains of about ±2e-4 (1σ)": the smallest strain the marks of the
 * reference photo can tell from zero, with advice when the scale points set most of it, or
 * null while it cannot be said.
 */
export function setUpResolution(
  doc: ProjectDocument,
): { sentence: string; advice: string | null } | null {
  const marks = referenceMarks(doc);
  const length = doc.scaleLength;
  if (!marks || length === null || !(length > 0)) return null;
  let resolution;
  try {
    resolution = strainResolution(marks, length);
  } catch {
    return null; // marks the analysis will refuse anyway (coincident scale points, ...)
  }
  if (!resolution || !Number.isFinite(resolution.max) || resolution.max <= 0) return null;
  const sentence = `This set-up resolves strains of about ±${resolution.max.toExponential(0)} (1σ).`;
  return { sentence, advice: scaleDominates(marks, length, resolution.max) ? SCALE_ADVICE : null };
}

const SCALE_ADVICE =
  'Most of that comes from the two scale points: placing them at a higher zoom, or farther apart on the ruler, lowers it.';

/**
 * Whether the scale points carry more than half of the resolution's variance: the same
 * resolution with exact scale points is then below 1/√2 of it. Worth saying, because a user
 * who snaps every dot still sees a coarse figure when the ruler was clicked by hand.
 */
function scaleDominates(marks: ImageMarks, length: number, full: number): boolean {
  const exactScale = strainResolution({ ...marks, scaleUncertainty: [0, 0] }, length);
  return exactScale !== null && exactScale.max < full / Math.SQRT2;
}
