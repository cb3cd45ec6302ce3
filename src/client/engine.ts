// The main thread's only door to the worker: owns it, starts it on first use,
// and keeps calls cancellable so a stale analysis never overwrites a newer one.
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import type { SequenceRequest, Mat2 } from '../core/index';
import type { AnalysisResponse, ComparisonResponse } from '../worker/analysis';
import type { WorkerApi } from '../worker/api';
import type { IngestOutcome, IngestProgress } from '../worker/photos';

export type { AnalysisResponse, ComparisonResponse, IngestOutcome, IngestProgress };

/** Thrown (as a DOMException named AbortError) when a call's signal aborts first. */
function abortError(): DOMException {
  return new DOMException('The computation was superseded by a newer one.', 'AbortError');
}

function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

export class Engine {
  #worker: Worker | undefined;
  #remote: Remote<WorkerApi> | undefined;

  #api(): Remote<WorkerApi> {
    if (!this.#remote) {
      this.#worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
        type: 'module',
        name: 'strain-seer-engine',
      });
      this.#remote = wrap<WorkerApi>(this.#worker);
    }
    return this.#remote;
  }

  /** Strain of every image and the trends, computed in the worker. */
  analyse(request: SequenceRequest, signal?: AbortSignal): Promise<AnalysisResponse> {
    // comlink's Remote<> splits the union into a union of promises; it is one promise.
    return raceAbort(this.#api().analyse(request) as Promise<AnalysisResponse>, signal);
  }

  /** One deformation gradient in all four measures. */
  compareMeasures(F: Mat2, signal?: AbortSignal): Promise<ComparisonResponse> {
    return raceAbort(this.#api().compareMeasures(F) as Promise<ComparisonResponse>, signal);
  }

  /** Decodes photos in the worker: sizes, thumbnails, or a message per bad file. */
  ingest(files: File[], onProgress?: (progress: IngestProgress) => void): Promise<IngestOutcome[]> {
    return this.#api().ingest(files, onProgress ? proxy(onProgress) : undefined);
  }

  /** The full-size photo, ready to draw (transferred from the worker). */
  openPhoto(id: string): Promise<ImageBitmap> {
    return this.#api().openPhoto(id);
  }

  /** Tells the worker a photo was removed for good. */
  forgetPhoto(id: string): Promise<void> {
    return this.#api().forgetPhoto(id);
  }

  /** Stops the worker; the next call starts a fresh one. */
  dispose(): void {
    this.#remote?.[releaseProxy]();
    this.#worker?.terminate();
    this.#remote = undefined;
    this.#worker = undefined;
  }
}

/** The app's single engine. */
export const engine = new Engine();
