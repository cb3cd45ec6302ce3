// What the project file, the bundle and the raw_data.json importer share: the names
// and versions of the files, the limits every imported file is held to, and the answer
// an importer gives. The document itself is src/model/document.ts.
import type { ProjectDocument } from '../model/document';
import { DOCUMENT_LIMITS } from '../model/limits';

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
  ...DOCUMENT_LIMITS,
  versionLength: 64,
  timestampLength: 64,
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
  /**
   * How many times larger than its compressed bytes an entry of a bundle may unpack, once it
   * unpacks to more than `ratioFrom` bytes. Photos are stored as they are (already
   * compressed) and a project file deflates about tenfold; a thousandfold is a bomb.
   */
  compressionRatio: 100,
  ratioFrom: 1024 * 1024,
  /** Problems listed for one file: past this, the rest are counted, not listed. */
  problems: 20,
} as const;

/** Something wrong with an opened file: where (a path into the file) and what to do. */
export interface FileProblem {
  /** e.g. `project.images[2].fiducials[0]`; empty for the file as a whole. */
  path: string;
  message: string;
}

/** An importer's answer: a document (with notes on anything it changed) or the problems. */
export type ImportResult =
  { ok: true; document: ProjectDocument; notes: string[] } | { ok: false; problems: FileProblem[] };

export function fail(message: string, path = ''): { ok: false; problems: FileProblem[] } {
  return { ok: false, problems: [{ path, message }] };
}
