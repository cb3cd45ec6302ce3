// The autosaved session (project document plus UI choices) behind a small
// interface, so the autosave logic can be tested with a store that fails the
// way a full disk does. The IndexedDB implementation keeps one record.
import {
  FIDUCIAL_COUNT,
  HAND_PLACED_UNCERTAINTY_PX,
  SCALE_POINT_COUNT,
  isStrainMeasure,
} from '../core/index';
import type { ProjectDocument, ProjectImage, ReferenceChoice } from '../state/project.svelte';
import { CURRENT_SESSION, UNREADABLE_SESSION, openProjectDb } from './projectDb';

export const SESSION_SCHEMA = 1;

export interface SavedSession {
  schema: typeof SESSION_SCHEMA;
  /** When it was saved, in ms since 1970 (Date.now()). */
  savedAt: number;
  doc: ProjectDocument;
  /** The image open for marking. */
  selectedId: string | null;
}

/** What the autosave needs from storage. Every method may reject (e.g. QuotaExceededError). */
export interface SessionStore {
  /** The last saved session; null when there is none or it cannot be read (kept aside then). */
  load(): Promise<SavedSession | null>;
  save(session: SavedSession): Promise<void>;
  /** Forgets the saved session (a new project). */
  clear(): Promise<void>;
}

// ---- validation: stored data is input too (another version or a damaged profile wrote it) ----

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const isFiniteNumber = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value);

function isPointList(value: unknown, length: number): boolean {
  return (
    Array.isArray(value) &&
    value.length === length &&
    value.every(
      (point) =>
        point === null ||
        (Array.isArray(point) &&
          point.length === 2 &&
          isFiniteNumber(point[0]) &&
          isFiniteNumber(point[1])),
    )
  );
}

/** A list of point uncertainties (px, null for hand-placed), or nothing (an older session). */
function isUncertaintyList(value: unknown, length: number): boolean {
  return (
    value === undefined ||
    (Array.isArray(value) &&
      value.length === length &&
      value.every((u) => u === null || (isFiniteNumber(u) && u >= 0)))
  );
}

function isImage(value: unknown): value is ProjectImage {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    typeof value.name === 'string' &&
    isFiniteNumber(value.width) &&
    isFiniteNumber(value.height) &&
    isPointList(value.fiducials, FIDUCIAL_COUNT) &&
    isPointList(value.scalePoints, SCALE_POINT_COUNT) &&
    isUncertaintyList(value.fiducialUncertainty, FIDUCIAL_COUNT) &&
    isUncertaintyList(value.scaleUncertainty, SCALE_POINT_COUNT) &&
    (value.confirmedChecks === undefined ||
      (Array.isArray(value.confirmedChecks) &&
        value.confirmedChecks.every((key) => typeof key === 'string'))) &&
    (value.pressTravel === null || isFiniteNumber(value.pressTravel))
  );
}

function isReference(value: unknown): value is ReferenceChoice {
  if (!isRecord(value)) return false;
  if (value.kind === 'incremental') return true;
  return value.kind === 'total' && (value.imageId === null || typeof value.imageId === 'string');
}

export function isProjectDocument(value: unknown): value is ProjectDocument {
  if (!isRecord(value) || !Array.isArray(value.images) || !value.images.every(isImage)) {
    return false;
  }
  const ids = new Set(value.images.map((image) => image.id));
  return (
    ids.size === value.images.length &&
    (value.scaleLength === null || isFiniteNumber(value.scaleLength)) &&
    isStrainMeasure(value.strainMeasure) &&
    isReference(value.reference) &&
    (value.handPlacedUncertainty === undefined ||
      (isFiniteNumber(value.handPlacedUncertainty) && value.handPlacedUncertainty > 0))
  );
}

/** A session saved before point uncertainties were kept: every point counts as hand-placed. */
function withUncertainties(doc: ProjectDocument): ProjectDocument {
  const nulls = (points: readonly unknown[], saved: readonly (number | null)[] | undefined) =>
    points.map((p, i) => (p === null ? null : (saved?.[i] ?? null)));
  return {
    ...doc,
    handPlacedUncertainty: doc.handPlacedUncertainty ?? HAND_PLACED_UNCERTAINTY_PX,
    images: doc.images.map((image) => ({
      ...image,
      fiducialUncertainty: nulls(image.fiducials, image.fiducialUncertainty),
      scaleUncertainty: nulls(image.scalePoints, image.scaleUncertainty),
    })),
  };
}

/** The session, if `value` is one this version can read. */
export function parseSavedSession(value: unknown): SavedSession | null {
  if (!isRecord(value) || value.schema !== SESSION_SCHEMA || !isFiniteNumber(value.savedAt)) {
    return null;
  }
  if (!isProjectDocument(value.doc)) return null;
  const selectedId = typeof value.selectedId === 'string' ? value.selectedId : null;
  return {
    schema: SESSION_SCHEMA,
    savedAt: value.savedAt,
    doc: withUncertainties(value.doc),
    selectedId,
  };
}

// ---- IndexedDB ----

/** The session store of the real app: one record in the `session` object store. */
export function idbSessionStore(dbName?: string): SessionStore {
  const db = () => openProjectDb(dbName);
  return {
    async load() {
      const value = await (await db()).get('session', CURRENT_SESSION);
      if (value === undefined) return null;
      const session = parseSavedSession(value);
      if (!session) {
        // Set aside rather than overwritten by the next save: nothing is ever silently destroyed.
        const tx = (await db()).transaction('session', 'readwrite');
        await Promise.all([
          tx.store.put(value, UNREADABLE_SESSION),
          tx.store.delete(CURRENT_SESSION),
          tx.done,
        ]);
      }
      return session;
    },
    async save(session) {
      // Relaxed: committed once the browser has the data (a crashed tab or browser keeps it),
      // without waiting for the disk to flush; a save follows every few hundred ms anyway.
      const tx = (await db()).transaction('session', 'readwrite', { durability: 'relaxed' });
      const written = tx.store.put(session, CURRENT_SESSION);
      // Commit now rather than when the page next idles: a save made as the page
      // goes away (pagehide) must not wait for a round trip the page may not live to see.
      tx.commit?.();
      await Promise.all([written, tx.done]);
    },
    async clear() {
      await (await db()).delete('session', CURRENT_SESSION);
    },
  };
}
