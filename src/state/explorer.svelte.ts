// State of the strain-measure explorer: one deformation gradient built from
// two stretches and a shear, and its strain in every measure, computed by the
// worker. Each edit supersedes the previous computation.
import type { Mat2 } from '../core/index';
import type { ComparisonResponse } from '../client/engine';
import { plainCopy } from './plainCopy';

/** The part of the engine the explorer needs (the real one, or a test double). */
export interface MeasureComparer {
  compareMeasures(F: Mat2, signal?: AbortSignal): Promise<ComparisonResponse>;
}

export class ExplorerState {
  /** Stretch ratio along x (current length / original length). */
  stretchX = $state(1.2);
  /** Stretch ratio along y. */
  stretchY = $state(0.7);
  /** Simple shear: how far x moves per unit of y. */
  shear = $state(0);
  response = $state.raw<ComparisonResponse | undefined>(undefined);
  busy = $state(false);

  readonly F: Mat2 = $derived([
    [this.stretchX, this.shear * this.stretchY],
    [0, this.stretchY],
  ]);

  #comparer: MeasureComparer;
  #inFlight: AbortController | undefined;

  constructor(comparer: MeasureComparer) {
    this.#comparer = comparer;
  }

  /** Asks the worker for the measures of the current F; a newer request wins. */
  async recompute(): Promise<void> {
    this.#inFlight?.abort();
    const controller = new AbortController();
    this.#inFlight = controller;
    this.busy = true;
    try {
      const F = plainCopy(this.F);
      this.response = await this.#comparer.compareMeasures(F, controller.signal);
    } catch (error) {
      if ((error as { name?: string }).name === 'AbortError') return;
      this.response = {
        ok: false,
        problem: { code: 'internal', message: `The computation failed: ${String(error)}` },
      };
    } finally {
      if (this.#inFlight === controller) this.busy = false;
    }
  }
}
