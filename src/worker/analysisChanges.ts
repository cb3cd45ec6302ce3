// The analysis kept between requests: the page sends only what changed since its last
// request (an image's marks, the order, the settings), and this recomputes only the images
// whose strain depends on what changed, answering with the outcomes the page has not seen.
// Typing a travel in a project of 5000 photos then posts one image each way instead of
// 5000, and fits one deformation instead of 5000. Each image's outcome comes from the same
// core functions on the same inputs as a whole analysis, so the numbers are the same.
import { toProblem } from '../core';
import type {
  ImageMarks,
  ImageOutcome,
  Problem,
  ReferenceMode,
  SequenceAnalysis,
  StrainMeasure,
} from '../core';
import {
  checkSequenceRequest,
  imageOutcome,
  normaliseImage,
  referenceIndexOf,
  sequenceTrends,
} from '../core/sequence';
import type { Normalised } from '../core/sequence';

/** What changed in one analysis of the page since its previous request. */
export interface AnalysisChange {
  /** Which analysis of the page this is (each keeps its own copy here). */
  session: string;
  /** This request's number in its session, counted from 1. */
  serial: number;
  /** The request this one follows (what this copy must hold already); 0: it holds everything. */
  base: number;
  /** The last answer the page took: every outcome changed after it comes back. 0: none. */
  since: number;
  /** The analysed images' ids in order, when they differ from the base's (always with base 0). */
  order?: string[];
  /** The marks of the images new or changed since the base, by image id. */
  marks: [string, ImageMarks][];
  scaleLength: number;
  measure: StrainMeasure;
  reference: ReferenceMode;
}

export type ChangesResponse =
  | {
      kind: 'changes';
      /** Each outcome changed after the page's last answer, by its index in the order. */
      changed: [number, ImageOutcome][];
      summary: Omit<SequenceAnalysis, 'images'>;
      durationMs: number;
    }
  | { kind: 'problem'; problem: Problem; durationMs: number }
  /** This copy does not hold the request the change follows (the worker restarted): send all. */
  | { kind: 'resend' };

/** What an image's outcome was computed from; the same inputs give the same outcome. */
interface Computed {
  current: ImageMarks;
  reference: ImageMarks;
  referenceIndex: number;
  scaleLength: number;
  measure: StrainMeasure;
  outcome: ImageOutcome;
  /** The request that computed it. */
  serial: number;
}

class AnalysisCopy {
  serial = 0;
  order: string[] = [];
  // Plain maps in a worker, never shown.
  readonly marks = new Map<string, ImageMarks>();
  readonly normalised = new Map<
    string,
    { marks: ImageMarks; scaleLength: number; value: Normalised }
  >();
  readonly computed = new Map<string, Computed>();

  /** Takes a change in; false when it does not follow what this copy holds. */
  take(change: AnalysisChange): boolean {
    if (change.base !== 0 && change.base !== this.serial) return false;
    if (change.base === 0) {
      for (const map of [this.marks, this.normalised, this.computed]) map.clear();
    }
    this.serial = change.serial;
    for (const [id, marks] of change.marks) this.marks.set(id, marks);
    if (change.order) {
      this.order = change.order;
      const kept = new Set(this.order);
      for (const map of [this.marks, this.normalised, this.computed]) {
        for (const id of map.keys()) if (!kept.has(id)) map.delete(id);
      }
    }
    return this.order.every((id) => this.marks.has(id));
  }

  #normalised(id: string, marks: ImageMarks, scaleLength: number): Normalised {
    const known = this.normalised.get(id);
    if (known?.marks === marks && known.scaleLength === scaleLength) return known.value;
    const value = normaliseImage(marks, scaleLength);
    this.normalised.set(id, { marks, scaleLength, value });
    return value;
  }

  analyse(change: AnalysisChange): ChangesResponse {
    const started = performance.now();
    const { scaleLength, measure, reference } = change;
    const images = this.order.map((id) => this.marks.get(id) as ImageMarks);
    try {
      checkSequenceRequest({ images, scaleLength, measure, reference });
    } catch (error) {
      return {
        kind: 'problem',
        problem: toProblem(error),
        durationMs: performance.now() - started,
      };
    }
    const normalised = this.order.map((id, i) => this.#normalised(id, images[i]!, scaleLength));
    const inputs = { images, normalised, scaleLength, measure, reference };
    const changed: [number, ImageOutcome][] = [];
    const outcomes = this.order.map((id, index) => {
      const current = images[index]!;
      const referenceIndex = referenceIndexOf(reference, index);
      const ref = images[referenceIndex]!;
      let known = this.computed.get(id);
      const same =
        known?.current === current &&
        known.reference === ref &&
        known.referenceIndex === referenceIndex &&
        known.scaleLength === scaleLength &&
        known.measure === measure;
      if (!known || !same) {
        const outcome = imageOutcome(inputs, index);
        const serial = this.serial;
        known = { current, reference: ref, referenceIndex, scaleLength, measure, outcome, serial };
        this.computed.set(id, known);
      }
      if (known.serial > change.since) changed.push([index, known.outcome]);
      return known.outcome;
    });
    return {
      kind: 'changes',
      changed,
      summary: { measure, reference, ...sequenceTrends(images, outcomes) },
      durationMs: performance.now() - started,
    };
  }
}

/** Enough for every analysis a page keeps at once (the results, the overlay). */
const MAX_COPIES = 4;
const copies = new Map<string, AnalysisCopy>();

/** Analyses the page's request from what changed since its last one. */
export function analyseChanges(change: AnalysisChange): ChangesResponse {
  let copy = copies.get(change.session);
  copies.delete(change.session);
  if (!copy) {
    if (change.base !== 0) return { kind: 'resend' };
    copy = new AnalysisCopy();
  }
  // The most recently used last, so the one left longest goes first.
  copies.set(change.session, copy);
  if (copies.size > MAX_COPIES) copies.delete(copies.keys().next().value as string);
  if (!copy.take(change)) {
    copies.delete(change.session);
    return { kind: 'resend' };
  }
  return copy.analyse(change);
}

/** Forgets an analysis the page no longer keeps. */
export function forgetAnalysis(session: string): void {
  copies.delete(session);
}
