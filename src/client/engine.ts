// The main thread's only door to the worker: owns it, starts it on first use,
// and keeps calls cancellable so a stale analysis never overwrites a newer one.
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { readFileMetadata } from './fileMetadata';
import type { LocateDotOptions, SequenceRequest, Mat2, Vec2 } from '../core/index';
import type { AnalysisResponse, ComparisonResponse } from '../worker/analysis';
import type { WorkerApi } from '../worker/api';
import type { IngestOutcome, IngestProgress, OpenedPhoto } from '../worker/photos';
import type { RestoredThumbnails } from '../worker/thumbnailUrls';
import type {
  DetectResponse,
  RulerResponse,
  ScaleCarryOver,
  ScaleResponse,
  SnapResponse,
  TrackResponse,
} from '../worker/imaging';

export type { AnalysisResponse, ComparisonResponse, IngestOutcome, IngestProgress, OpenedPhoto };
export type { RestoredThumbnails };
export type {
  DetectResponse,
  RulerResponse,
  ScaleCarryOver,
  ScaleResponse,
  SnapResponse,
  TrackResponse,
};

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
  async ingest(
    files: File[],
    onProgress?: (progress: IngestProgress) => void,
  ): Promise<IngestOutcome[]> {
    // Spread the browser's per-file disk round trips over several tasks before posting them.
    await readFileMetadata(files);
    return this.#api().ingest(files, onProgress ? proxy(onProgress) : undefined);
  }

  /** The full-size photo and its smaller previews, ready to draw (transferred from the worker). */
  openPhoto(id: string): Promise<OpenedPhoto> {
    return this.#api().openPhoto(id);
  }

  /** The photo's original file, as added (for saving a bundle). */
  photoFile(id: string): Promise<File> {
    return this.#api().photoFile(id);
  }

  /** Tells the worker a photo was removed for good. */
  forgetPhoto(id: string): Promise<void> {
    return this.#api().forgetPhoto(id);
  }

  // ---- autosave: the worker keeps the photo files and thumbnails in IndexedDB ----

  /** Writes any of these photos' files not yet in storage (rejects with QuotaExceededError when full). */
  storePhotos(ids: string[]): Promise<void> {
    return this.#api().storePhotos(ids);
  }

  /** Reads these photos' files back into the worker (not decoded) and returns their thumbnails. */
  restorePhotos(ids: string[]): Promise<RestoredThumbnails> {
    return this.#api().restorePhotos(ids);
  }

  /** Deletes stored photos that are not in `keep` (nor still being added). */
  prunePhotos(keep: string[]): Promise<number> {
    return this.#api().prunePhotos(keep);
  }

  /** Deletes every stored photo and thumbnail. */
  clearPhotos(): Promise<void> {
    return this.#api().clearPhotos();
  }

  /** The centre of the dark dot near a point of a photo (image pixels), or why there is none. */
  snapPoint(
    photoId: string,
    near: Vec2,
    options?: LocateDotOptions,
    signal?: AbortSignal,
  ): Promise<SnapResponse> {
    return raceAbort(
      this.#api().snapPoint(photoId, near, options) as Promise<SnapResponse>,
      signal,
    );
  }

  /** The five fiducials of a photo in marker order, with a confidence. */
  detectFiducials(photoId: string, signal?: AbortSignal): Promise<DetectResponse> {
    return raceAbort(this.#api().detectFiducials(photoId) as Promise<DetectResponse>, signal);
  }

  /** Another image's fiducials (and, when given, scale points) carried over to this photo. */
  trackFiducials(
    photoId: string,
    previous: Vec2[],
    scale?: ScaleCarryOver,
    signal?: AbortSignal,
  ): Promise<TrackResponse> {
    return raceAbort(
      this.#api().trackFiducials(photoId, previous, scale) as Promise<TrackResponse>,
      signal,
    );
  }

  /** The ruler's tick spacing between two scale points of a photo. */
  measureRulerTicks(
    photoId: string,
    s1: Vec2,
    s2: Vec2,
    signal?: AbortSignal,
  ): Promise<RulerResponse> {
    return raceAbort(
      this.#api().measureRulerTicks(photoId, s1, s2) as Promise<RulerResponse>,
      signal,
    );
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
