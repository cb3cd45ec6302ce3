// The TIFF reader's refusals: every message says what is wrong and what the user can do.

/** A refusal whose message is written for the user: what is wrong and what to do about it. */
export class TiffError extends Error {
  override readonly name = 'TiffError';
}

const RESAVE = 'Save the photo as an uncompressed or LZW TIFF, or as PNG, and add that.';

export function unsupported(what: string): TiffError {
  return new TiffError(`Strain Seer cannot read ${what}. ${RESAVE}`);
}

export function damaged(what: string): TiffError {
  return new TiffError(
    `This TIFF file is damaged: ${what}. Copy it from the camera again, or save it again as PNG.`,
  );
}

export const CUT_SHORT = 'it ends before the data it points to (it may be cut short)';
