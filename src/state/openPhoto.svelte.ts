// The open photo: the pixels of the image being marked, decoded at full size in the worker
// with smaller previews for drawing it zoomed out. Only one is kept; the previous one is
// released the moment another image opens, so its pixels never show under another image's
// points and never pile up (decoded pixels live outside the garbage-collected heap).

/** Anything drawImage accepts that knows its size: an ImageBitmap, or a test double. */
export type Bitmap = CanvasImageSource & { readonly width: number; readonly height: number };

/**
 * One image's decoded pixels, tagged with the image they belong to: everything that draws,
 * magnifies or checks ownership is handed this one object.
 */
export interface Photo {
  readonly imageId: string;
  readonly full: Bitmap;
  /** Each half the size of the one before, largest first (none for a small photo). */
  readonly previews: readonly Bitmap[];
}

/**
 * The photo to show for `image`: null while the photo at hand is another image's (the
 * previous one, still decoding the next) or of another shape, since drawing it under this
 * image's points, or placing points on it, would put them in the wrong place.
 */
export function photoShownFor(
  photo: Photo | null,
  image: { id: string; width: number; height: number } | null,
): Photo | null {
  if (!photo || !image || photo.imageId !== image.id) return null;
  // A closed ImageBitmap has size 0, and so no ratio.
  const { width, height } = photo.full;
  const ratio = (width * image.height) / (height * image.width);
  return Number.isFinite(ratio) && Math.abs(ratio - 1) < 0.01 ? photo : null;
}

/** The part of the engine that decodes a photo for display (the real one, or a test double). */
export interface PhotoOpener {
  openPhoto(id: string): Promise<{ full: ImageBitmap; previews: ImageBitmap[] }>;
}

/** Frees decoded pixels at once (GPU or process memory, which the collector does not see). */
function release(bitmaps: readonly ImageBitmap[]): void {
  for (const bitmap of bitmaps) bitmap.close();
}

/** What the marking view says of an image whose photo was never added, as the match guide does. */
export function notAddedYet(name: string): string {
  return `The photo ${name} is not added yet: add it with “Add photos” (or drop it on the page), and it is matched to these marks by its file name.`;
}

export class OpenPhotoState {
  /** The decoded photo of the open image; null while it decodes or when none is open. */
  photo = $state.raw<Photo | null>(null);
  /** Why the open image's photo could not be decoded ('' when it could). */
  error = $state('');
  #openedId: string | null = null;
  /** Whether the open image's photo has not been added yet. */
  #waiting = false;
  #bitmaps: ImageBitmap[] = [];
  #engine: PhotoOpener;

  constructor(engine: PhotoOpener) {
    this.#engine = engine;
  }

  /**
   * Opens the photo of image `id` (null: none), unless it is the one already open.
   * `waitingFor` names the photo's file when the image came from a file without it (a
   * raw_data.json, a project file) and it has not been added yet: there is nothing to
   * decode, and the user is told to add it; opened again once it is added.
   */
  open(id: string | null, waitingFor: string | null = null): void {
    if (id === this.#openedId && !this.#waiting) return;
    this.#openedId = id;
    this.#waiting = waitingFor !== null;
    this.error = waitingFor === null ? '' : notAddedYet(waitingFor);
    this.#drop();
    if (id === null || waitingFor !== null) return;
    this.#engine.openPhoto(id).then(
      ({ full, previews }) => {
        // Another image opened meanwhile: this one is not wanted any more.
        if (this.#openedId !== id) return release([full, ...previews]);
        this.#drop();
        this.#bitmaps = [full, ...previews];
        this.photo = { imageId: id, full, previews };
      },
      (error: unknown) => {
        if (this.#openedId === id)
          this.error = error instanceof Error ? error.message : String(error);
      },
    );
  }

  #drop(): void {
    release(this.#bitmaps);
    this.#bitmaps = [];
    this.photo = null;
  }
}
