// What the Project menu is doing and has done: saving the project file or a bundle, and
// opening a picked file, which waits for the user's word first when it would replace work
// not saved to a file. The menu shows these fields and forwards clicks; the file work itself
// is in projectFiles.ts.
//
// It is a state machine: idle, saving, reading a picked file, waiting for the user's word,
// opening. Each run of it holds a ticket, and a progress report counts only while its own
// run is the one under way: progress travels to the page on a channel of its own and may
// arrive after its run has ended, where it used to put a finished open back to "Opening…"
// and leave the menu disabled for good.
import type { FileProblem } from '../io/projectFormat';
import type { ProjectState } from './project.svelte';
import {
  applyOpened,
  dropPicked,
  readPickedFile,
  saveBundle,
  saveProjectFile,
} from './projectFiles';
import type { Picked, ProjectEngine, SaveProgress } from './projectFiles';

type Phase =
  | { kind: 'idle' }
  | { kind: 'saving' | 'reading' | 'opening'; ticket: number; text: string }
  | { kind: 'confirming'; ticket: number; fileName: string; opened: Picked };

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));

export class ProjectFileFlow {
  #phase = $state<Phase>({ kind: 'idle' });
  /** What happened last, with notes on an opened file. */
  status = $state('');
  notes = $state<string[]>([]);
  failure = $state<{ title: string; problems: FileProblem[] } | null>(null);

  /** The document's version when last saved or opened here, to tell whether there is unsaved work. */
  #savedVersion: number | null = null;
  #tickets = 0;
  #project: ProjectState;
  #engine: ProjectEngine;

  constructor(project: ProjectState, engine: ProjectEngine) {
    this.#project = project;
    this.#engine = engine;
  }

  /** What is happening now (the menu's buttons wait meanwhile); '' when nothing is. */
  get busy(): string {
    const phase = this.#phase;
    return phase.kind === 'idle' || phase.kind === 'confirming' ? '' : phase.text;
  }

  /** Whether a picked file is being read, which cancelReading stops. */
  get reading(): boolean {
    return this.#phase.kind === 'reading';
  }

  /** An opened file waiting for the user to confirm it may replace unsaved work. */
  get pending(): { fileName: string } | null {
    const phase = this.#phase;
    return phase.kind === 'confirming' ? { fileName: phase.fileName } : null;
  }

  dismissFailure(): void {
    this.failure = null;
  }

  /** Starts a run in `kind`, or null when another run is under way (its buttons wait). */
  #begin(kind: 'saving' | 'reading', text: string): number | null {
    if (this.#phase.kind !== 'idle') return null;
    this.status = '';
    this.notes = [];
    this.failure = null;
    const ticket = ++this.#tickets;
    this.#phase = { kind, ticket, text };
    return ticket;
  }

  /** Moves the run holding `ticket` on; a late word from a run already over changes nothing. */
  #step(ticket: number, next: Phase): void {
    const phase = this.#phase;
    if (phase.kind !== 'idle' && phase.ticket === ticket) this.#phase = next;
  }

  /** Progress text for the run holding `ticket`, while that run is still in its own phase. */
  #progress(ticket: number, kind: 'saving' | 'reading' | 'opening', text: string): void {
    const phase = this.#phase;
    if (phase.kind === kind && phase.ticket === ticket) this.#phase = { kind, ticket, text };
  }

  async saveProject(): Promise<void> {
    const ticket = this.#begin('saving', 'Saving the project file…');
    if (ticket === null) return;
    try {
      const name = await saveProjectFile(this.#project);
      this.#savedVersion = this.#project.version;
      this.status = `Saved ${name}.`;
    } catch (error) {
      this.failure = {
        title: 'The project file was not saved:',
        problems: [{ path: '', message: reason(error) }],
      };
    } finally {
      this.#step(ticket, { kind: 'idle' });
    }
  }

  async saveBundle(): Promise<void> {
    const ticket = this.#begin('saving', 'Saving the bundle…');
    if (ticket === null) return;
    try {
      const version = this.#project.version;
      const onProgress = ({ done, total }: SaveProgress) =>
        this.#progress(ticket, 'saving', `Saving the bundle: photo ${done} of ${total}…`);
      const saved = await saveBundle(this.#project, this.#engine, onProgress);
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
      this.#step(ticket, { kind: 'idle' });
    }
  }

  /** Reads a picked file and opens it, or asks first when it would replace unsaved work. */
  async openPicked(file: File): Promise<void> {
    const ticket = this.#begin('reading', `Reading ${file.name}…`);
    if (ticket === null) return;
    let opened;
    try {
      opened = await readPickedFile(file, this.#engine, ({ done, total }) =>
        this.#progress(
          ticket,
          'reading',
          `Reading ${file.name}: checking photo ${done} of ${total}…`,
        ),
      );
    } catch (error) {
      opened = { ok: false as const, problems: [{ path: '', message: reason(error) }] };
    }
    // Cancelled meanwhile: whatever the read found is let go, and the project stays as it was.
    if (this.#phase.kind !== 'reading' || this.#phase.ticket !== ticket) {
      if (opened.ok) dropPicked(opened, this.#engine);
      return;
    }
    if (!opened.ok) {
      this.failure = { title: `“${file.name}” could not be opened:`, problems: opened.problems };
      this.#step(ticket, { kind: 'idle' });
      return;
    }
    const project = this.#project;
    const unsaved = project.doc.images.length > 0 && project.version !== this.#savedVersion;
    if (unsaved) this.#step(ticket, { kind: 'confirming', ticket, fileName: file.name, opened });
    else await this.#open(ticket, file.name, opened);
  }

  confirmOpen(): void {
    const phase = this.#phase;
    if (phase.kind === 'confirming') void this.#open(phase.ticket, phase.fileName, phase.opened);
  }

  cancelOpen(): void {
    const phase = this.#phase;
    if (phase.kind !== 'confirming') return;
    dropPicked(phase.opened, this.#engine);
    this.status = `${phase.fileName} was not opened; the current project is unchanged.`;
    this.#phase = { kind: 'idle' };
  }

  /** Stops reading a picked file: the worker stops unpacking it, and the project is unchanged. */
  cancelReading(): void {
    const phase = this.#phase;
    if (phase.kind !== 'reading') return;
    void this.#engine.cancelBundleRead?.().catch(() => undefined);
    this.status = 'The file was not opened; the current project is unchanged.';
    this.#phase = { kind: 'idle' };
  }

  async #open(ticket: number, fileName: string, opened: Picked): Promise<void> {
    this.#phase = { kind: 'opening', ticket, text: `Opening ${fileName}…` };
    try {
      const result = await applyOpened(this.#project, this.#engine, opened);
      if (!result.ok) {
        this.failure = { title: `“${fileName}” could not be opened:`, problems: result.problems };
        return;
      }
      this.#savedVersion = this.#project.version;
      this.notes = result.notes;
      const count = opened.document.images.length;
      const from = opened.kind === 'original' ? ' (from the original Strain Seer)' : '';
      this.status = `Opened ${fileName}${from}: ${count} image${count === 1 ? '' : 's'}. Undo brings back the previous project.`;
    } catch (error) {
      this.failure = {
        title: `“${fileName}” could not be opened:`,
        problems: [{ path: '', message: reason(error) }],
      };
    } finally {
      this.#step(ticket, { kind: 'idle' });
    }
  }
}
