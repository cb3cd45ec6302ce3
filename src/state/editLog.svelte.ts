// Which parts of the document each change touched: the images edited one by one (a point,
// a travel), or something else (a setting, the images' order, an undo). The project notes
// every change here. Plain copies of the document (for the undo history and full saves)
// then copy only the images edited since their last copy, and the write-ahead journal
// takes what changed since it last looked, so neither goes through 5000 images after
// every keystroke.
import { untrack } from 'svelte';
import type { ProjectDocument } from '../model/document';
import { DocumentCopies } from './documentCopies';
import { plainCopy } from './plainCopy';

export interface TakenEdits {
  /** Ids of the images edited one by one. */
  images: string[];
  /** Something besides single images changed: settings, order, or the whole document. */
  other: boolean;
}

export class EditLog {
  /** A continuous gesture (a drag) is under way: its steps need not each be kept safe. */
  dragging = $state(false);

  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
  #images = new Set<string>();
  #other = false;

  #copies = new DocumentCopies();
  /** The revision of the last change noted, so that `latest` follows every change. */
  #revision = $state(0);

  /** Notes a change at `revision`: of one image's own data, or (null) of anything else. */
  note(imageId: string | null, revision: number): void {
    if (imageId === null) {
      this.#other = true;
      this.#copies.changed();
    } else {
      this.#images.add(imageId);
      this.#copies.edited(imageId, revision);
    }
    this.#revision = revision;
  }

  /** A plain copy of `doc`, sharing the copies of images not edited since their last. */
  copy(doc: ProjectDocument): ProjectDocument {
    return untrack(() => this.#copies.copy(doc));
  }

  /**
   * The same copy, for a derived value that must follow every change of the document
   * (it depends on the latest change, not on each field it would otherwise read).
   */
  latest(doc: ProjectDocument): ProjectDocument {
    void this.#revision;
    return this.copy(doc);
  }

  /**
   * After a whole document was put in place from `source` (plain data, an opened file or a
   * restored session): a copy of it becomes the copies' starting point, so that no copy has to
   * read the new document through its reactive wrappers (see DocumentCopies.adopt).
   */
  adopt(doc: ProjectDocument, source: ProjectDocument): void {
    untrack(() => this.#copies.adopt(doc, plainCopy(source)));
  }

  /** What changed since the journal last took it, and forgets it. */
  take(): TakenEdits {
    const taken = { images: [...this.#images], other: this.#other };
    this.#images.clear();
    this.#other = false;
    return taken;
  }
}
