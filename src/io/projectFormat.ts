// The shape of a saved project, shared by the project file, the bundle and the
// raw_data.json importer, and the limits every imported file is held to.
import type { StrainMeasure, Vec2 } from '../core/index';

/** The `format` field that marks a Strain Seer project file. */
export const PROJECT_FORMAT = 'strain-seer-project';
/** The version this app writes. Every older version is migrated to it on open. */
export const CURRENT_VERSION = 1;
/** Every version this app can open, oldest first. */
export const KNOWN_VERSIONS: readonly number[] = [0, 1];

export const PROJECT_FILE_SUFFIX = '.strainseer.json';
export const BUNDLE_SUFFIX = '.strainseer';
/** The project file's name inside a bundle; photos sit under `photos/<file name>`. */
export const BUNDLE_PROJECT_ENTRY = 'project.strainseer.json';
export const BUNDLE_PHOTO_DIR = 'photos/';

/**
 * Generous for any real project, small enough that a hostile file cannot make
 * the tab spend minutes or gigabytes on it.
 */
export const LIMITS = {
  images: 5000,
  nameLength: 1024,
  idLength: 200,
  versionLength: 64,
  timestampLength: 64,
  /** Image pixels either side of the origin; photos are far smaller. */
  coordinate: 1e7,
  /** A point's standard uncertainty, px: far above any real one, a bound on nonsense. */
  uncertainty: 1e4,
  imageEdge: 1e6,
  /** Confirmed marking checks per image, and the length of one's key. */
  confirmedChecks: 20,
  checkKeyLength: 64,
  /** Points per image in an original raw_data.json (it needs 7). */
  originalPoints: 100,
  /** Any array in an imported JSON file, and its nesting depth. */
  arrayLength: 5000,
  depth: 32,
  /**
   * Lists and objects in one JSON file, counted before parsing so a hostile file
   * cannot make the parser build millions of them (5000 images need about 100,000).
   */
  containers: 500_000,
  /** A project file or raw_data.json, in bytes of text (5000 images take about 5 MB). */
  jsonBytes: 16 * 1024 * 1024,
  /** One photo inside a bundle, all entries together, and the bundle file itself. */
  photoBytes: 256 * 1024 * 1024,
  bundleContentBytes: 2 * 1024 * 1024 * 1024,
  bundleBytes: 2 * 1024 * 1024 * 1024,
  bundleEntries: 5000 + 100,
  /** Problems listed for one file: past this, the rest are counted, not listed. */
  problems: 20,
} as const;

/** One photo's marks as saved: 5 fiducial slots and 2 scale slots, null when empty. */
export interface SavedImage {
  id: string;
  name: string;
  /** Full-resolution size after EXIF orientation; 0 while the photo is not known yet. */
  width: number;
  height: number;
  fiducials: (Vec2 | null)[];
  scalePoints: (Vec2 | null)[];
  /** Standard uncertainty (px) of each located point; null for a hand-placed one. Files from
   * before these were kept have none: every point then counts as hand-placed. */
  fiducialUncertainty?: (number | null)[];
  scaleUncertainty?: (number | null)[];
  pressTravel: number | null;
  /** Marking checks the user kept as marked, by key; absent when none (and in older files). */
  confirmedChecks?: string[];
}

export type SavedReference = { kind: 'total'; imageId: string | null } | { kind: 'incremental' };

/** The project document as files carry it; structurally the app's ProjectDocument. */
export interface SavedDocument {
  images: SavedImage[];
  scaleLength: number | null;
  strainMeasure: StrainMeasure;
  reference: SavedReference;
  /** Standard uncertainty (px) of a hand-placed point; absent in older files (the default then). */
  handPlacedUncertainty?: number;
}

/** Something wrong with an opened file: where (a path into the file) and what to do. */
export interface FileProblem {
  /** e.g. `project.images[2].fiducials[0]`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** An importer's answer: a document (with notes on anything it changed) or the problems. */
export type ImportResult =
  { ok: true; document: SavedDocument; notes: string[] } | { ok: false; problems: FileProblem[] };

export function fail(message: string, path = ''): { ok: false; problems: FileProblem[] } {
  return { ok: false, problems: [{ path, message }] };
}
