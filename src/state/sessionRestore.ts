// Putting a saved session back beside what the tab already holds: photos dropped on
// the page while the session was read are kept after the saved images, and every
// thumbnail ends up either in use or revoked. Photos come back from storage as
// thumbnails only; nothing is decoded.
import type { RestoredThumbnails } from '../client/engine';
import type { SavedSession } from '../io/sessionStore';
import { countPoints } from '../model/document';
import type { ProjectDocument, ProjectImage } from '../model/document';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';

/** What came back from the last session. */
export interface RestoreSummary {
  /** Images whose photo came back too. */
  photos: number;
  points: number;
  savedAt: number;
  /** Images whose photo is not in storage (never added, or lost): their marks are back. */
  missing: number;
}

export interface MergedSession {
  doc: ProjectDocument;
  thumbnails: Record<string, string>;
  /** Images of this tab kept after the saved ones (unsaved as yet). */
  kept: number;
}

/**
 * Puts a saved session into the project with its stored photos' thumbnails. With
 * `keepOwn`, images of this tab that the session lacks stay, after the saved ones;
 * without, the session replaces the document (the other tab's save).
 */
export async function restoreSession(
  project: ProjectState,
  session: SavedSession,
  vault: { restorePhotos(ids: string[]): Promise<RestoredThumbnails> },
  keepOwn: boolean,
  revoke: (url: string) => void,
): Promise<{ kept: number; summary: RestoreSummary }> {
  const ids = session.doc.images.map((image) => image.id);
  const photos: RestoredThumbnails =
    ids.length > 0 ? await vault.restorePhotos(ids) : { thumbnailUrls: {}, missing: [] };
  const merged = mergeSession(
    session.doc,
    keepOwn ? plainCopy(project.doc) : null,
    project.thumbnails,
    photos.thumbnailUrls,
    revoke,
  );
  project.thumbnails = merged.thumbnails;
  project.restore(merged.doc, session.selectedId);
  return {
    kept: merged.kept,
    summary: {
      photos: ids.length - photos.missing.length,
      points: countPoints(session.doc),
      savedAt: session.savedAt,
      missing: photos.missing.length,
    },
  };
}

/**
 * The saved document with `current`'s images that it does not hold (by id or by name)
 * after its own, and the thumbnails of both: a restored photo's replaces any the tab had,
 * and thumbnails of images in neither are revoked. `current` is null when the tab's own
 * images are not kept.
 */
export function mergeSession(
  saved: ProjectDocument,
  current: ProjectDocument | null,
  thumbnails: Readonly<Record<string, string>>,
  restored: Readonly<Record<string, string>>,
  revoke: (url: string) => void,
): MergedSession {
  const savedIds = new Set(saved.images.map((image) => image.id));
  const savedNames = new Set(saved.images.map((image) => image.name));
  const extra: ProjectImage[] = (current?.images ?? []).filter(
    (image) => !savedIds.has(image.id) && !savedNames.has(image.name),
  );
  const merged: Record<string, string> = {};
  for (const [id, url] of Object.entries(thumbnails)) {
    if (savedIds.has(id) || extra.some((image) => image.id === id)) merged[id] = url;
    else revoke(url);
  }
  for (const [id, url] of Object.entries(restored)) {
    if (merged[id]) revoke(merged[id]);
    merged[id] = url;
  }
  return {
    doc: { ...saved, images: [...saved.images, ...extra] },
    thumbnails: merged,
    kept: extra.length,
  };
}
