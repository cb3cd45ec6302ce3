// Matches photos added later to images opened without them (from raw_data.json, a
// project file, or a bundle) by file name: each matched image takes the photo's id
// and size, and the reference follows it. Pure: the caller applies the new document.
import type { ProjectDocument, ProjectImage } from '../model/document';

/** What the worker said about one decoded photo (an IngestedPhoto fits). */
export interface PhotoInfo {
  id: string;
  name: string;
  width: number;
  height: number;
}

export interface AttachResult {
  document: ProjectDocument;
  /** Images that now have their photo: name, old id and new id. */
  attached: { name: string; from: string; to: string }[];
  /** Photos named after no image that waits for one: the caller adds them as new images. */
  unmatched: PhotoInfo[];
  /** Photos of the right name but another size: not attached (the points would not fit). */
  mismatched: { photo: PhotoInfo; message: string }[];
  /** Names of the images still waiting for their photo, in sequence order. */
  waiting: string[];
}

const key = (name: string) => name.normalize('NFC');
const looseKey = (name: string) => key(name).toLowerCase();

/**
 * Attaches each photo to the waiting image of the same file name (exactly, or
 * ignoring case when that is unambiguous). `isWaiting` says which images have no
 * photo yet; by default all of them.
 */
export function attachPhotos(
  doc: ProjectDocument,
  photos: readonly PhotoInfo[],
  isWaiting: (image: ProjectImage) => boolean = () => true,
): AttachResult {
  const open = doc.images.filter(isWaiting);
  const taken = new Set<ProjectImage>();
  const replacement = new Map<ProjectImage, ProjectImage>();
  const result: AttachResult = {
    document: doc,
    attached: [],
    unmatched: [],
    mismatched: [],
    waiting: [],
  };

  const find = (name: string): ProjectImage | undefined => {
    const exact = open.find((image) => !taken.has(image) && key(image.name) === key(name));
    if (exact) return exact;
    const loose = open.filter(
      (image) => !taken.has(image) && looseKey(image.name) === looseKey(name),
    );
    return loose.length === 1 ? loose[0] : undefined;
  };

  for (const photo of photos) {
    const image = find(photo.name);
    if (!image) {
      result.unmatched.push(photo);
      continue;
    }
    const known = image.width > 0 && image.height > 0;
    if (known && (image.width !== photo.width || image.height !== photo.height)) {
      result.mismatched.push({
        photo,
        message: `This photo is ${photo.width} x ${photo.height} pixels, but the project's “${image.name}” was ${image.width} x ${image.height}; its points would not line up, so it was not attached. Add the original photo.`,
      });
      continue;
    }
    taken.add(image);
    replacement.set(image, { ...image, id: photo.id, width: photo.width, height: photo.height });
    result.attached.push({ name: image.name, from: image.id, to: photo.id });
  }

  const newId = new Map(result.attached.map((a) => [a.from, a.to]));
  const reference =
    doc.reference.kind === 'total' && doc.reference.imageId !== null
      ? {
          kind: 'total' as const,
          imageId: newId.get(doc.reference.imageId) ?? doc.reference.imageId,
        }
      : doc.reference;
  result.document = {
    ...doc,
    images: doc.images.map((image) => replacement.get(image) ?? image),
    reference,
  };
  result.waiting = open.filter((image) => !taken.has(image)).map((image) => image.name);
  return result;
}
