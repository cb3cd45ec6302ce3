// The page's side of an analysis kept in the worker between requests (see
// worker/analysisChanges.ts): what the worker's copy holds, so that each request sends only
// what changed, and the outcomes last taken, so that an answer of a few changed images is
// put back together into the whole sequence without touching the others.
import type { ImageMarks, ImageOutcome, SequenceRequest } from '../core/index';
import type { AnalysisChange, AnalysisResponse, ChangesResponse } from '../client/engine';
import { sameData } from '../model/sameData';

export const sameIds = (a: readonly string[], b: readonly string[]) =>
  a === b || (a.length === b.length && a.every((id, i) => id === b[i]));

let made = 0;

export class AnalysisMirror {
  /** Names this analysis's copy in the worker. */
  readonly session = `analysis-${++made}-${Math.random().toString(36).slice(2)}`;
  #serial = 0;
  /** What the worker's copy holds once it has taken every change sent; null: nothing yet. */
  #held: { serial: number; order: readonly string[]; marks: Map<string, ImageMarks> } | null = null;
  /** The outcomes of the last answer taken, in its request's order. */
  #shown: { serial: number; order: readonly string[]; images: ImageOutcome[] } | null = null;

  /**
   * What brings the worker's copy to `request` (whose images have the ids `imageIds`):
   * the marks of each image new or changed, the order when it changed, and the settings.
   * It is noted as sent: the worker takes every change in turn, even one whose answer is
   * no longer awaited.
   */
  change(request: SequenceRequest, imageIds: readonly string[]): AnalysisChange {
    const { scaleLength, measure, reference } = request;
    const held = this.#held ?? { serial: 0, order: [], marks: new Map<string, ImageMarks>() };
    const change: AnalysisChange = {
      session: this.session,
      serial: ++this.#serial,
      base: held.serial,
      since: this.#shown?.serial ?? 0,
      marks: [],
      scaleLength,
      measure,
      reference,
    };
    if (held.serial === 0 || !sameIds(held.order, imageIds)) {
      change.order = [...imageIds];
      const kept = new Set(imageIds);
      for (const id of held.marks.keys()) if (!kept.has(id)) held.marks.delete(id);
      held.order = change.order;
    }
    imageIds.forEach((id, i) => {
      const marks = request.images[i] as ImageMarks;
      const before = held.marks.get(id);
      if (before === marks) return;
      // A copy made anew with the same marks (after an undo, say) is not sent again.
      if (before === undefined || !sameData(before, marks)) change.marks.push([id, marks]);
      held.marks.set(id, marks);
    });
    held.serial = change.serial;
    this.#held = held;
    return change;
  }

  /**
   * The whole analysis from the answer to the change numbered `serial`, made for the
   * images `imageIds`; null when the worker's copy must be sent whole again.
   */
  take(
    serial: number,
    imageIds: readonly string[],
    answer: ChangesResponse,
  ): AnalysisResponse | null {
    if (answer.kind === 'resend') {
      this.reset();
      return null;
    }
    if (answer.kind === 'problem') {
      return { ok: false, problem: answer.problem, durationMs: answer.durationMs };
    }
    const shown = this.#shown;
    let images: (ImageOutcome | undefined)[];
    if (shown && sameIds(shown.order, imageIds)) {
      images = shown.images.slice();
    } else {
      const before = new Map(shown?.order.map((id, i) => [id, shown.images[i]]));
      images = imageIds.map((id) => before.get(id));
    }
    for (const [index, outcome] of answer.changed) images[index] = outcome;
    if (images.includes(undefined)) {
      // Cannot happen while both sides agree; if it does, start again from nothing.
      this.reset();
      return null;
    }
    const complete = images as ImageOutcome[];
    this.#shown = { serial, order: imageIds, images: complete };
    return {
      ok: true,
      analysis: { ...answer.summary, images: complete },
      durationMs: answer.durationMs,
    };
  }

  /** Forgets what the worker holds: the next change is sent whole. */
  reset(): void {
    this.#held = null;
    this.#shown = null;
  }
}
