// Undo and redo bring back a kept copy of the document by changing only what differs from
// the live one. The kept copies share the copies of the images a step did not touch, so an
// undo of a travel typed in a project of 5000 photos finds one image to change: the save
// writes that image alone as a small record, like the edit it undoes, and the analysis and
// the tables look again at that image only.
import type { ProjectDocument, ProjectImage } from '../model/document';
import { sameData } from '../model/sameData';
import { plainCopy } from './plainCopy';

/** What a restore changed: the images changed in place, and whether anything else did. */
export interface Restored {
  images: string[];
  /** The settings, or which images there are and in what order. */
  other: boolean;
}

const sameImage = (a: ProjectImage | undefined, b: ProjectImage) => a === b || sameData(a, b);

/**
 * Makes `live` hold what `target` holds. `current` is a plain copy of `live` as it is now,
 * sharing the copies `target` shares with it; `target` itself is never changed or kept.
 */
export function restoreInPlace(
  live: ProjectDocument,
  target: ProjectDocument,
  current: ProjectDocument,
): Restored {
  const restored: Restored = { images: [], other: false };
  const settings = live as unknown as Record<string, unknown>;
  const keys = new Set([...Object.keys(current), ...Object.keys(target)]);
  keys.delete('images');
  for (const key of keys) {
    const wanted = (target as unknown as Record<string, unknown>)[key];
    if (sameData((current as unknown as Record<string, unknown>)[key], wanted)) continue;
    if (wanted === undefined) delete settings[key];
    else settings[key] = plainCopy(wanted);
    restored.other = true;
  }
  const sameOrder =
    current.images.length === target.images.length &&
    current.images.every((image, i) => image.id === target.images[i]?.id);
  if (sameOrder) {
    target.images.forEach((image, i) => {
      if (sameImage(current.images[i], image)) return;
      live.images[i] = plainCopy(image);
      restored.images.push(image.id);
    });
    return restored;
  }
  // Images added, removed or moved: the ones that are the same stay as they are.
  const byId = new Map(live.images.map((image, i) => [image.id, i]));
  live.images = target.images.map((image) => {
    const i = byId.get(image.id);
    if (i !== undefined && sameImage(current.images[i], image)) return live.images[i]!;
    restored.images.push(image.id);
    return plainCopy(image);
  });
  restored.other = true;
  return restored;
}
