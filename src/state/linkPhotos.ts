// Photos for images that were opened without them (a raw_data.json, a project
// file, a bundle photo that failed, a photo autosave lost): such an image waits for
// its photo, and a photo of its file name is attached to it instead of refused.
import { attachPhotos } from '../io/attachPhotos';
import type { NewPhoto, ProjectImage } from '../model/document';
import type { ProjectState } from './project.svelte';
import { plainCopy } from './plainCopy';

/** Whether the image still waits for its photo (nothing decoded for it this session). */
export function waitsForPhoto(project: ProjectState, image: ProjectImage): boolean {
  return !project.hasPhoto(image.id);
}

/** Whether a photo of this name would be attached to a waiting image, not added as new. */
export function isAwaited(project: ProjectState, name: string): boolean {
  return project.doc.images.some((image) => image.name === name && waitsForPhoto(project, image));
}

export interface Linked {
  /** Photos no image waited for: add them as new images. */
  rest: NewPhoto[];
  /** Photos of a waiting image's name but another size, with the reason. */
  refused: { name: string; message: string }[];
}

/**
 * Attaches decoded photos to the images waiting for them, by file name, as one
 * undoable step; the open image stays open.
 */
export function linkPhotos(project: ProjectState, photos: readonly NewPhoto[]): Linked {
  // The usual case, new photos for a new sequence: nothing to attach, and no copy of the
  // whole document made for each photo as it arrives.
  if (!photos.some((photo) => isAwaited(project, photo.name)))
    return { rest: [...photos], refused: [] };
  const result = attachPhotos(plainCopy(project.doc), photos, (image) =>
    waitsForPhoto(project, image),
  );
  if (result.attached.length > 0) {
    const selected = project.selectedId;
    const moved = result.attached.find((a) => a.from === selected)?.to ?? selected;
    project.replaceDocument(result.document);
    if (moved !== null && result.document.images.some((image) => image.id === moved)) {
      project.selectedId = moved;
    }
  }
  const unmatched = new Set(result.unmatched.map((photo) => photo.id));
  return {
    rest: photos.filter((photo) => unmatched.has(photo.id)),
    refused: result.mismatched.map(({ photo, message }) => ({ name: photo.name, message })),
  };
}
