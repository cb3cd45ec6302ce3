// The page's door to the worker when the worker cannot start: every call fails with a
// message that says what to do, instead of waiting for an answer that never comes (an old
// tab after an update asks for a worker chunk that is no longer there). A worker that has
// started keeps answering, stray errors inside it notwithstanding.
import { expose } from 'comlink';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Engine, WORKER_START_FAILURE } from '../../../src/client/engine';
import { READY_MESSAGE } from '../../../src/worker/ready';

/** A stand-in worker: a real message channel whose far end the test plays. */
class FakeWorker extends EventTarget {
  static made: FakeWorker[] = [];
  readonly inside: MessagePort;
  readonly #outside: MessagePort;
  terminated = false;

  constructor() {
    super();
    const channel = new MessageChannel();
    this.#outside = channel.port1;
    this.inside = channel.port2;
    this.#outside.addEventListener('message', (event) => {
      this.dispatchEvent(new MessageEvent('message', { data: (event as MessageEvent).data }));
    });
    this.#outside.start();
    FakeWorker.made.push(this);
  }

  postMessage(data: unknown, transfer: Transferable[] = []): void {
    this.#outside.postMessage(data, transfer);
  }

  terminate(): void {
    this.terminated = true;
    this.#outside.close();
    this.inside.close();
  }

  /** The worker's script ran: its API listens and it says so. (Not `start`: comlink calls
   * an endpoint's start() as a MessagePort's.) */
  boot(api: Record<string, unknown>): void {
    expose(api, this.inside);
    this.inside.postMessage(READY_MESSAGE);
  }

  /** What the browser dispatches when the worker's script cannot load or throws. */
  fail(): void {
    this.dispatchEvent(new Event('error', { cancelable: true }));
  }
}

const request = {
  images: [],
  scaleLength: 10,
  measure: 'small' as const,
  reference: { kind: 'incremental' as const },
};

beforeEach(() => {
  FakeWorker.made = [];
  vi.stubGlobal('Worker', FakeWorker);
});

afterEach(() => {
  for (const worker of FakeWorker.made) worker.terminate();
  vi.unstubAllGlobals();
});

describe('Engine, when its worker cannot start', () => {
  it('fails the waiting calls with a message that says what to do, and stops the worker', async () => {
    const engine = new Engine();
    const analysis = engine.analyse(request);
    const opening = engine.openPhoto('photo-1');
    FakeWorker.made[0]!.fail();
    await expect(analysis).rejects.toThrow(WORKER_START_FAILURE);
    await expect(opening).rejects.toThrow(/reload the page/i);
    expect(FakeWorker.made[0]!.terminated).toBe(true);
  });

  it('tries a fresh worker on the next call, which answers once it starts', async () => {
    const engine = new Engine();
    const first = engine.forgetPhoto('photo-1');
    FakeWorker.made[0]!.fail();
    await expect(first).rejects.toThrow(WORKER_START_FAILURE);

    const second = engine.forgetPhoto('photo-2');
    expect(FakeWorker.made).toHaveLength(2);
    const forgotten: string[] = [];
    FakeWorker.made[1]!.boot({ forgetPhoto: (id: string) => void forgotten.push(id) });
    await expect(second).resolves.toBeUndefined();
    expect(forgotten).toEqual(['photo-2']);
  });
});

describe('Engine, once its worker has started', () => {
  it('keeps waiting for answers through a stray error inside the worker', async () => {
    const engine = new Engine();
    expect(FakeWorker.made).toHaveLength(0); // started on first use, not before
    let answer: (value: string) => void = () => {};
    const slow = new Promise<string>((resolve) => (answer = resolve));
    const pending = engine.photoFile('photo-1');
    const worker = FakeWorker.made[0]!;
    worker.boot({ photoFile: () => slow, forgetPhoto: () => undefined });
    // Answered on the same port after the ready message, so the engine has seen it.
    await engine.forgetPhoto('probe');
    worker.fail();
    answer('the file');
    await expect(pending).resolves.toBe('the file');
    expect(worker.terminated).toBe(false);
  });
});

describe('Engine calls', () => {
  it('passes a callback by proxy, so the worker can report progress through it', async () => {
    const engine = new Engine();
    const seen: number[] = [];
    const pending = engine.reportPictures(['a', 'b'], (done) => void seen.push(done));
    FakeWorker.made[0]!.boot({
      reportPictures: async (ids: string[], onProgress: (done: number, total: number) => void) => {
        for (const [i] of ids.entries()) await onProgress(i + 1, ids.length);
        return { urls: {}, missing: [] };
      },
    });
    await expect(pending).resolves.toEqual({ urls: {}, missing: [] });
    expect(seen).toEqual([1, 2]);
  });

  it('rejects with an AbortError once its signal aborts, whatever the worker answers later', async () => {
    const engine = new Engine();
    const controller = new AbortController();
    let answer: (value: unknown) => void = () => {};
    const pending = engine.analyse(request, controller.signal);
    FakeWorker.made[0]!.boot({ analyse: () => new Promise((resolve) => (answer = resolve)) });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    answer({ ok: true });
  });
});
