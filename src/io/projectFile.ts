// The project file (.strainseer.json): writes the current version, and reads every
// version there has been, migrating older ones step by step to the current one.
// Reading never throws: the answer is a document or problems a user can act on.
import * as v from 'valibot';
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from '../core/index';
import type { Vec2 } from '../core/index';
import type { ProjectDocument } from '../model/document';
import { normalizeDocument } from '../model/schema';
import { APP_VERSION } from './appVersion';
import { problemAt, problemsFromIssues, capProblems } from './fileProblems';
import { isPlainObject, readJsonText } from './jsonText';
import { CURRENT_VERSION, KNOWN_VERSIONS, PROJECT_FORMAT, fail } from './projectFormat';
import type { FileProblem, ImportResult } from './projectFormat';
import { fileV0Schema, fileV1Schema } from './projectSchema';
import type { FileV0, FileV1, ProjectV1 } from './projectSchema';

export interface SaveOptions {
  savedAt?: Date;
  appVersion?: string;
}

/** The current version's file for a document; fresh arrays, keys in a fixed order. */
export function toFileV1(doc: ProjectDocument, options: SaveOptions = {}): FileV1 {
  return {
    format: PROJECT_FORMAT,
    version: 1,
    savedAt: (options.savedAt ?? new Date()).toISOString(),
    app: { version: options.appVersion ?? APP_VERSION },
    // The app holds its document in the current shape already: this copies it fresh,
    // every key in its place.
    project: normalizeDocument(doc),
  };
}

/** The project file's text: annotations, settings and file names, no pixels. */
export function serializeProject(doc: ProjectDocument, options: SaveOptions = {}): string {
  return `${JSON.stringify(toFileV1(doc, options), null, 2)}\n`;
}

// ---- migrations: one step per version, each from a validated file ----

function slotsFrom(points: FileV0['images'][number]['points'], kind: 'fiducial' | 'scale') {
  const count = kind === 'fiducial' ? FIDUCIAL_COUNT : SCALE_POINT_COUNT;
  const placed = points.filter((p) => p.kind === kind).map((p): Vec2 => [p.x, p.y]);
  return Array.from({ length: count }, (_, i) => placed[i] ?? null);
}

/** Version 0 listed placed points per image; version 1 has numbered slots and a reference. */
export function migrateV0ToV1(file: FileV0): FileV1 {
  return {
    format: PROJECT_FORMAT,
    version: 1,
    savedAt: file.savedAt,
    app: { version: 'unknown (version 0 file)' },
    project: {
      images: file.images.map((image) => ({
        id: image.id,
        name: image.name,
        width: image.width,
        height: image.height,
        fiducials: slotsFrom(image.points, 'fiducial'),
        scalePoints: slotsFrom(image.points, 'scale'),
        pressTravel: image.travel,
      })),
      scaleLength: file.scaleLength,
      strainMeasure: file.strainMeasure,
      reference: { kind: 'total', imageId: null },
    },
  };
}

/** Any validated file, brought to the current version. */
export function migrate(file: FileV0 | FileV1): FileV1 {
  switch (file.version) {
    case 0:
      return migrate(migrateV0ToV1(file));
    case 1:
      return file;
  }
}

// ---- reading ----

/** The index of an earlier image with this value, or undefined (the value is then seen at i). */
function earlier(seen: Map<string, number>, value: string, i: number): number | undefined {
  const first = seen.get(value);
  if (first === undefined) seen.set(value, i);
  return first;
}

/** What the schema cannot say: ids and names unique, the reference one of the images. */
export function checkProject(project: ProjectV1, root: unknown, prefix: string[]): FileProblem[] {
  const problems: FileProblem[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, number>();
  project.images.forEach((image, i) => {
    const at = [...prefix, 'images', i];
    const sameId = earlier(ids, image.id, i);
    if (sameId !== undefined) {
      const message = `is the same as image ${sameId + 1}'s; every image needs its own id.`;
      problems.push(problemAt([...at, 'id'], root, message));
    }
    const sameName = earlier(names, image.name, i);
    if (sameName !== undefined) {
      const message = `is the same as image ${sameName + 1}'s; photos are matched by file name, so each needs its own.`;
      problems.push(problemAt([...at, 'name'], root, message));
    }
    if ((image.width === 0) !== (image.height === 0)) {
      problems.push(
        problemAt(
          at,
          root,
          'has a width or a height of 0 but not both; 0 by 0 means "not known yet".',
        ),
      );
    }
  });
  const { reference } = project;
  if (reference.kind === 'total' && reference.imageId !== null && !ids.has(reference.imageId)) {
    problems.push(
      problemAt(
        [...prefix, 'reference', 'imageId'],
        root,
        'names no image of this project; pick the reference image again after opening, or set it to null.',
      ),
    );
  }
  return capProblems(problems);
}

function versionProblem(version: unknown): FileProblem {
  const range = `${KNOWN_VERSIONS[0]} to ${KNOWN_VERSIONS[KNOWN_VERSIONS.length - 1]}`;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    return {
      path: 'version',
      message: `The project file has no valid format version (it should be a whole number from ${range}). The file may be damaged.`,
    };
  }
  if (version > CURRENT_VERSION) {
    return {
      path: 'version',
      message: `This project file uses format version ${version}, saved by a newer Strain Seer; this one opens versions ${range}. Reload the page to update Strain Seer (or open the file where it was saved), then open it again.`,
    };
  }
  return {
    path: 'version',
    message: `Strain Seer has never written project file format version ${version} (known: ${range}). The file may be damaged or made by another program.`,
  };
}

/** A parsed JSON value that claims to be a project file. */
export function parseProjectValue(value: unknown): ImportResult {
  if (!isPlainObject(value) || value.format !== PROJECT_FORMAT) {
    return fail(
      `This is not a Strain Seer project file: it has no "format": "${PROJECT_FORMAT}" field.`,
    );
  }
  const version = value.version;
  if (typeof version !== 'number' || !KNOWN_VERSIONS.includes(version)) {
    return { ok: false, problems: [versionProblem(version)] };
  }
  const result =
    version === 0 ? v.safeParse(fileV0Schema, value) : v.safeParse(fileV1Schema, value);
  if (!result.success) return { ok: false, problems: problemsFromIssues(result.issues, value) };
  const current = migrate(result.output);
  // Problems of a migrated file point into the current layout, which the old file lacks.
  const problems = checkProject(current.project, version === CURRENT_VERSION ? value : current, [
    'project',
  ]);
  if (problems.length > 0) return { ok: false, problems };
  const notes =
    version < CURRENT_VERSION
      ? [
          `This project file was saved in an older format (version ${version}) and was updated on opening; save it again to keep the new format.`,
        ]
      : [];
  return { ok: true, document: normalizeDocument(current.project), notes };
}

/** Reads a project file's text: a document (migrated to the current version) or problems. */
export function parseProjectFile(text: string): ImportResult {
  try {
    const json = readJsonText(text);
    if (!json.ok) return json;
    return parseProjectValue(json.value);
  } catch (error) {
    // Nothing above should throw; if it does, the user still gets a message, not a crash.
    return fail(
      `The project file could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}
