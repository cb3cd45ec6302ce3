// Plain copies of the live document for the undo history. A history step copies only the
// images edited since their last copy and shares the earlier copies of the rest: every
// photo of "Mark the whole sequence" is a step and every drag begins one, so copying all
// 30 (or 200) images each time grew with the project.
import type { ProjectDocument, ProjectImage } from '../model/document';
import { plainCopy } from './plainCopy';

export class DocumentCopies {
  /** The project's revision at each image's last edit, by image id. */
  #editedAt: Record<string, number> = Object.create(null) as Record<string, number>;
  /** The copy of each live image as last made, with the edit revision it reflects. */
  #copies = new WeakMap<ProjectImage, { revision: number; copy: ProjectImage }>();

  /** Notes that an image was edited at this revision, so its next copy is made afresh. */
  edited(imageId: string, revision: number): void {
    this.#editedAt[imageId] = revision;
  }

  /** A plain copy of `doc`, reusing the copies of images not edited since they were made. */
  copy(doc: ProjectDocument): ProjectDocument {
    const { images, ...settings } = doc;
    return { ...plainCopy(settings), images: images.map((image) => this.#imageCopy(image)) };
  }

  #imageCopy(image: ProjectImage): ProjectImage {
    const revision = this.#editedAt[image.id] ?? 0;
    const known = this.#copies.get(image);
    if (known && known.revision === revision) return known.copy;
    const copy = plainCopy(image);
    this.#copies.set(image, { revision, copy });
    return copy;
  }
}
