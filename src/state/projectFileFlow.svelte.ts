// What the Project menu is doing and has done: saving the project file or a bundle, and
// opening a picked file, which waits for the user's word first when it would replace
// work not saved to a file. The menu shows these fields and forwards clicks; the file
// work itself is in projectFiles.ts.
import type { OpenedFile } from '../io/openFile';
import type { FileProblem } from '../io/projectFormat';
import type { ProjectState } from './project.svelte';
import { applyOpened, readPickedFile, saveBundle, saveProjectFile } from './projectFiles';
import type { ProjectEngine } from './projectFiles';

type Opened = Extract<OpenedFile, { ok: true }>;

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ProjectFileFlow {
  /** What is happening now (the menu's buttons wait meanwhile); '' when nothing is. */
  busy = $state('');
  /** What happened last, with notes on an opened file. */
  status = $state('');
  notes = $state<string[]>([]);
  failure = $state<{ title: string; problems: FileProblem[] } | null>(null);
  /** An opened file waiting for the user to confirm it may replace unsaved work. */
  pending = $state<{ fileName: string; opened: Opened } | null>(null);

  /** The document's version when last saved or opened here, to tell whether there is unsaved work. */
  #savedVersion: number | null = null;
  #project: ProjectState;
  #engine: ProjectEngine;

  constructor(project: ProjectState, engine: ProjectEngine) {
    this.#project = project;
    this.#engine = engine;
  }

  dismissFailure(): void {
    this.failure = null;
  }

  #clearMessages(): void {
    this.status = '';
    this.notes = [];
    this.failure = null;
  }

  async saveProject(): Promise<void> {
    this.#clearMessages();
    try {
      const name = await saveProjectFile(this.#project);
      this.#savedVersion = this.#project.version;
      this.status = `Saved ${name}.`;
    } catch (error) {
      this.failure = {
        title: 'The project file was not saved:',
        problems: [{ path: '', message: reason(error) }],
      };
    }
  }

  async saveBundle(): Promise<void> {
    this.#clearMessages();
    this.busy = 'Saving the bundle…';
    try {
      const version = this.#project.version;
      const saved = await saveBundle(this.#project, this.#engine, ({ done, total }) => {
        this.busy = `Saving the bundle: photo ${done} of ${total}…`;
      });
      if (saved.ok) {
        this.#savedVersion = version;
        this.status = `Saved ${saved.name}.`;
      } else this.failure = { title: 'The bundle was not saved:', problems: saved.problems };
    } catch (error) {
      this.failure = {
        title: 'The bundle was not saved:',
        problems: [{ path: '', message: reason(error) }],
      };
    } finally {
      this.busy = '';
    }
  }

  /** Reads a picked file and opens it, or asks first when it would replace unsaved work. */
  async openPicked(file: File): Promise<void> {
    this.#clearMessages();
    this.busy = `Reading ${file.name}…`;
    const opened = await readPickedFile(file);
    this.busy = '';
    if (!opened.ok) {
      this.failure = { title: `“${file.name}” could not be opened:`, problems: opened.problems };
      return;
    }
    const project = this.#project;
    const unsaved = project.doc.images.length > 0 && project.version !== this.#savedVersion;
    if (unsaved) this.pending = { fileName: file.name, opened };
    else await this.#open(file.name, opened);
  }

  confirmOpen(): void {
    const waiting = this.pending;
    this.pending = null;
    if (waiting) void this.#open(waiting.fileName, waiting.opened);
  }

  cancelOpen(): void {
    if (this.pending)
      this.status = `${this.pending.fileName} was not opened; the current project is unchanged.`;
    this.pending = null;
  }

  async #open(fileName: string, opened: Opened): Promise<void> {
    this.busy = `Opening ${fileName}…`;
    try {
      const result = await applyOpened(this.#project, this.#engine, opened, ({ done, total }) => {
        this.busy = `Opening ${fileName}: adding photo ${done} of ${total}…`;
      });
      if (!result.ok) {
        this.failure = { title: `“${fileName}” could not be opened:`, problems: result.problems };
        return;
      }
      this.#savedVersion = this.#project.version;
      this.notes = result.notes;
      const count = opened.document.images.length;
      const from = opened.kind === 'original' ? ' (from the original Strain Seer)' : '';
      this.status = `Opened ${fileName}${from}: ${count} image${count === 1 ? '' : 's'}. Undo brings back the previous project.`;
    } finally {
      this.busy = '';
    }
  }
}
