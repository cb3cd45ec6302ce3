// Removing an image from the status table, with an offer to undo it that stands only while
// the removal is still the latest edit: the project's undo undoes the latest edit, so once
// anything else changed, "Undo" next to the removal would undo something else.
import type { ProjectState } from './project.svelte';

export class RemovalUndo {
  /** The last removal, with the document's version right after it. */
  last = $state<{ id: string; name: string; after: number } | null>(null);
  #project: ProjectState;

  constructor(project: ProjectState) {
    this.#project = project;
  }

  /** True while undoing would bring back exactly the last removal. */
  get undoable(): boolean {
    const project = this.#project;
    return this.last !== null && project.canUndo && project.version === this.last.after;
  }

  /** Removes the image (thumbnails and the worker's copy stay, for the undo); false if none. */
  remove(imageId: string): boolean {
    const project = this.#project;
    const image = project.image(imageId);
    if (!image) return false;
    project.removeImage(imageId);
    this.last = { id: imageId, name: image.name, after: project.version };
    return true;
  }

  /** Brings the last removal back; returns its image id (null when it no longer can). */
  undo(): string | null {
    if (!this.last || !this.undoable) return null;
    const restored = this.last.id;
    this.#project.undo();
    this.last = null;
    return restored;
  }
}
