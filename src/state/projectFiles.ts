// What the Project menu does: save the project file or a bundle (photo bytes from
// the worker), read a picked file, and apply an opened one to the project. The
// file-format code loads on first use, so it costs nothing on first page load.
import type { Engine } from '../client/engine';
import { attachPhotos } from '../io/attachPhotos';
import { MIME, downloadBlob, downloadText } from '../io/download';
import type { OpenedFile } from '../io/openFile';
import { BUNDLE_SUFFIX, LIMITS, PROJECT_FILE_SUFFIX } from '../io/projectFormat';
import type { FileProblem } from '../io/projectFormat';
import type { ProjectDocument } from '../model/document';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';
import { APP_VERSION } from '../version';
import { waitsForPhoto } from './linkPhotos';

export type ProjectEngine = Pick<
  Engine,
  'photoFile' | 'readBundleFile' | 'keepBundle' | 'dropBundle'
> &
  Partial<Pick<Engine, 'cancelBundleRead'>>;

/** A bundle read in the worker: its document, and its photos checked and staged there. */
type StagedBundle = Extract<Awaited<ReturnType<Engine['readBundleFile']>>, { ok: true }>;

/** A picked file, read: a bundle's photos wait in the worker until the open is accepted. */
export type PickedFile =
  | (Extract<OpenedFile, { ok: true }> & { staged: null })
  | {
      ok: true;
      kind: 'bundle';
      document: ProjectDocument;
      notes: string[];
      photos: File[];
      staged: Pick<StagedBundle, 'outcomes' | 'staging'>;
    }
  | { ok: false; problems: FileProblem[] };

export type Picked = Extract<PickedFile, { ok: true }>;

export type Outcome<T> = ({ ok: true } & T) | { ok: false; problems: FileProblem[] };

const problem = (message: string): { ok: false; problems: FileProblem[] } => ({
  ok: false,
  problems: [{ path: '', message }],
});

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** "strain-seer-project-2025-06-01": the date tells saved copies apart. */
export function baseFileName(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `strain-seer-project-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

const snapshot = (project: ProjectState) => plainCopy(project.doc);

/** Downloads the project file (marks, settings, file names; no pixels); returns its name. */
export async function saveProjectFile(project: ProjectState): Promise<string> {
  const { serializeProject } = await import('../io/projectFile');
  const name = baseFileName() + PROJECT_FILE_SUFFIX;
  downloadText(name, serializeProject(snapshot(project), { appVersion: APP_VERSION }), MIME.json);
  return name;
}

export interface SaveProgress {
  done: number;
  total: number;
}

/** Downloads a bundle of the project and every photo's original file. */
export async function saveBundle(
  project: ProjectState,
  engine: Pick<ProjectEngine, 'photoFile'>,
  onProgress: (progress: SaveProgress) => void = () => {},
): Promise<Outcome<{ name: string }>> {
  const doc = snapshot(project);
  const missing = doc.images.filter((image) => waitsForPhoto(project, image));
  if (missing.length > 0) {
    const names = missing.map((image) => `“${image.name}”`);
    return problem(
      `A bundle holds every photo, but ${missing.length === 1 ? 'one is' : `${missing.length} are`} not added yet: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}. Add ${missing.length === 1 ? 'it' : 'them'} with “Add photos”, or save a project file (without photos) instead.`,
    );
  }
  const photos = new Map<string, Blob>();
  for (const [i, image] of doc.images.entries()) {
    try {
      photos.set(image.name, await engine.photoFile(image.id));
    } catch (error) {
      return problem(
        `The photo of image ${i + 1} (“${image.name}”) could not be read (${reason(error)}). Add it again, or save a project file instead.`,
      );
    }
  }
  const { createBundle } = await import('../io/bundle');
  const created = await createBundle(doc, photos, { onProgress, appVersion: APP_VERSION });
  if (!created.ok) return created;
  const name = baseFileName() + BUNDLE_SUFFIX;
  downloadBlob(name, created.blob);
  return { ok: true, name };
}

const MB = 1024 * 1024;

/**
 * Reads a picked file as a project, bundle or raw_data.json, refusing oversize files unread.
 * A bundle is read in the worker, off the page's thread: unpacked within its caps, each photo
 * checked and decoded there, and staged until the open is accepted (`applyOpened`) or
 * dropped (`dropPicked`).
 */
export async function readPickedFile(
  file: File,
  engine: Pick<ProjectEngine, 'readBundleFile'>,
  onProgress: (progress: SaveProgress) => void = () => {},
): Promise<PickedFile> {
  try {
    const head = new Uint8Array(await file.slice(0, 2).arrayBuffer());
    const zip = head[0] === 0x50 && head[1] === 0x4b;
    const limit = zip ? LIMITS.bundleBytes : LIMITS.jsonBytes;
    if (file.size > limit) {
      return problem(
        `The file is ${Math.round(file.size / MB)} MB; a ${zip ? 'bundle' : 'project file or raw_data.json'} is at most ${limit / MB} MB.`,
      );
    }
    if (zip) {
      const bundle = await engine.readBundleFile(file, onProgress);
      if (!bundle.ok) return bundle;
      const { document, notes, outcomes, staging } = bundle;
      return {
        ok: true,
        kind: 'bundle',
        document,
        notes,
        photos: [],
        staged: { outcomes, staging },
      };
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    const { openProjectFile } = await import('../io/openFile');
    const opened = await openProjectFile(bytes);
    return opened.ok ? { ...opened, staged: null } : opened;
  } catch (error) {
    return problem(`The file could not be read (${reason(error)}). Try opening it again.`);
  }
}

/** Lets go of a read file that will not be opened: a bundle's staged photos are dropped. */
export function dropPicked(picked: Picked, engine: Pick<ProjectEngine, 'dropBundle'>): void {
  if (picked.staged) void engine.dropBundle(picked.staged.staging).catch(() => undefined);
}

/**
 * Puts an opened file's document in place of the project (one undoable step). A bundle's
 * photos, checked and staged in the worker when it was read, are kept now: only then do
 * they reach the photo store and IndexedDB.
 */
export async function applyOpened(
  project: ProjectState,
  engine: Pick<ProjectEngine, 'keepBundle'>,
  opened: Picked,
): Promise<Outcome<{ notes: string[] }>> {
  const notes = [...opened.notes];
  if (!opened.staged) {
    // Photos already in the project serve the opened file's images of the same name.
    const present = snapshot(project)
      .images.filter((image) => !waitsForPhoto(project, image))
      .map(({ id, name, width, height }) => ({ id, name, width, height }));
    const reused = attachPhotos(opened.document, present, (image) => waitsForPhoto(project, image));
    const count = reused.attached.length;
    if (count > 0) {
      notes.push(
        `${count === 1 ? 'One photo' : `${count} photos`} already in the project ${count === 1 ? 'was' : 'were'} matched to ${count === 1 ? 'its image' : 'their images'} by file name.`,
      );
    }
    for (const { message } of reused.mismatched) notes.push(message);
    putOpened(project, reused.document);
    return { ok: true, notes };
  }
  try {
    await engine.keepBundle(opened.staged.staging);
  } catch (error) {
    return problem(
      `The bundle's photos could not be kept (${reason(error)}). Nothing was changed; try again, or reload the page first.`,
    );
  }
  const photos = [];
  for (const outcome of opened.staged.outcomes) {
    if (!outcome.ok) {
      notes.push(
        `The photo “${outcome.name}” in the bundle could not be added (${outcome.message}); its marks are kept and it waits for the photo.`,
      );
      continue;
    }
    project.thumbnails[outcome.id] = outcome.thumbnailUrl;
    photos.push(outcome);
  }
  const result = attachPhotos(opened.document, photos);
  for (const { message } of result.mismatched) notes.push(message);
  putOpened(project, result.document);
  return { ok: true, notes };
}

/** The opened document in place of the project, its travels remembered as the file gave them. */
function putOpened(project: ProjectState, doc: ProjectDocument): void {
  project.travelsRead = Object.fromEntries(doc.images.map((i) => [i.name, i.pressTravel]));
  project.replaceDocument(doc);
}
