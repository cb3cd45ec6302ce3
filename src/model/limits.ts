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
