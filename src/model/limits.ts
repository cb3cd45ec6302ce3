// Bounds of a project document that files and storage are held to: generous for any
// real project, small enough that a hostile file cannot make the tab spend minutes or
// gigabytes on it. Kept apart from the schema so that reading them loads no validator.

export const DOCUMENT_LIMITS = {
  images: 5000,
  nameLength: 1024,
  idLength: 200,
  /** Image pixels either side of the origin; photos are far smaller. */
  coordinate: 1e7,
  /** A point's standard uncertainty, px: far above any real one, a bound on nonsense. */
  uncertainty: 1e4,
  imageEdge: 1e6,
  /** Confirmed marking checks per image, and the length of one's key. */
  confirmedChecks: 20,
  checkKeyLength: 64,
  /** The reason typed for leaving a photo out of the fits. */
  reasonLength: 500,
} as const;

/**
 * The lengths a measurement can plausibly have, mm. A photographed scale is between a
 * micrometre (a microscope's scale bar) and ten metres; a press travels at most ten metres,
 * and a travel above 0 but under a nanometre is below anything a photo can show. Values
 * outside reach the analysis as denormal or overflowing numbers, where they read as
 * coincident points or non-finite strains instead of the typing slip they are.
 */
export const PLAUSIBLE_MM = {
  scaleLength: { min: 0.001, max: 10_000 },
  travel: { smallestAboveZero: 1e-6, max: 10_000 },
} as const;

/** Why a scale length cannot be right, as a sentence; null when it is plausible. */
export function scaleLengthProblem(mm: number): string | null {
  const { min, max } = PLAUSIBLE_MM.scaleLength;
  if (!Number.isFinite(mm)) return 'The scale length must be a finite number of millimetres.';
  if (mm < min)
    return `A scale length of ${mm} mm is shorter than a micrometre (${min} mm), smaller than any ruler a photo can show; enter the distance between the scale points in mm.`;
  if (mm > max)
    return `A scale length of ${mm} mm is longer than ten metres (${max} mm), more than any ruler in a photo; enter the distance between the scale points in mm.`;
  return null;
}

/** Why a press travel cannot be right, as a sentence; null when it is plausible (0 included). */
export function travelProblem(mm: number): string | null {
  const { smallestAboveZero, max } = PLAUSIBLE_MM.travel;
  if (!Number.isFinite(mm)) return 'The press travel must be a finite number of millimetres.';
  if (mm < 0) return 'The press travel cannot be negative; enter 0 or more.';
  if (mm > 0 && mm < smallestAboveZero)
    return `A press travel of ${mm} mm is below a nanometre (${smallestAboveZero} mm), finer than any photo can show; enter 0 or the travel in mm.`;
  if (mm > max)
    return `A press travel of ${mm} mm is over ten metres (${max} mm), more than any press travels; enter the travel in mm.`;
  return null;
}
