// Typed errors of the science core. Each message says what is wrong and what
// the user can do about it; `imageName` lets the UI show it next to the image.

export type StrainErrorCode =
  | 'invalid-input'
  | 'invalid-scale'
  | 'degenerate-markers'
  | 'inverted-configuration'
  | 'insufficient-data'
  | 'regression-undefined';

export abstract class StrainSeerError extends Error {
  abstract readonly code: StrainErrorCode;
  /** The image at fault, when one is. */
  imageName: string | undefined;

  constructor(message: string, imageName?: string) {
    super(message);
    this.name = new.target.name;
    this.imageName = imageName;
  }

  /** Attributes the error to an image (once): its name goes in front of the message. */
  attributeTo(imageName: string): this {
    if (this.imageName === undefined) {
      this.imageName = imageName;
      this.message = `${imageName}: ${this.message}`;
    }
    return this;
  }
}

/** Malformed arguments: wrong counts, non-finite coordinates. */
export class InvalidInputError extends StrainSeerError {
  readonly code = 'invalid-input';
}

/** Scale points on top of each other, or a scale length that is not a positive number. */
export class InvalidScaleError extends StrainSeerError {
  readonly code = 'invalid-scale';
}

/** Fiducials collinear or coincident, so no deformation gradient can be fitted. */
export class DegenerateMarkersError extends StrainSeerError {
  readonly code = 'degenerate-markers';
  /** Which of the two marker sets is degenerate. */
  readonly configuration: 'reference' | 'current';

  constructor(message: string, configuration: 'reference' | 'current') {
    super(message);
    this.configuration = configuration;
  }
}

/** det F <= 0: the markers are mirrored relative to the reference, usually a marker order mistake. */
export class InvertedConfigurationError extends StrainSeerError {
  readonly code = 'inverted-configuration';
}

/** Too few images or points for the requested computation. */
export class InsufficientDataError extends StrainSeerError {
  readonly code = 'insufficient-data';
}

/** The trend against press travel cannot be fitted (e.g. all travels equal). */
export class RegressionError extends StrainSeerError {
  readonly code = 'regression-undefined';
}

/** A problem in plain data, safe to send across the worker boundary and to show. */
export interface Problem {
  code: StrainErrorCode | 'internal';
  message: string;
  imageName?: string;
}

export function toProblem(error: unknown): Problem {
  if (error instanceof StrainSeerError) {
    return error.imageName === undefined
      ? { code: error.code, message: error.message }
      : { code: error.code, message: error.message, imageName: error.imageName };
  }
  const detail = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `Unexpected error in the computation: ${detail}` };
}
