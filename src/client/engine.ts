// The main thread's only door to the worker: owns it, starts it on first use,
// and keeps calls cancellable so a stale analysis never overwrites a newer one.
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { readFileMetadata } from './fileMetadata';
import type { LocateDotOptions, SequenceRequest, Mat2, Vec2 } from '../core/index';
import type { AnalysisResponse, ComparisonResponse } from '../worker/analysis';
import type { WorkerApi } from '../worker/api';
import { isReadyMessage } from '../worker/ready';
import type { IngestOutcome, IngestProgress, OpenedPhoto } from '../worker/photos';
import type { ReportPictures } from '../worker/reportPictures';
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
export type { ReportPictures, RestoredThumbnails };
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

/** Why every call fails when the worker's script could not load or run. */
export const WORKER_START_FAILURE =
  'The part of Strain Seer that does the computing could not start. Reload the page; if the ' +
  'app was updated while this tab was open, the reload brings the new version. Your marks ' +
  'and photos are kept in this browser.';

/** A started worker: its API, and a promise that rejects if it fails before it is ready. */
interface Started {
  worker: Worker;
  remote: Remote<WorkerApi>;
  failed: Promise<never>;
}

export class Engine {
  #started: Started | undefined;

  #start(): Started {
    if (this.#started) return this.#started;
    const worker = new Worker(new URL('../worker/engine.worker.ts', import.meta.url), {
      type: 'module',
      name: 'strain-seer-engine',
    });
    let ready = false;
    worker.addEventListener('message', (event: MessageEvent) => {
      if (isReadyMessage(event.data)) ready = true;
    });
    const failed = new Promise<never>((_, reject) => {
      // Before its ready message an error means the worker never started (its chunk is
      // missing or does not run), and no call would ever be answered: calls would hang. After
      // it, an error is a stray one inside a running worker; calls answer for themselves.
      worker.addEventListener('error', (event) => {
        if (ready) return;
        event.preventDefault();
        reject(new Error(WORKER_START_FAILURE));
        // The next call tries a fresh worker (the failure may have been passing).
        if (this.#started?.worker === worker) this.dispose();
      });
    });
    failed.catch(() => undefined); // rejections reach the callers through #call
    const started = { worker, remote: wrap<WorkerApi>(worker), failed };
    this.#started = started;
    return started;
  }

  /** A worker call that fails with a clear message, instead of hanging, if the worker cannot start. */
  #call<T>(invoke: (api: Remote<WorkerApi>) => Promise<T>): Promise<T> {
    const { remote, failed } = this.#start();
    return Promise.race([invoke(remote), failed]);
  }

  /** Strain of every image and the trends, computed in the worker. */
  analyse(request: SequenceRequest, signal?: AbortSignal): Promise<AnalysisResponse> {
    // comlink's Remote<> splits the union into a union of promises; it is one promise.
    return raceAbort(
      this.#call((api) => api.analyse(request) as Promise<AnalysisResponse>),
      signal,
    );
  }

  /** One deformation gradient in all four measures. */
  compareMeasures(F: Mat2, signal?: AbortSignal): Promise<ComparisonResponse> {
    return raceAbort(
      this.#call((api) => api.compareMeasures(F) as Promise<ComparisonResponse>),
      signal,
    );
  }

  /** Decodes photos in the worker: sizes, thumbnails, or a message per bad file. */
  async ingest(
    files: File[],
    onProgress?: (progress: IngestProgress) => void,
  ): Promise<IngestOutcome[]> {
    // Spread the browser's per-file disk round trips over several tasks before posting them.
    await readFileMetadata(files);
    return this.#call((api) => api.ingest(files, onProgress ? proxy(onProgress) : undefined));
  }

  /** The full-size photo and its smaller previews, ready to draw (transferred from the worker). */
  openPhoto(id: string): Promise<OpenedPhoto> {
    return this.#call((api) => api.openPhoto(id));
  }

  /** The photo's original file, as added (for saving a bundle). */
  photoFile(id: string): Promise<File> {
    return this.#call((api) => api.photoFile(id));
  }

  /** Tells the worker a photo was removed for good. */
  forgetPhoto(id: string): Promise<void> {
    return this.#call((api) => api.forgetPhoto(id));
  }

  // ---- autosave: the worker keeps the photo files and thumbnails in IndexedDB ----

  /** Writes any of these photos' files not yet in storage (rejects with QuotaExceededError when full). */
  storePhotos(ids: string[]): Promise<void> {
    return this.#call((api) => api.storePhotos(ids));
  }

  /** Reads these photos' files back into the worker (not decoded) and returns their thumbnails. */
  restorePhotos(ids: string[]): Promise<RestoredThumbnails> {
    return this.#call((api) => api.restorePhotos(ids));
  }

  /** Deletes stored photos that are not in `keep` (nor still being added). */
  prunePhotos(keep: string[]): Promise<number> {
    return this.#call((api) => api.prunePhotos(keep));
  }

  /** Deletes every stored photo and thumbnail. */
  clearPhotos(): Promise<void> {
    return this.#call((api) => api.clearPhotos());
  }

  /** The centre of the dark dot near a point of a photo (image pixels), or why there is none. */
  snapPoint(
    photoId: string,
    near: Vec2,
    options?: LocateDotOptions,
    signal?: AbortSignal,
  ): Promise<SnapResponse> {
    return raceAbort(
      this.#call((api) => api.snapPoint(photoId, near, options) as Promise<SnapResponse>),
      signal,
    );
  }

  /** The five fiducials of a photo in marker order, with a confidence. */
  detectFiducials(photoId: string, signal?: AbortSignal): Promise<DetectResponse> {
    return raceAbort(
      this.#call((api) => api.detectFiducials(photoId) as Promise<DetectResponse>),
      signal,
    );
  }

  /** Another image's fiducials (and, when given, scale points) carried over to this photo. */
  trackFiducials(
    photoId: string,
    previous: Vec2[],
    scale?: ScaleCarryOver,
    signal?: AbortSignal,
  ): Promise<TrackResponse> {
    return raceAbort(
      this.#call((api) => api.trackFiducials(photoId, previous, scale) as Promise<TrackResponse>),
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
      this.#call((api) => api.measureRulerTicks(photoId, s1, s2) as Promise<RulerResponse>),
      signal,
    );
  }

  /** Pictures of these photos sharp enough to print, made one by one (object URLs). */
  reportPictures(
    ids: string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<ReportPictures> {
    return this.#call((api) => api.reportPictures(ids, onProgress ? proxy(onProgress) : undefined));
  }

  /** Stops the worker; the next call starts a fresh one. */
  dispose(): void {
    const started = this.#started;
    this.#started = undefined;
    started?.remote[releaseProxy]();
    started?.worker.terminate();
  }
}

/** The app's single engine. */
export const engine = new Engine();
