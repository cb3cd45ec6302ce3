// Fakes of navigator.locks and BroadcastChannel with the semantics the tab
// coordination relies on: exclusive locks granted in request order,
// ifAvailable, steal (the holder's request rejects with AbortError), abort
// signals for queued requests; channels that deliver to every other channel of
// the same name, asynchronously.
import type { ChannelLike, LockManagerLike } from '../../../src/io/tabLock';

interface Request {
  callback: (lock: unknown) => Promise<void> | void;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

const abortError = () => new DOMException('The lock request was aborted.', 'AbortError');

/** One browser profile's lock manager (shared by the fake "tabs"). */
export class FakeLocks implements LockManagerLike {
  #holder = new Map<string, Request>();
  #queue = new Map<string, Request[]>();

  isHeld(name: string): boolean {
    return this.#holder.has(name);
  }

  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const request: Request = { callback, resolve, reject };
      const queue = this.#queue.get(name) ?? [];
      this.#queue.set(name, queue);
      if (options.steal) {
        const holder = this.#holder.get(name);
        this.#holder.delete(name);
        holder?.reject(abortError());
        this.#grant(name, request);
        return;
      }
      const free = !this.#holder.has(name) && queue.length === 0;
      if (options.ifAvailable && !free) {
        Promise.resolve(callback(null)).then(resolve, reject);
        return;
      }
      if (free) {
        this.#grant(name, request);
        return;
      }
      queue.push(request);
      options.signal?.addEventListener('abort', () => {
        const at = queue.indexOf(request);
        if (at >= 0) {
          queue.splice(at, 1);
          reject(abortError());
        }
      });
    });
  }

  #grant(name: string, request: Request): void {
    this.#holder.set(name, request);
    Promise.resolve()
      .then(() => request.callback({ name, mode: 'exclusive' }))
      .then(
        (value) => this.#release(name, request, () => request.resolve(value)),
        (error: unknown) => this.#release(name, request, () => request.reject(error)),
      );
  }

  #release(name: string, request: Request, settle: () => void): void {
    if (this.#holder.get(name) === request) {
      this.#holder.delete(name);
      const next = this.#queue.get(name)?.shift();
      if (next) this.#grant(name, next);
    }
    settle();
  }
}

/** BroadcastChannels of one profile: a message reaches every other channel of its name. */
export class FakeChannels {
  #open = new Set<FakeChannel>();

  channel(name: string): FakeChannel {
    const channel = new FakeChannel(name, this.#open);
    this.#open.add(channel);
    return channel;
  }
}

export class FakeChannel implements ChannelLike {
  readonly #listeners: ((event: MessageEvent) => void)[] = [];
  constructor(
    readonly name: string,
    private readonly open: Set<FakeChannel>,
  ) {}

  postMessage(message: unknown): void {
    for (const other of this.open) {
      if (other === this || other.name !== this.name) continue;
      setTimeout(() => other.deliver(structuredClone(message)), 0);
    }
  }

  addEventListener(_type: 'message', listener: (event: MessageEvent) => void): void {
    this.#listeners.push(listener);
  }

  close(): void {
    this.open.delete(this);
  }

  deliver(data: unknown): void {
    if (!this.open.has(this)) return;
    for (const listener of this.#listeners) listener({ data } as MessageEvent);
  }
}
