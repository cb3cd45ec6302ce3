// Photo intake: files picked or dropped go to the worker as they are (it decodes them), in
// natural order; decoded photos join the project a few at a time and refused files say why.
// The component shows the progress and the refusals and hands files in; the queue, the
// names in flight and the batch timers live here.
import type { Engine, IngestOutcome } from '../client/engine';
import { naturalCompare, travelFromFileName } from '../core/basics';
import { INTAKE_CANCELLED } from '../io/imageHeader';
import { isAwaited, linkPhotos } from './linkPhotos';
import type { ProjectState } from './project.svelte';
import { duplicateMessage, failureMessage } from './refusals';
import type { Refusal } from './refusals';

/** The part of the engine the intake needs (the real one, or a test double). */
export type IntakeEngine = Pick<Engine, 'ingest' | 'cancelIngest'>;

type Decoded = Extract<IngestOutcome, { ok: true }>;

/** How long decoded photos wait to join the table together, ms. */
const ROWS_EVERY_MS = 500;

export class IntakeState {
  /** Files handed to the worker since the queue was last empty, and how many are done. */
  total = $state(0);
  done = $state(0);
  refusals = $state<Refusal[]>([]);

  // Batches run one after another so progress counts stay meaningful; names in flight are
  // claimed so the same file dropped twice quickly is refused too. Bookkeeping, never shown.
  #queue: Promise<void> = Promise.resolve();
  #batchesWaiting = 0;
  /** Moves at every cancel: a batch submitted before it is not sent to the worker. */
  #cancels = 0;
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
  #namesInFlight = new Set<string>();
  #project: ProjectState;
  #engine: IntakeEngine;

  constructor(project: ProjectState, engine: IntakeEngine) {
    this.#project = project;
    this.#engine = engine;
  }

  /** The project the photos join (frames taken from a video join it too). */
  get project(): ProjectState {
    return this.#project;
  }

  get busy(): boolean {
    return this.total > 0;
  }

  /** The photo being worked on (1-based), so the progress never reads "0 of 30". */
  get current(): number {
    return Math.min(this.done + 1, this.total);
  }

  dismissRefusals(): void {
    this.refusals = [];
  }

  /**
   * Stops the intake: the worker drops the photo it is decoding and decodes none after it,
   * and batches still waiting are not sent. Photos already added stay; each file not added
   * is listed with why, so it can be added again.
   */
  cancel(): void {
    if (!this.busy) return;
    this.#cancels++;
    void this.#engine.cancelIngest().catch(() => undefined);
  }

  /** Takes files picked or dropped: duplicates are refused at once, the rest queued. */
  submit(files: readonly File[]): void {
    if (files.length === 0) return;
    if (this.#batchesWaiting === 0) this.refusals = [];
    const accepted = this.#claim(files);
    if (accepted.length === 0) return;
    this.total += accepted.length;
    this.#batchesWaiting++;
    const cancels = this.#cancels;
    this.#queue = this.#queue
      .then(() =>
        cancels === this.#cancels ? this.#ingestBatch(accepted) : this.#cancelBatch(accepted),
      )
      .finally(() => {
        for (const file of accepted) this.#namesInFlight.delete(file.name);
        this.#batchesWaiting--;
        if (this.#batchesWaiting === 0) this.total = this.done = 0;
      });
  }

  /** The files to ingest, sorted, with their names claimed; the others refused with why. */
  #claim(files: readonly File[]): File[] {
    const project = this.#project;
    const sorted = [...files].sort((a, b) => naturalCompare(a.name, b.name));
    const accepted: File[] = [];
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local to this call
    const seen = new Set<string>();
    for (const file of sorted) {
      // A photo that an opened project's image waits for is attached to it, not refused.
      const duplicate = project.hasImageNamed(file.name) && !isAwaited(project, file.name);
      if (duplicate || this.#namesInFlight.has(file.name) || seen.has(file.name)) {
        const message = duplicateMessage(project.hasImageNamed(file.name));
        this.refusals.push({ name: file.name, message });
      } else {
        seen.add(file.name);
        accepted.push(file);
      }
    }
    for (const name of seen) this.#namesInFlight.add(name);
    return accepted;
  }

  #cancelBatch(files: File[]): void {
    this.refusals.push(...files.map((file) => ({ name: file.name, message: INTAKE_CANCELLED })));
    this.done += files.length;
  }

  async #ingestBatch(files: File[]): Promise<void> {
    const base = this.done;
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, never shown
    const settled = new Set<string>();
    const rows = this.#rowJoiner();
    const settle = (outcome: IngestOutcome) => {
      settled.add(outcome.name);
      if (outcome.ok) rows.add(outcome);
      else this.refusals.push({ name: outcome.name, message: outcome.message });
    };
    let outcomes: IngestOutcome[];
    try {
      outcomes = await this.#engine.ingest(files, (progress) => {
        // Progress travels on its own message channel, so it may also come after the answer.
        if (settled.has(progress.outcome.name)) return;
        this.done = base + progress.done;
        settle(progress.outcome);
      });
    } catch (error) {
      rows.flush();
      // The worker failed as a whole: say so for each file it had not finished.
      const unsettled = files.filter((file) => !settled.has(file.name));
      this.refusals.push(
        ...unsettled.map((file) => ({ name: file.name, message: failureMessage(error) })),
      );
      this.done = base + files.length;
      return;
    }
    // Any file whose progress message has not arrived yet joins now, in order.
    for (const outcome of outcomes) if (!settled.has(outcome.name)) settle(outcome);
    rows.flush();
    this.done = base + files.length;
  }

  /**
   * Joins one batch's decoded photos to the project while the worker goes on: the first at
   * once (it opens), the others a few at a time, at most every ROWS_EVERY_MS, and the last
   * as soon as the batch ends (`flush`). Each join re-lays out and repaints the table, a
   * 20-40 ms frame on a two-core laptop rendering on its CPU whatever the number of rows
   * added: one per photo made thirty such frames, where a busy machine sometimes stretched
   * one past 50 ms. The batch token makes them undo as one step.
   */
  #rowJoiner(): { add(photo: Decoded): void; flush(): void } {
    const project = this.#project;
    const batch = {};
    let waiting: Decoded[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      clearTimeout(timer);
      timer = undefined;
      if (waiting.length === 0) return;
      const photos = waiting.map(({ id, name, width, height }) => ({
        id,
        name,
        width,
        height,
        suggestedTravel: travelFromFileName(name),
      }));
      for (const outcome of waiting) project.thumbnails[outcome.id] = outcome.thumbnailUrl;
      waiting = [];
      const { rest, refused } = linkPhotos(project, photos);
      this.refusals.push(...refused);
      project.addImages(rest, { openFirst: false, batch });
      // The first photo opens in the next task, so laying out the table's new row and
      // the annotation view are two short tasks, not one long one.
      if (project.selectedId === null) setTimeout(() => project.openFirstIfNone(), 0);
    };
    return {
      add(photo) {
        waiting.push(photo);
        if (project.doc.images.length === 0) flush();
        else timer ??= setTimeout(flush, ROWS_EVERY_MS);
      },
      flush,
    };
  }
}
