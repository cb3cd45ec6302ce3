// The main thread's only door to the worker: owns it, starts it on first use, and keeps calls
// cancellable so a stale analysis never overwrites a newer one. Its methods are the worker
// API's own (src/worker/api.ts), derived from its type: a method added there is callable here
// with nothing written for it. What every call needs on the way (start-up, files touched
// before they are posted, callbacks passed by proxy, an optional AbortSignal) is done once,
// in `#call`.
import { proxy, releaseProxy, wrap } from 'comlink';
import type { Remote } from 'comlink';
import { readFileMetadata } from './fileMetadata';
import type { WorkerApi } from '../worker/api';
import { isReadyMessage } from '../worker/ready';

// What the worker answers, under the names the page uses for it.
export type { AnalysisResponse, ComparisonResponse } from '../worker/analysis';
export type { AnalysisChange, ChangesResponse } from '../worker/analysisChanges';
export type { IngestOutcome, IngestProgress, OpenedPhoto } from '../worker/photos';
export type { ReportPictures } from '../worker/reportPictures';
export type { RestoredThumbnails } from '../worker/thumbnailUrls';
export type { FrameOutcome, FramePreview, VideoOpened } from '../worker/videoSession';
export type { VideoFacts } from '../io/video/reader';
export type {
  DetectResponse,
  RulerResponse,
  ScaleCarryOver,
  ScaleResponse,
  SnapResponse,
  TrackResponse,
} from '../worker/imaging';

/**
 * A worker method as the page calls it: its own arguments, optionally followed by an
 * AbortSignal, answering one promise of its result. (comlink's Remote types a union result
 * as a union of promises; awaited, it is the same value.)
 */
type PageCall<F> = F extends (...args: infer A) => infer R
  ? (...args: [...A, signal?: AbortSignal]) => Promise<Awaited<R>>
  : never;

/** Every method of the worker API, callable from the page. */
export type WorkerCalls = { readonly [K in keyof WorkerApi]: PageCall<Remote<WorkerApi>[K]> };

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

/** The arguments as they are posted: functions by proxy (they cannot be copied). */
function postable(args: unknown[]): unknown[] {
  return args.map((arg) => (typeof arg === 'function' ? proxy(arg) : arg));
}

/** The chosen files among the arguments, to touch before they are posted (see fileMetadata.ts). */
function filesIn(args: unknown[]): File[] {
  return args.flatMap((arg) =>
    Array.isArray(arg) ? arg.filter((item): item is File => item instanceof File) : [],
  );
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

class WorkerDoor {
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

  /**
   * Calls a worker method. It fails with a clear message, instead of hanging, if the worker
   * cannot start, and with an AbortError as soon as a trailing AbortSignal aborts.
   */
  #call(method: keyof WorkerApi, args: unknown[]): Promise<unknown> {
    const last = args.at(-1);
    const signal = last instanceof AbortSignal ? last : undefined;
    const own = signal ? args.slice(0, -1) : args;
    const answer = (async () => {
      const files = filesIn(own);
      // Spread the browser's per-file disk round trips over several tasks before posting them.
      if (files.length > 0) await readFileMetadata(files);
      const { remote, failed } = this.#start();
      const invoke = remote[method] as (...posted: unknown[]) => Promise<unknown>;
      return Promise.race([invoke(...postable(own)), failed]);
    })();
    return raceAbort(answer, signal);
  }

  // Any other name is a worker method: a function that calls it. (Not `then`, so an engine is
  // never mistaken for a promise, nor what every object has, such as `toString`.)
  static {
    const calls = new Proxy(Object.prototype, {
      get: (base, name, door: WorkerDoor) =>
        typeof name !== 'string' || name === 'then' || name in base
          ? Reflect.get(base, name, door)
          : (...args: unknown[]) => door.#call(name as keyof WorkerApi, args),
    });
    Object.setPrototypeOf(WorkerDoor.prototype, calls);
  }

  /** Stops the worker; the next call starts a fresh one. */
  dispose(): void {
    const started = this.#started;
    this.#started = undefined;
    started?.remote[releaseProxy]();
    started?.worker.terminate();
  }
}

/** The worker's API on the page, started on first use; `dispose` stops it. */
export type Engine = WorkerDoor & WorkerCalls;
export const Engine = WorkerDoor as new () => Engine;

/** The app's single engine. */
export const engine = new Engine();
