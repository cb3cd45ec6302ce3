// The service worker's news as the UI sees it: a new version waiting for the user's go-ahead, and
// the one-time "ready to work offline" notice. main.ts connects vite-plugin-pwa's registerSW.
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';

/** vite-plugin-pwa's `registerSW` from `virtual:pwa-register`, injected so tests can drive it. */
export type RegisterSW = (options: RegisterSWOptions) => (reloadPage?: boolean) => Promise<void>;

/** Remembers that the offline notice was shown, so it is shown once per browser profile. */
export const OFFLINE_NOTICE_KEY = 'strain-seer:offline-notice-shown';
/** A tab left open for days still hears about new versions. */
export const UPDATE_CHECK_INTERVAL_MS = 60 * 60 * 1000;

export interface AppUpdateEnvironment {
  /** Undefined where storage is unavailable (then the notice may show again, which is harmless). */
  storage: Pick<Storage, 'getItem' | 'setItem'> | undefined;
  reload(): void;
  isOnline(): boolean;
  every(ms: number, task: () => void): void;
  warn(message: string, error: unknown): void;
}

function browserStorage(): AppUpdateEnvironment['storage'] {
  try {
    return window.localStorage;
  } catch {
    // Blocked storage (privacy settings) throws on access.
    return undefined;
  }
}

export function browserEnvironment(): AppUpdateEnvironment {
  return {
    // Looked up when first needed, not at start-up: the first touch of localStorage opens the
    // browser's storage, some milliseconds the first screen need not wait for.
    get storage() {
      return browserStorage();
    },
    reload: () => window.location.reload(),
    isOnline: () => navigator.onLine,
    every: (ms, task) => void setInterval(task, ms),
    warn: (message, error) => console.warn(message, error),
  };
}

export class AppUpdate {
  /** A new version is installed and waits for the user: show Reload and Later. */
  needRefresh = $state(false);
  /** The app is cached and works offline; true once, on the first install. */
  offlineReady = $state(false);

  #updateServiceWorker: (() => Promise<void>) | undefined;
  #registration: ServiceWorkerRegistration | undefined;
  #userAskedToReload = false;
  /** Another tab already switched to the new version: reloading this one just picks it up. */
  #newVersionInControl = false;
  #reloading = false;
  readonly #env: AppUpdateEnvironment;

  constructor(env: AppUpdateEnvironment = browserEnvironment()) {
    this.#env = env;
  }

  /** Registers the service worker. Never reloads the page unless the user chose Reload. */
  connect(register: RegisterSW): void {
    this.#updateServiceWorker = register({
      onNeedRefresh: () => {
        this.needRefresh = true;
      },
      onOfflineReady: () => this.#offlineReady(),
      // The new version took control (after skipWaiting, here or in another tab).
      onNeedReload: () => {
        this.#newVersionInControl = true;
        if (this.#userAskedToReload) this.#reloadOnce();
        else this.needRefresh = true;
      },
      onRegisteredSW: (_url, registration) => {
        if (!registration) return;
        this.#registration = registration;
        this.#env.every(UPDATE_CHECK_INTERVAL_MS, () => void this.checkForUpdate());
      },
      onRegisterError: (error: unknown) =>
        this.#env.warn('Strain Seer: the offline service worker could not be registered.', error),
    });
  }

  /** Asks the server for a newer service worker; quiet when offline (the next check retries). */
  async checkForUpdate(): Promise<void> {
    const registration = this.#registration;
    if (!registration || registration.installing || !this.#env.isOnline()) return;
    try {
      await registration.update();
    } catch {
      // Offline or the server is away: nothing to tell the user.
    }
  }

  /** The user chose Reload: activate the waiting version, then reload into it. */
  async reload(): Promise<void> {
    this.#userAskedToReload = true;
    this.needRefresh = false;
    const waiting = this.#registration?.waiting;
    if (this.#newVersionInControl || !waiting) {
      this.#reloadOnce();
      return;
    }
    // A page that no service worker controls yet sees no controller change: wait for activation.
    waiting.addEventListener('statechange', () => {
      if (waiting.state === 'activated') this.#reloadOnce();
    });
    await this.#updateServiceWorker?.();
  }

  /** The user chose Later: the new version starts the next time the app is opened. */
  later(): void {
    this.needRefresh = false;
  }

  dismissOfflineNotice(): void {
    this.offlineReady = false;
  }

  #offlineReady(): void {
    const storage = this.#env.storage;
    try {
      if (storage?.getItem(OFFLINE_NOTICE_KEY)) return;
      storage?.setItem(OFFLINE_NOTICE_KEY, String(Date.now()));
    } catch {
      // Storage full or blocked: show the notice anyway.
    }
    this.offlineReady = true;
  }

  #reloadOnce(): void {
    if (this.#reloading) return;
    this.#reloading = true;
    this.#env.reload();
  }
}

/** The app's single instance; main.ts connects it, UpdateToast shows it. */
export const appUpdate = new AppUpdate();
