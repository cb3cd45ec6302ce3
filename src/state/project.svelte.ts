// The project: the single source of truth for the UI. Holds the document (every
// image's marks, press travels and the analysis settings), with undo and redo
// across all edits, plus what is known of each photo at run time.
import { untrack } from 'svelte';
import {
  FIDUCIAL_COUNT,
  HAND_PLACED_UNCERTAINTY_PX,
  SCALE_POINT_COUNT,
  emptyMarks,
  imageStatus,
  missingWork,
  nextEmptySlot,
} from '../core/index';
import type { ImageMarks, PointSlot, SequenceRequest, StrainMeasure, Vec2 } from '../core/index';
import type { MarkFinding } from '../core/index';
import { openMarkFindings } from './markChecks';
import { plainCopy } from './plainCopy';

/** One photo in the sequence, with its marks (the undoable part). */
export interface ProjectImage {
  id: string;
  name: string;
  /** Full-resolution size after EXIF orientation, in pixels. */
  width: number;
  height: number;
  fiducials: (Vec2 | null)[];
  scalePoints: (Vec2 | null)[];
  /**
   * Standard uncertainty (px, per axis) of each fiducial as it was located on its dot by a
   * snap, a detection or tracking; null for a point placed or moved by hand, which takes
   * the project's handPlacedUncertainty. Absent (a document from before uncertainties were
   * kept) means every point is hand-placed. See README.md, "Uncertainty".
   */
  fiducialUncertainty?: (number | null)[];
  /** The same for the two scale points. */
  scaleUncertainty?: (number | null)[];
  /** Press travel ("deformation distance") in mm, or null when not entered. */
  pressTravel: number | null;
  /**
   * Keys of the marking checks the user kept as marked ("Keep as marked"); cleared when a
   * fiducial of this image changes. Absent in documents from before the checks.
   */
  confirmedChecks?: string[];
}

export type ReferenceChoice = { kind: 'total'; imageId: string | null } | { kind: 'incremental' };

export interface ProjectDocument {
  /** In sequence order. */
  images: ProjectImage[];
  /** One scale length (mm) for the project; null while the input holds no valid number. */
  scaleLength: number | null;
  strainMeasure: StrainMeasure;
  /** Reference image by id (null: the first image), or incremental mode. */
  reference: ReferenceChoice;
  /**
   * Standard uncertainty (px, per axis) of a hand-placed point, set by the user; absent in
   * documents from before it existed, which then use HAND_PLACED_UNCERTAINTY_PX.
   */
  handPlacedUncertainty?: number;
}

export interface NewPhoto {
  id: string;
  name: string;
  width: number;
  height: number;
  /** Press travel read from the file name, offered as the initial value. */
  suggestedTravel: number | null;
}

export const DEFAULT_SCALE_LENGTH = 10;
/** Enough to undo a long session of clicks without keeping unbounded history. */
const HISTORY_LIMIT = 500;

export function emptyDocument(): ProjectDocument {
  return {
    images: [],
    scaleLength: DEFAULT_SCALE_LENGTH,
    strainMeasure: 'small',
    reference: { kind: 'total', imageId: null },
    handPlacedUncertainty: HAND_PLACED_UNCERTAINTY_PX,
  };
}

/** The uncertainty a hand-placed point of this document takes, px. */
export function handPlacedUncertaintyOf(
  doc: Pick<ProjectDocument, 'handPlacedUncertainty'>,
): number {
  const value = doc.handPlacedUncertainty;
  return isUsableUncertainty(value) && value > 0 ? value : HAND_PLACED_UNCERTAINTY_PX;
}

/** A located point's standard uncertainty worth keeping: a finite number of pixels, not negative. */
export function isUsableUncertainty(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The located uncertainty of the point in a slot, or null when it was placed by hand. */
export function pointUncertainty(
  image: Pick<ProjectImage, 'fiducialUncertainty' | 'scaleUncertainty'>,
  slot: PointSlot,
): number | null {
  const list = slot.kind === 'fiducial' ? image.fiducialUncertainty : image.scaleUncertainty;
  const value = list?.[slot.index];
  return isUsableUncertainty(value) ? value : null;
}

/**
 * A fully marked image as the analysis takes it: every point with its standard uncertainty,
 * its own when it was located on a dot, else `handPlaced`.
 */
export function analysisMarks(image: ProjectImage, handPlaced: number): ImageMarks {
  return {
    name: image.name,
    fiducials: image.fiducials as Vec2[],
    scalePoints: image.scalePoints as [Vec2, Vec2],
    pressTravel: image.pressTravel,
    fiducialUncertainty: image.fiducials.map(
      (_, index) => pointUncertainty(image, { kind: 'fiducial', index }) ?? handPlaced,
    ),
    scaleUncertainty: [0, 1].map(
      (index) => pointUncertainty(image, { kind: 'scale', index }) ?? handPlaced,
    ) as [number, number],
  };
}

/** All-null uncertainty lists: every point hand-placed (or not placed yet). */
export function handPlacedLists(): Pick<ProjectImage, 'fiducialUncertainty' | 'scaleUncertainty'> {
  return {
    fiducialUncertainty: Array.from({ length: FIDUCIAL_COUNT }, () => null),
    scaleUncertainty: Array.from({ length: SCALE_POINT_COUNT }, () => null),
  };
}

/** Why the analysis cannot run yet, in words a user can act on. */
export interface Readiness {
  request: SequenceRequest | null;
  /** Images included in the analysis, in order. */
  included: ProjectImage[];
  messages: string[];
}

export const MIN_IMAGES_FOR_ANALYSIS = 3;

export class ProjectState {
  doc = $state<ProjectDocument>(emptyDocument());
  /** Object URLs of thumbnails by image id (run-time only, never saved). */
  thumbnails = $state<Record<string, string>>({});
  selectedId = $state<string | null>(null);

  #past: ProjectDocument[] = [];
  #future: ProjectDocument[] = [];
  #gestureStart: ProjectDocument | null = null;
  /** Whether anything in the document was edited since the gesture began (see endGesture). */
  #gestureTouched = false;
  /** Bumped on every history change so canUndo/canRedo stay reactive. */
  #historyVersion = $state(0);
  /** The last batch of photos added, and the history version just after it (see addImages). */
  #lastBatch: { batch: object; version: number } | null = null;
  /**
   * Plain copies of the images as the history last copied them, reused while an image is
   * unchanged: a history step then copies the images edited since the last step, not the
   * whole project. Every photo of "Mark the whole sequence" is a step and every drag
   * begins one, so copying all 30 (or 200) images each time grew with the project. The
   * copies are shared between history entries and never edited: an entry that undo makes
   * live again is wrapped in a state proxy, which keeps its changes to itself and leaves
   * the object it was made from as it was (Svelte's documented behaviour; the history
   * tests would catch a change).
   */
  #copies = new WeakMap<ProjectImage, { revision: number; copy: ProjectImage }>();
  /** Bumped for an image on every edit of it (see #touched). */
  #revisions: Record<string, number> = Object.create(null) as Record<string, number>;

  readonly canUndo = $derived(this.#historyVersion >= 0 && this.#past.length > 0);
  readonly canRedo = $derived(this.#historyVersion >= 0 && this.#future.length > 0);

  readonly selected = $derived(this.doc.images.find((image) => image.id === this.selectedId));

  /** Each photo's marking mistake not yet fixed or confirmed, by image id (see markChecks.ts). */
  readonly markFindings: Record<string, MarkFinding> = $derived(openMarkFindings(this.doc));

  readonly readiness: Readiness = $derived(this.#readiness());

  // ---- history ----

  #record(): void {
    if (this.#gestureStart) {
      this.#gestureTouched = true;
      return; // a gesture records once, when it ends
    }
    this.#past.push(this.#copy());
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
    this.#historyVersion++;
  }

  /** A plain copy of the document for the history, sharing the copies of unchanged images. */
  #copy(): ProjectDocument {
    return untrack(() => {
      const { images, ...settings } = this.doc;
      const plain = plainCopy(settings);
      return { ...plain, images: images.map((image) => this.#imageCopy(image)) };
    });
  }

  #imageCopy(image: ProjectImage): ProjectImage {
    const revision = this.#revisions[image.id] ?? 0;
    const known = this.#copies.get(image);
    if (known && known.revision === revision) return known.copy;
    const copy = plainCopy(image);
    this.#copies.set(image, { revision, copy });
    return copy;
  }

  /** Marks an image as edited, so the history copies it afresh. */
  #touched(id: string): void {
    this.#revisions[id] = (this.#revisions[id] ?? 0) + 1;
  }

  /** Starts an edit made of many small changes (a drag): it undoes as one step. */
  beginGesture(): void {
    if (this.#gestureStart) return;
    this.#gestureStart = this.#copy();
    this.#gestureTouched = false;
  }

  /**
   * Ends the edit begun by beginGesture: it becomes one undo step, unless the document ends
   * as it began (a focus and blur with no typing, a drag back to where it started).
   */
  endGesture(): void {
    const start = this.#gestureStart;
    const touched = this.#gestureTouched;
    this.#gestureStart = null;
    this.#gestureTouched = false;
    // Every edit passes through #record, so an untouched gesture changed nothing. Otherwise
    // the start is compared with the live document in place, stopping at the first
    // difference: no second snapshot and no JSON of the whole document. That used to be
    // most of the cost of each photo marked by "Mark the whole sequence", and grew with
    // the number of photos. Untracked, so a caller inside an effect does not come to
    // depend on every field of the document.
    if (!start || !touched || untrack(() => sameData(start, this.doc))) return;
    this.#past.push(start);
    if (this.#past.length > HISTORY_LIMIT) this.#past.shift();
    this.#future = [];
    this.#historyVersion++;
  }

  undo(): void {
    const previous = this.#past.pop();
    if (!previous) return;
    this.#future.push(this.#copy());
    this.doc = previous;
    this.#afterHistoryJump();
  }

  redo(): void {
    const next = this.#future.pop();
    if (!next) return;
    this.#past.push(this.#copy());
    this.doc = next;
    this.#afterHistoryJump();
  }

  #afterHistoryJump(): void {
    // An undo or redo in the middle of a gesture replaces the document under it.
    if (this.#gestureStart) this.#gestureTouched = true;
    this.#historyVersion++;
    if (this.selectedId && !this.doc.images.some((i) => i.id === this.selectedId)) {
      this.selectedId = this.doc.images[0]?.id ?? null;
    }
  }

  // ---- images ----

  image(id: string): ProjectImage | undefined {
    return this.doc.images.find((image) => image.id === id);
  }

  /**
   * Adds decoded photos at the end of the sequence. Unless told otherwise, the
   * first photo opens when nothing is open yet.
   */
  /**
   * Appends photos to the sequence. Calls that pass the same `batch` token with no other
   * edit in between undo as one step, so photos added one by one as they are decoded
   * still come off together with a single undo.
   */
  addImages(
    photos: readonly NewPhoto[],
    { openFirst = true, batch }: { openFirst?: boolean; batch?: object } = {},
  ): void {
    if (photos.length === 0) return;
    const last = this.#lastBatch;
    const continues =
      batch !== undefined && last?.batch === batch && last.version === this.#historyVersion;
    if (!continues) this.#record();
    else if (this.#gestureStart) this.#gestureTouched = true;
    if (batch !== undefined) this.#lastBatch = { batch, version: this.#historyVersion };
    for (const photo of photos) {
      const marks = emptyMarks();
      this.doc.images.push({
        id: photo.id,
        name: photo.name,
        width: photo.width,
        height: photo.height,
        fiducials: marks.fiducials,
        scalePoints: marks.scalePoints,
        ...handPlacedLists(),
        pressTravel: photo.suggestedTravel,
      });
    }
    if (openFirst) this.openFirstIfNone();
  }

  /** Opens the first photo of the sequence when none is open. */
  openFirstIfNone(): void {
    this.selectedId ??= this.doc.images[0]?.id ?? null;
  }

  removeImage(id: string): void {
    const index = this.doc.images.findIndex((image) => image.id === id);
    if (index < 0) return;
    this.#record();
    this.doc.images.splice(index, 1);
    if (this.doc.reference.kind === 'total' && this.doc.reference.imageId === id) {
      this.doc.reference = { kind: 'total', imageId: null };
    }
    if (this.selectedId === id) {
      this.selectedId = (this.doc.images[index] ?? this.doc.images[index - 1])?.id ?? null;
    }
  }

  /** Moves an image up (-1) or down (+1) in the sequence. */
  moveImage(id: string, delta: number): void {
    const from = this.doc.images.findIndex((image) => image.id === id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= this.doc.images.length) return;
    this.#record();
    const [moved] = this.doc.images.splice(from, 1);
    if (moved) this.doc.images.splice(to, 0, moved);
  }

  hasImageNamed(name: string): boolean {
    return this.doc.images.some((image) => image.name === name);
  }

  // ---- points ----

  /** Places a point in the next empty slot (fiducials 0-4, then scale 1-2); returns the slot. */
  placeNext(id: string, point: Vec2): PointSlot | null {
    const image = this.image(id);
    if (!image) return null;
    const slot = nextEmptySlot(image);
    if (!slot) return null;
    this.setPoint(id, slot, point);
    return slot;
  }

  /**
   * Places or moves a point. `uncertainty` is its standard uncertainty (px) when it sits on
   * a located dot; a point placed or moved by hand (the default) has none of its own.
   */
  setPoint(id: string, slot: PointSlot, point: Vec2, uncertainty: number | null = null): void {
    const image = this.image(id);
    if (!image || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) return;
    const list = slot.kind === 'fiducial' ? image.fiducials : image.scalePoints;
    const limit = slot.kind === 'fiducial' ? FIDUCIAL_COUNT : SCALE_POINT_COUNT;
    if (slot.index < 0 || slot.index >= limit) return;
    this.#record();
    this.#touched(id);
    list[slot.index] = [point[0], point[1]];
    if (slot.kind === 'fiducial') delete image.confirmedChecks;
    setUncertainty(image, slot, uncertainty);
  }

  deletePoint(id: string, slot: PointSlot): void {
    const image = this.image(id);
    if (!image) return;
    const list = slot.kind === 'fiducial' ? image.fiducials : image.scalePoints;
    if (list[slot.index] == null) return;
    this.#record();
    this.#touched(id);
    list[slot.index] = null;
    if (slot.kind === 'fiducial') delete image.confirmedChecks;
    setUncertainty(image, slot, null);
  }

  /**
   * Moves a just-placed point to where it was refined (a snap to the dot's centre) as part
   * of the edit that placed it: no new undo step, and the history holds the refined point
   * wherever it held the raw one. Does nothing if the point has moved since.
   */
  refinePoint(
    id: string,
    slot: PointSlot,
    from: Vec2,
    to: Vec2,
    uncertainty: number | null = null,
  ): boolean {
    const current = this.pointAt(id, slot);
    if (!current || current[0] !== from[0] || current[1] !== from[1]) return false;
    if (!Number.isFinite(to[0]) || !Number.isFinite(to[1])) return false;
    const swap = (doc: ProjectDocument) => {
      const image = doc.images.find((i) => i.id === id);
      const list = image && (slot.kind === 'fiducial' ? image.fiducials : image.scalePoints);
      const point = list?.[slot.index];
      if (image && list && point && point[0] === from[0] && point[1] === from[1]) {
        list[slot.index] = [to[0], to[1]];
        // The refined point is located on its dot: its uncertainty goes with it everywhere.
        setUncertainty(image, slot, uncertainty);
      }
    };
    swap(this.doc);
    this.#touched(id);
    this.#past.forEach(swap);
    this.#future.forEach(swap);
    if (this.#gestureStart) swap(this.#gestureStart);
    return true;
  }

  /**
   * Sets an image's five fiducials at once (detected or tracked), as one undo step, with
   * each one's located uncertainty (px; null or absent: none of its own).
   */
  setFiducials(
    id: string,
    points: readonly (Vec2 | null)[],
    uncertainties: readonly (number | null)[] = [],
  ): void {
    const image = this.image(id);
    if (!image || points.length !== FIDUCIAL_COUNT) return;
    if (points.some((p) => p !== null && (!Number.isFinite(p[0]) || !Number.isFinite(p[1]))))
      return;
    this.#record();
    this.#touched(id);
    image.fiducials = points.map((p) => (p ? ([p[0], p[1]] as Vec2) : null));
    delete image.confirmedChecks;
    image.fiducialUncertainty = points.map((p, i) => {
      const value = uncertainties[i];
      return p && isUsableUncertainty(value) ? value : null;
    });
  }

  /**
   * Puts the fiducials in another order, their uncertainties with them (one undo step):
   * new fiducial k is the old fiducial order[k]. The fix of a turned or mirrored order.
   */
  reorderFiducials(id: string, order: readonly number[]): void {
    const image = this.image(id);
    if (!image || order.length !== FIDUCIAL_COUNT) return;
    const points = order.map((i) => image.fiducials[i] ?? null);
    const uncertainties = order.map((i) => image.fiducialUncertainty?.[i] ?? null);
    this.setFiducials(id, points, uncertainties);
  }

  /** Keeps a photo's marks as they are despite a marking check ("Keep as marked"); undoable. */
  confirmMarks(id: string, key: string): void {
    const image = this.image(id);
    if (!image || image.confirmedChecks?.includes(key)) return;
    this.#record();
    this.#touched(id);
    image.confirmedChecks = [...(image.confirmedChecks ?? []), key];
  }

  pointAt(id: string, slot: PointSlot): Vec2 | null {
    const image = this.image(id);
    if (!image) return null;
    return (slot.kind === 'fiducial' ? image.fiducials : image.scalePoints)[slot.index] ?? null;
  }

  // ---- values and settings ----

  setPressTravel(id: string, travel: number | null): void {
    const image = this.image(id);
    if (!image || image.pressTravel === travel) return;
    this.#record();
    this.#touched(id);
    image.pressTravel = travel;
  }

  setScaleLength(length: number | null): void {
    if (this.doc.scaleLength === length) return;
    this.#record();
    this.doc.scaleLength = length;
  }

  setStrainMeasure(measure: StrainMeasure): void {
    if (this.doc.strainMeasure === measure) return;
    this.#record();
    this.doc.strainMeasure = measure;
  }

  /** Sets the uncertainty (px) of every hand-placed point; ignored unless a positive number. */
  setHandPlacedUncertainty(value: number): void {
    if (!Number.isFinite(value) || !(value > 0)) return;
    if (this.doc.handPlacedUncertainty === value) return;
    this.#record();
    this.doc.handPlacedUncertainty = value;
  }

  setReference(reference: ReferenceChoice): void {
    if (JSON.stringify(this.doc.reference) === JSON.stringify(reference)) return;
    this.#record();
    this.doc.reference = reference;
  }

  /** Replaces the whole document (opening a project); undoable. */
  replaceDocument(doc: ProjectDocument): void {
    this.#record();
    this.doc = doc;
    this.selectedId = doc.images[0]?.id ?? null;
  }

  /**
   * Puts back a saved document (autosave restore, or the other tab's latest
   * save): not an edit, so it clears the undo history instead of joining it.
   */
  restore(doc: ProjectDocument, selectedId: string | null): void {
    this.doc = doc;
    this.#past = [];
    this.#future = [];
    this.#gestureStart = null;
    this.#gestureTouched = false;
    this.#historyVersion++;
    const known = selectedId !== null && doc.images.some((image) => image.id === selectedId);
    this.selectedId = known ? selectedId : (doc.images[0]?.id ?? null);
  }

  /** Starts a new, empty project: no images, default settings, no undo history. */
  clear(): void {
    this.restore(emptyDocument(), null);
    this.thumbnails = {};
  }

  // ---- analysis readiness ----

  #readiness(): Readiness {
    const { images, scaleLength, strainMeasure, reference } = this.doc;
    const messages: string[] = [];
    if (images.length === 0)
      return { request: null, included: [], messages: ['Add photos to begin.'] };
    // A photo with a marking mistake not fixed or confirmed stays out, and says why.
    const flagged = this.markFindings;
    const included = images.filter(
      (image) => imageStatus(image) === 'complete' && !flagged[image.id],
    );
    images.forEach((image, i) => {
      const todo = missingWork(image);
      if (todo.length > 0) messages.push(`Image ${i + 1} (${image.name}): ${todo.join(', ')}.`);
      const finding = flagged[image.id];
      if (finding) {
        messages.push(
          `Image ${i + 1} (${image.name}) is left out until its marks are checked: ${finding.message}`,
        );
      }
    });
    if (scaleLength === null || !(scaleLength > 0)) {
      messages.unshift('Enter the scale length in mm (a positive number).');
    }
    if (included.length < MIN_IMAGES_FOR_ANALYSIS) {
      messages.unshift(
        `The analysis needs at least ${MIN_IMAGES_FOR_ANALYSIS} complete images; ${included.length} ${included.length === 1 ? 'is' : 'are'} complete.`,
      );
      return { request: null, included, messages };
    }
    let referenceIndex = 0;
    if (reference.kind === 'total' && reference.imageId !== null) {
      referenceIndex = included.findIndex((image) => image.id === reference.imageId);
      if (referenceIndex < 0) {
        const chosen = this.image(reference.imageId);
        messages.unshift(
          `The reference image ${chosen ? `(${chosen.name}) ` : ''}is not complete; complete it or pick another reference.`,
        );
        return { request: null, included, messages };
      }
    }
    if (scaleLength === null || !(scaleLength > 0)) return { request: null, included, messages };
    // Every point carries its standard uncertainty into the analysis: its own when it was
    // located on a dot, else the project's hand-placed value.
    const handPlaced = handPlacedUncertaintyOf(this.doc);
    const marks: ImageMarks[] = included.map((image) => analysisMarks(image, handPlaced));
    const request: SequenceRequest = {
      images: marks,
      scaleLength,
      measure: strainMeasure,
      reference:
        reference.kind === 'incremental'
          ? { kind: 'incremental' }
          : { kind: 'total', referenceIndex },
    };
    return { request, included, messages };
  }
}

/** Records a slot's uncertainty on an image, creating its lists when the image had none. */
function setUncertainty(image: ProjectImage, slot: PointSlot, value: number | null): void {
  const kept = isUsableUncertainty(value) ? value : null;
  if (slot.kind === 'fiducial') {
    image.fiducialUncertainty ??= handPlacedLists().fiducialUncertainty;
    (image.fiducialUncertainty as (number | null)[])[slot.index] = kept;
  } else {
    image.scaleUncertainty ??= handPlacedLists().scaleUncertainty;
    (image.scaleUncertainty as (number | null)[])[slot.index] = kept;
  }
}

/**
 * Whether two pieces of document data are equal as saved (the JSON the document becomes):
 * arrays item by item, objects key by key, numbers by value (NaN, saved as null, equals
 * itself). Reads `b` through its state proxy when it is one, without copying it.
 */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a === 'number' && typeof b === 'number') return Number.isNaN(a) && Number.isNaN(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // Keys holding undefined are left out of JSON, so they do not count here either.
  const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => o[k] !== undefined);
  const leftKeys = keys(left);
  if (leftKeys.length !== keys(right).length) return false;
  return leftKeys.every((key) => Object.hasOwn(right, key) && sameData(left[key], right[key]));
}
