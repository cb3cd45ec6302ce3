// Plain copies of the live document for the undo history, the analysis and full saves. A
// copy shares the earlier copies of the images not edited since: every photo of "Mark the
// whole sequence" is a step and every drag begins one, so copying all 30 (or 200) images
// each time grew with the project. After edits of single images alone, the next copy is
// the last one with those images copied again, so typing a travel in a project of 5000
// photos copies one image, not a walk through 5000 of them in the live document.
import type { ProjectDocument, ProjectImage } from '../model/document';
import { plainCopy } from './plainCopy';

interface LastCopy {
  doc: ProjectDocument;
  images: ProjectImage[];
  copy: ProjectDocument;
  /** Each image's place in the copy, by id. */
  indexOf: Map<string, number>;
}

export class DocumentCopies {
  /** The project's revision at each image's last edit, by image id. */
  #editedAt: Record<string, number> = Object.create(null) as Record<string, number>;
  /** The copy of each live image as last made, with the edit revision it reflects. */
  #copies = new WeakMap<ProjectImage, { revision: number; copy: ProjectImage }>();
  #last: LastCopy | null = null;
  /** The images edited since the last copy; null: something else changed too. */
  #edited: Set<string> | null = null;

  /** Notes that an image was edited at this revision, so its next copy is made afresh. */
  edited(imageId: string, revision: number): void {
    this.#editedAt[imageId] = revision;
    this.#edited?.add(imageId);
  }

  /** Notes a change besides single images (settings, order, the whole document). */
  changed(): void {
    this.#edited = null;
  }

  /** A plain copy of `doc`, reusing the copies of images not edited since they were made. */
  copy(doc: ProjectDocument): ProjectDocument {
    const copy = this.#fromLast(doc) ?? this.#whole(doc);
    this.#edited = new Set();
    return copy;
  }

  /**
   * Takes `plain`, a copy of the whole of `doc` as it was just put in place (a project opened
   * or restored), as the last copy and each live image's copy. The first walk through a
   * freshly assigned document builds the reactive wrappers of every point in it, some 300 ms
   * at 5000 images; with this, copies walk no image until it is edited.
   */
  adopt(doc: ProjectDocument, plain: ProjectDocument): void {
    const images = doc.images;
    plain.images.forEach((copy, i) => {
      const image = images[i];
      if (image) this.#copies.set(image, { revision: this.#editedAt[copy.id] ?? 0, copy });
    });
    const indexOf = new Map(plain.images.map((image, i) => [image.id, i]));
    this.#last = { doc, images, copy: plain, indexOf };
    this.#edited = new Set();
  }

  /** The last copy with the images edited since copied again; null when that cannot do. */
  #fromLast(doc: ProjectDocument): ProjectDocument | null {
    const last = this.#last;
    const edited = this.#edited;
    if (!last || !edited || last.doc !== doc || last.images !== doc.images) return null;
    if (edited.size === 0) return last.copy;
    const images = last.copy.images.slice();
    for (const id of edited) {
      const index = last.indexOf.get(id);
      const image = index === undefined ? undefined : doc.images[index];
      if (index === undefined || image?.id !== id) return null;
      images[index] = this.#imageCopy(image);
    }
    last.copy = { ...last.copy, images };
    return last.copy;
  }

  #whole(doc: ProjectDocument): ProjectDocument {
    const { images, ...settings } = doc;
    const copy = { ...plainCopy(settings), images: images.map((image) => this.#imageCopy(image)) };
    const indexOf = new Map(copy.images.map((image, i) => [image.id, i]));
    this.#last = { doc, images, copy, indexOf };
    return copy;
  }

  #imageCopy(image: ProjectImage): ProjectImage {
    const known = this.#copies.get(image);
    // An image keeps its id: a known copy's is read, not the live image's (no read at all).
    const revision = this.#editedAt[known?.copy.id ?? image.id] ?? 0;
    if (known && known.revision === revision) return known.copy;
    const copy = plainCopy(image);
    this.#copies.set(image, { revision, copy });
    return copy;
  }
}
