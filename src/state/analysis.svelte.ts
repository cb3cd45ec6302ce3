// The latest analysis of the project, computed in the worker. Each new request
// supersedes the one in flight (latest wins), so a slow stale answer never
// replaces a newer one.
import type { SequenceRequest } from '../core/index';
import type { AnalysisChange, AnalysisResponse, ChangesResponse } from '../client/engine';
import { sameData } from '../model/sameData';
import { AnalysisMirror, sameIds } from './analysisMirror';
import type { Readiness } from './readiness';

/**
 * Whether two requests ask the same. The readiness reuses each unchanged image's marks, so
 * most images compare by identity: an edit of one image of 5000 costs one comparison of
 * data, not a copy and a text of the whole request.
 */
function sameRequest(a: SequenceRequest, b: SequenceRequest): boolean {
  return (
    a.scaleLength === b.scaleLength &&
    a.measure === b.measure &&
    sameData(a.reference, b.reference) &&
    a.images.length === b.images.length &&
    a.images.every((marks, i) => marks === b.images[i] || sameData(marks, b.images[i]))
  );
}

/** The part of the engine the analysis needs (the real one, or a test double). */
export interface StrainAnalyser {
  analyse(request: SequenceRequest, signal?: AbortSignal): Promise<AnalysisResponse>;
  /** The same from what changed since the last request, where the analyser keeps a copy. */
  analyseChanges?(change: AnalysisChange, signal?: AbortSignal): Promise<ChangesResponse>;
  /** Lets go of the copy an analysis kept there. */
  forgetAnalysis?(session: string): Promise<void>;
}

/** A worker answer together with what it answers. */
export interface AnalysisResult {
  request: SequenceRequest;
  /** Ids of the project images the request held, in its order. */
  imageIds: string[];
  response: AnalysisResponse;
}

export class AnalysisState {
  /** The latest answer; null while the project is not ready for an analysis. */
  result = $state.raw<AnalysisResult | null>(null);
  busy = $state(false);

  #analyser: StrainAnalyser;
  /** What the analyser's copy holds, when it keeps one. */
  #mirror = new AnalysisMirror();
  #inFlight: AbortController | undefined;
  /** The request answered or in flight, with its images' ids (null: none). */
  #sent: { request: SequenceRequest; imageIds: string[] } | null = null;
  #settled: Promise<void> = Promise.resolve();

  constructor(analyser: StrainAnalyser) {
    this.#analyser = analyser;
  }

  /**
   * Sends the project's current request to the worker, unless it is the one
   * already answered or in flight. Reads `readiness` synchronously, so an
   * effect calling this re-runs whenever the request changes.
   */
  update(readiness: Readiness): Promise<void> {
    // The request is made of the document's plain copies: it can be sent as it is.
    const { request } = readiness;
    const imageIds = readiness.included.map((image) => image.id);
    const sent = this.#sent;
    const same =
      request === null
        ? sent === null
        : sent !== null && sameIds(sent.imageIds, imageIds) && sameRequest(sent.request, request);
    if (same) return this.#settled;
    this.#sent = request === null ? null : { request, imageIds };
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    if (request === null) {
      this.result = null;
      this.busy = false;
      this.#settled = Promise.resolve();
    } else {
      this.#settled = this.#send(request, imageIds);
    }
    return this.#settled;
  }

  /** Resolves once the latest request has its answer, even if newer ones arrive meanwhile. */
  async settled(): Promise<void> {
    let pending: Promise<void>;
    do {
      pending = this.#settled;
      await pending;
    } while (pending !== this.#settled);
  }

  /** Abandons any computation in flight (the view is going away). */
  cancel(): void {
    this.#inFlight?.abort();
    this.#inFlight = undefined;
    this.#sent = null;
    this.busy = false;
    this.#mirror.reset();
    this.#analyser.forgetAnalysis?.(this.#mirror.session).catch(() => undefined);
  }

  /**
   * The analysis of `request`: from what changed since the last one where the analyser
   * keeps a copy (sent whole again if that copy is gone), else whole.
   */
  async #analyse(
    request: SequenceRequest,
    imageIds: string[],
    signal: AbortSignal,
  ): Promise<AnalysisResponse> {
    const analyser = this.#analyser;
    if (!analyser.analyseChanges) return analyser.analyse(request, signal);
    for (let attempt = 0; attempt < 2; attempt++) {
      const change = this.#mirror.change(request, imageIds);
      try {
        const answer = await analyser.analyseChanges(change, signal);
        const response = this.#mirror.take(change.serial, imageIds, answer);
        if (response) return response;
      } catch (error) {
        // Aborted, the change still reaches the copy; failed, what it holds is unknown.
        if (!signal.aborted) this.#mirror.reset();
        throw error;
      }
    }
    return analyser.analyse(request, signal);
  }

  async #send(request: SequenceRequest, imageIds: string[]): Promise<void> {
    const controller = new AbortController();
    this.#inFlight = controller;
    this.busy = true;
    try {
      const response = await this.#analyse(request, imageIds, controller.signal);
      if (controller.signal.aborted) return;
      this.result = { request, imageIds, response };
    } catch (error) {
      if (controller.signal.aborted || (error as { name?: string }).name === 'AbortError') return;
      const detail = error instanceof Error ? error.message : String(error);
      this.result = {
        request,
        imageIds,
        response: {
          ok: false,
          problem: { code: 'internal', message: `The analysis failed: ${detail}` },
          durationMs: 0,
        },
      };
    } finally {
      if (this.#inFlight === controller) {
        this.#inFlight = undefined;
        this.busy = false;
      }
    }
  }
}
