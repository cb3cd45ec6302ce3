// One saving tab per browser profile: the tab holding a Web Lock saves; any
// other tab finds the lock taken, says so, and saves nothing until the user
// takes over. A BroadcastChannel asks the saving tab to finish its last save
// and let go first; if it has not let go in time (frozen), the lock is stolen.

export const PROJECT_LOCK = 'strain-seer-project';
export const PROJECT_CHANNEL = 'strain-seer-project';
const HANDOVER_TIMEOUT_MS = 2000;

/** The parts of navigator.locks used here (a fake in tests). */
export interface LockManagerLike {
  request(
    name: string,
    options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal },
    callback: (lock: unknown) => Promise<void> | void,
  ): Promise<unknown>;
}

/** The parts of a BroadcastChannel used here. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  close(): void;
}

interface Message {
  type: 'takeover';
  from: string;
}

export type Grant = 'start' | 'takeover' | 'freed';

export interface TabEvents {
  /** This tab holds the lock: at start, after a take-over it asked for, or when the other tab closed. */
  granted(reason: Grant): void;
  /** Another tab takes over: finish saving (the lock is released when this settles). */
  handOver(): Promise<void>;
  /** The lock is gone (handed over or stolen): stop saving. */
  lost(): void;
}

export interface TabLockOptions {
  locks: LockManagerLike | undefined;
  channel: ChannelLike | undefined;
  events: TabEvents;
  handoverTimeoutMs?: number;
}

/** Coordinates the tabs of one profile; `start()` says whether this one saves. */
export class TabLock {
  readonly #locks: LockManagerLike | undefined;
  readonly #channel: ChannelLike | undefined;
  readonly #events: TabEvents;
  readonly #timeoutMs: number;
  readonly #id = Math.random().toString(36).slice(2);
  #held = false;
  #release: (() => void) | undefined;
  #waiting: AbortController | undefined;
  #takeoverAsked = false;
  #disposed = false;
  #started = false;
  /**
   * Only a visible tab waits in line for the lock: otherwise reloading the tab
   * one works in would hand saving to a tab in the background.
   */
  #visible = true;

  constructor(options: TabLockOptions) {
    this.#locks = options.locks;
    this.#channel = options.channel;
    this.#events = options.events;
    this.#timeoutMs = options.handoverTimeoutMs ?? HANDOVER_TIMEOUT_MS;
    this.#channel?.addEventListener('message', (event) => void this.#onMessage(event.data));
  }

  get held(): boolean {
    return this.#held;
  }

  /** True when this tab may save now. Without Web Locks there is nothing to coordinate with. */
  async start(): Promise<boolean> {
    if (!this.#locks) {
      this.#held = true;
      return true;
    }
    const got = await this.#request({ ifAvailable: true });
    this.#started = true;
    if (!got) this.#queue();
    return got;
  }

  /** Tells whether the page is visible: a hidden tab leaves the line, a visible one rejoins it. */
  setVisible(visible: boolean): void {
    this.#visible = visible;
    if (!this.#started || !this.#locks || this.#held || this.#disposed) return;
    if (visible && !this.#waiting) this.#queue();
    if (!visible && this.#waiting && !this.#takeoverAsked) {
      this.#waiting.abort();
      this.#waiting = undefined;
    }
  }

  /** Asks the saving tab to let go, then takes the lock (stealing it if that tab does not answer). */
  async takeOver(): Promise<void> {
    if (this.#held || !this.#locks) return;
    this.#takeoverAsked = true;
    if (!this.#waiting) this.#queue();
    this.#channel?.postMessage({ type: 'takeover', from: this.#id } satisfies Message);
    const answered = this.#channel
      ? await new Promise<boolean>((resolve) => {
          const started = Date.now();
          const check = () => {
            if (this.#held || this.#disposed) resolve(true);
            else if (Date.now() - started >= this.#timeoutMs) resolve(false);
            else setTimeout(check, 25);
          };
          check();
        })
      : false;
    if (answered || this.#disposed) return;
    this.#waiting?.abort();
    this.#waiting = undefined;
    if (await this.#request({ steal: true })) this.#events.granted('takeover');
  }

  /** Lets go of the lock and the channel (the page is going away, or tests). */
  dispose(): void {
    this.#disposed = true;
    this.#waiting?.abort();
    this.#waiting = undefined;
    this.#held = false;
    this.#release?.();
    this.#release = undefined;
    this.#channel?.close();
  }

  /** Resolves true once the lock is held, false if it was not available (ifAvailable) or lost. */
  #request(options: { ifAvailable?: boolean; steal?: boolean; signal?: AbortSignal }) {
    return new Promise<boolean>((resolve) => {
      this.#locks!.request(PROJECT_LOCK, options, (lock) => {
        if (!lock || this.#disposed) {
          resolve(false);
          return;
        }
        this.#held = true;
        resolve(true);
        // Held until released: by a hand-over, dispose(), or the page going away.
        return new Promise<void>((release) => (this.#release = release));
      }).catch(() => {
        // AbortError: stolen by another tab, or a queued request that was cancelled.
        resolve(false);
        if (this.#held) this.#lose();
      });
    });
  }

  /** Waits in line for the lock: granted when the saving tab closes or lets go. */
  #queue(): void {
    if (!this.#visible && !this.#takeoverAsked) return;
    const controller = new AbortController();
    this.#waiting = controller;
    void this.#request({ signal: controller.signal }).then((got) => {
      if (this.#waiting === controller) this.#waiting = undefined;
      if (got) this.#events.granted(this.#takeoverAsked ? 'takeover' : 'freed');
    });
  }

  #lose(): void {
    this.#held = false;
    this.#release = undefined;
    this.#takeoverAsked = false;
    this.#events.lost();
    // Wait in line again, so this tab learns when the other one closes.
    if (!this.#disposed && this.#locks) this.#queue();
  }

  async #onMessage(data: unknown): Promise<void> {
    const message = data as Partial<Message> | null;
    if (!message || message.from === this.#id) return;
    if (message.type === 'takeover' && this.#held) {
      try {
        await this.#events.handOver();
      } finally {
        const release = this.#release;
        this.#release = undefined;
        this.#held = false;
        this.#events.lost();
        release?.();
        if (!this.#disposed && this.#locks) this.#queue();
      }
    }
  }
}
