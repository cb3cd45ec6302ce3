// The project: the UI's single source of truth. The document (every image's marks, travels
// and the settings), every edit of it with undo and redo, and what is known of each photo.
import { untrack } from 'svelte';
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT, nextEmptySlot } from '../core/basics';
import type { PointSlot, StrainMeasure, Vec2 } from '../core/index';
import {
  emptyDocument,
  newImage,
  precisionAt,
  refinePointIn,
  setPointUncertainty,
} from '../model/document';
import type {
  NewPhoto,
  PointPrecision,
  ProjectDocument,
  ProjectImage,
  ReferenceChoice,
} from '../model/document';
import { sameData } from '../model/sameData';
import { EditLog } from './editLog.svelte';
import { DocumentHistory, type HistoryEntry } from './history.svelte';
import { openMarkFindings } from './markChecks';
import { readinessOf } from './readiness';
import { restoreInPlace } from './documentRestore';

const isFinitePoint = (p: Vec2) => Number.isFinite(p[0]) && Number.isFinite(p[1]);

export class ProjectState {
  doc = $state<ProjectDocument>(emptyDocument());
  /**
   * The photos this session holds, by image id, with their thumbnails' object URLs (run-time
   * only): a photo and its thumbnail arrive and leave together. See `hasPhoto`.
   */
  thumbnails = $state<Record<string, string>>({});
  selectedId = $state<string | null>(null);
  /** Each image's press travel as the file last opened gave it, by name (run-time only). */
  travelsRead = $state.raw<Record<string, number | null>>({});

  /**
   * Up by one with every change of the document (edit, undo, redo, open, restore): what must
   * follow every change watches it (the autosave, the history's copies).
   */
  #revision = $state(0);
  /**
   * Names the content: every edit, open or restore gives a new number; undo and redo give back
   * the number of the state they return to, so an edit undone leaves nothing unsaved.
   */
  #version = $state(0);
  /** The last version handed out; versions are never reused. */
  #lastVersion = 0;
  #history = new DocumentHistory(() => ({
    doc: this.edits.copy(this.doc),
    version: untrack(() => this.#version),
  }));
  /** Which images each change touched, for the copies of the document and the autosave. */
  readonly edits = new EditLog();
  /** The last batch of photos added, and the revision just after it (see addImages). */
  #lastBatch: { batch: object; revision: number } | null = null;

  readonly selected = $derived(this.doc.images.find((image) => image.id === this.selectedId));

  /** Each photo's marking mistake not yet fixed or confirmed, by image id (see markChecks.ts). */
  readonly markFindings = $derived(openMarkFindings(this.edits.latest(this.doc)));

  readonly readiness = $derived(readinessOf(this.edits.latest(this.doc), this.markFindings));

  /** Whether this image's photo is here this session; if not, the image waits for it. */
  hasPhoto(imageId: string): boolean {
    return imageId in this.thumbnails;
  }

  get revision(): number {
    return this.#revision;
  }

  get version(): number {
    return this.#version;
  }

  get canUndo(): boolean {
    return this.#history.canUndo;
  }

  get canRedo(): boolean {
    return this.#history.canRedo;
  }

  // ---- changes and history ----

  /**
   * Notes a change of the document (of one image's marks, when `imageId` is given); its
   * content takes `version`, a new one unless a step of the history brings an old one back.
   */
  #changed(imageId: string | null = null, version = ++this.#lastVersion): void {
    // Untracked, so that an edit made inside an effect does not make it depend on this.
    const revision = untrack(() => this.#revision) + 1;
    this.#revision = revision;
    this.#version = version;
    this.edits.note(imageId, revision);
  }

  /** An undoable edit: the history keeps the document as it was, then `change` runs. */
  #edit(imageId: string | null, change: () => void): void {
    this.#history.record();
    change();
    this.#changed(imageId);
  }

  /** Starts an edit made of many small changes (a drag, `continuous`): it undoes as one step. */
  beginGesture({ continuous = false } = {}): void {
    this.#history.beginGesture();
    this.edits.dragging ||= continuous;
  }

  /**
   * Ends the edit begun by beginGesture: it becomes one undo step, unless the document ends
   * as it began (a focus and blur with no typing, a drag back to where it started).
   */
  endGesture(): void {
    const unchanged = this.#history.endGesture(this.doc);
    if (unchanged) this.#version = unchanged.version;
    this.edits.dragging = false;
  }

  undo(): void {
    const previous = this.#history.undo();
    if (previous) this.#jumpTo(previous);
  }

  redo(): void {
    const next = this.#history.redo();
    if (next) this.#jumpTo(next);
  }

  #jumpTo({ doc, version }: HistoryEntry): void {
    const { images, other } = restoreInPlace(this.doc, doc, this.edits.copy(this.doc));
    const noted = other || images.length === 0 ? [...images, null] : images;
    for (const id of noted) this.#changed(id, version);
    if (this.selectedId && !this.doc.images.some((i) => i.id === this.selectedId)) {
      this.selectedId = this.doc.images[0]?.id ?? null;
    }
  }

  // ---- images ----

  image(id: string): ProjectImage | undefined {
    return this.doc.images.find((image) => image.id === id);
  }

  /**
   * Appends photos to the sequence; unless told otherwise, the first photo opens when
   * nothing is open yet. Calls that pass the same `batch` token with no other change in
   * between undo as one step, so photos added one by one as they are decoded still come
   * off together with a single undo.
   */
  addImages(
    photos: readonly NewPhoto[],
    { openFirst = true, batch }: { openFirst?: boolean; batch?: object } = {},
  ): void {
    if (photos.length === 0) return;
    const last = this.#lastBatch;
    const continues =
      batch !== undefined &&
      last?.batch === batch &&
      last.revision === untrack(() => this.#revision);
    if (continues) this.#history.joinLast();
    else this.#history.record();
    for (const photo of photos) this.doc.images.push(newImage(photo));
    this.#changed();
    if (batch !== undefined) this.#lastBatch = { batch, revision: untrack(() => this.#revision) };
    if (openFirst) this.openFirstIfNone();
  }

  /** Opens the first photo of the sequence when none is open. */
  openFirstIfNone(): void {
    this.selectedId ??= this.doc.images[0]?.id ?? null;
  }

  removeImage(id: string): void {
    const index = this.doc.images.findIndex((image) => image.id === id);
    if (index < 0) return;
    this.#edit(null, () => {
      this.doc.images.splice(index, 1);
      if (this.doc.reference.kind === 'total' && this.doc.reference.imageId === id) {
        this.doc.reference = { kind: 'total', imageId: null };
      }
    });
    if (this.selectedId === id) {
      this.selectedId = (this.doc.images[index] ?? this.doc.images[index - 1])?.id ?? null;
    }
  }

  /** Moves an image up (-1) or down (+1) in the sequence. */
  moveImage(id: string, delta: number): void {
    const from = this.doc.images.findIndex((image) => image.id === id);
    const to = from + delta;
    if (from < 0 || to < 0 || to >= this.doc.images.length) return;
    this.#edit(null, () => {
      const [moved] = this.doc.images.splice(from, 1);
      if (moved) this.doc.images.splice(to, 0, moved);
    });
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
  setPoint(id: string, slot: PointSlot, point: Vec2, uncertainty: PointPrecision = null): void {
    const image = this.image(id);
    if (!image || !isFinitePoint(point)) return;
    const limit = slot.kind === 'fiducial' ? FIDUCIAL_COUNT : SCALE_POINT_COUNT;
    if (slot.index < 0 || slot.index >= limit) return;
    this.#edit(id, () => {
      const list = slot.kind === 'fiducial' ? image.fiducials : image.scalePoints;
      list[slot.index] = [point[0], point[1]];
      if (slot.kind === 'fiducial') delete image.confirmedChecks;
      setPointUncertainty(image, slot, uncertainty);
    });
  }

  deletePoint(id: string, slot: PointSlot): void {
    const image = this.image(id);
    if (!image) return;
    const list = slot.kind === 'fiducial' ? image.fiducials : image.scalePoints;
    if (list[slot.index] == null) return;
    this.#edit(id, () => {
      list[slot.index] = null;
      if (slot.kind === 'fiducial') delete image.confirmedChecks;
      setPointUncertainty(image, slot, null);
    });
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
    uncertainty: PointPrecision = null,
  ): boolean {
    const current = this.pointAt(id, slot);
    if (!current || current[0] !== from[0] || current[1] !== from[1]) return false;
    if (!isFinitePoint(to)) return false;
    // The refined point is located on its dot: its uncertainty goes with it everywhere.
    const swap = (doc: ProjectDocument) => refinePointIn(doc, id, slot, [from, to], uncertainty);
    swap(this.doc);
    this.#changed(id);
    this.#history.rewrite(swap);
    return true;
  }

  /**
   * Sets an image's five fiducials at once (detected or tracked), as one undo step, with
   * each one's located uncertainty (px; null or absent: none of its own).
   */
  setFiducials(
    id: string,
    points: readonly (Vec2 | null)[],
    uncertainties: readonly PointPrecision[] = [],
  ): void {
    const image = this.image(id);
    if (!image || points.length !== FIDUCIAL_COUNT) return;
    if (points.some((p) => p !== null && !isFinitePoint(p))) return;
    this.#edit(id, () => {
      image.fiducials = points.map((p) => (p ? ([p[0], p[1]] as Vec2) : null));
      delete image.confirmedChecks;
      points.forEach((p, index) =>
        setPointUncertainty(
          image,
          { kind: 'fiducial', index },
          p ? (uncertainties[index] ?? null) : null,
        ),
      );
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
    const uncertainties = order.map((index) => precisionAt(image, { kind: 'fiducial', index }));
    this.setFiducials(id, points, uncertainties);
  }

  /** Keeps a photo's marks as they are despite a marking check ("Keep as marked"); undoable. */
  confirmMarks(id: string, key: string): void {
    const image = this.image(id);
    if (!image || image.confirmedChecks?.includes(key)) return;
    this.#edit(id, () => {
      image.confirmedChecks = [...(image.confirmedChecks ?? []), key];
    });
  }

  /** Leaves a photo out of the trend fits for a reason, or (null) takes it back in; undoable. */
  setLeftOut(id: string, reason: string | null): void {
    const image = this.image(id);
    const kept = reason?.trim() || null;
    if (!image || (image.leftOut?.reason ?? null) === kept) return;
    this.#edit(id, () => {
      if (kept === null) delete image.leftOut;
      else image.leftOut = { reason: kept };
    });
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
    this.#edit(id, () => (image.pressTravel = travel));
  }

  setScaleLength(length: number | null): void {
    if (this.doc.scaleLength === length) return;
    this.#edit(null, () => (this.doc.scaleLength = length));
  }

  setStrainMeasure(measure: StrainMeasure): void {
    if (this.doc.strainMeasure === measure) return;
    this.#edit(null, () => (this.doc.strainMeasure = measure));
  }

  /** Sets the uncertainty (px) of every hand-placed point; ignored unless a positive number. */
  setHandPlacedUncertainty(value: number): void {
    if (!Number.isFinite(value) || !(value > 0)) return;
    if (this.doc.handPlacedUncertainty === value) return;
    this.#edit(null, () => (this.doc.handPlacedUncertainty = value));
  }

  /** Sets the specimen's size, the force log or the user's quantities (undoable). */
  setQuantitySettings(
    settings: Pick<ProjectDocument, 'specimen' | 'forceLog' | 'quantities'>,
  ): void {
    const changed = Object.entries(settings).some(
      ([key, value]) => !sameData(this.doc[key as keyof typeof settings], value),
    );
    if (changed) this.#edit(null, () => Object.assign(this.doc, settings));
  }

  setReference(reference: ReferenceChoice): void {
    if (sameData(this.doc.reference, reference)) return;
    this.#edit(null, () => (this.doc.reference = reference));
  }

  // ---- whole documents ----

  /** Replaces the whole document (opening a project); undoable. */
  replaceDocument(doc: ProjectDocument): void {
    this.#edit(null, () => (this.doc = doc));
    this.edits.adopt(this.doc, doc);
    this.selectedId = doc.images[0]?.id ?? null;
  }

  /** Puts back a saved document (restore, the other tab's save): not an edit, no undo. */
  restore(doc: ProjectDocument, selectedId: string | null): void {
    this.doc = doc;
    this.#history.clear();
    this.#changed();
    this.edits.adopt(this.doc, doc);
    const known = selectedId !== null && doc.images.some((image) => image.id === selectedId);
    this.selectedId = known ? selectedId : (doc.images[0]?.id ?? null);
  }

  /** Starts a new, empty project: no images, default settings, no undo history. */
  clear(): void {
    this.restore(emptyDocument(), null);
    this.thumbnails = {};
  }
}
