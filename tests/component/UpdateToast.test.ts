// The update prompt and the offline notice through what a user sees and does, with the service
// worker registration (vite-plugin-pwa's registerSW) replaced by a fake the test drives: the page
// reloads only after the user chose Reload, the offline notice shows once, updates are checked
// hourly while online.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import type { RegisterSWOptions } from 'vite-plugin-pwa/types';
import { describe, expect, it, vi } from 'vitest';
import {
  AppUpdate,
  OFFLINE_NOTICE_KEY,
  UPDATE_CHECK_INTERVAL_MS,
  type AppUpdateEnvironment,
} from '../../src/state/appUpdate.svelte';
import UpdateToast, { OFFLINE_TOAST_MS } from '../../src/ui/shell/UpdateToast.svelte';

/** A service worker in the waiting state that the test can activate. */
class FakeWorker extends EventTarget {
  state: ServiceWorkerState = 'installed';
  activate() {
    this.state = 'activated';
    this.dispatchEvent(new Event('statechange'));
  }
}

function memoryStorage(): NonNullable<AppUpdateEnvironment['storage']> {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
}

function setup({ online = true, storage = memoryStorage() } = {}) {
  const captured: { options?: RegisterSWOptions } = {};
  const updateServiceWorker = vi.fn(async () => undefined);
  const checks: { ms: number; task: () => void }[] = [];
  const env: AppUpdateEnvironment = {
    storage,
    reload: vi.fn(),
    isOnline: () => online,
    every: (ms, task) => void checks.push({ ms, task }),
    warn: vi.fn(),
  };
  const update = new AppUpdate(env);
  update.connect((given) => {
    captured.options = given;
    return updateServiceWorker;
  });
  const { options } = captured;
  if (!options) throw new Error('connect() did not register');
  const waiting = new FakeWorker();
  const registration = {
    waiting,
    installing: null,
    update: vi.fn(async () => undefined),
  } as unknown as ServiceWorkerRegistration;
  render(UpdateToast, { update });
  /** Runs a service worker callback as the browser would, outside any user event. */
  const fire = (callback: () => void) => flushSync(callback);
  return { options, update, env, updateServiceWorker, checks, waiting, registration, fire };
}

const reloadButton = () => screen.queryByRole('button', { name: 'Reload' });

describe('UpdateToast', () => {
  it('shows nothing until the service worker has news', () => {
    setup();
    expect(screen.getByRole('status')).toHaveTextContent(/^\s*$/);
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('offers Reload and Later when a new version waits, and never reloads by itself', () => {
    const { options, env, fire } = setup();
    fire(() => options.onNeedRefresh?.());
    expect(screen.getByRole('status')).toHaveTextContent('A new version is ready');
    expect(reloadButton()).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Later' })).toBeInTheDocument();
    // Another tab switched to the new version: this tab keeps its work and keeps asking.
    fire(() => options.onNeedReload?.());
    expect(env.reload).not.toHaveBeenCalled();
    expect(reloadButton()).toBeInTheDocument();
  });

  it('Later hides the prompt and reloads nothing', async () => {
    const { options, env, updateServiceWorker, fire } = setup();
    fire(() => options.onNeedRefresh?.());
    await userEvent.click(screen.getByRole('button', { name: 'Later' }));
    expect(reloadButton()).not.toBeInTheDocument();
    expect(updateServiceWorker).not.toHaveBeenCalled();
    expect(env.reload).not.toHaveBeenCalled();
  });

  it('Reload activates the waiting version, then reloads once, when it is active', async () => {
    const { options, env, updateServiceWorker, waiting, registration, fire } = setup();
    fire(() => options.onRegisteredSW?.('./sw.js', registration));
    fire(() => options.onNeedRefresh?.());
    await userEvent.click(reloadButton()!);
    expect(updateServiceWorker).toHaveBeenCalledTimes(1);
    expect(env.reload).not.toHaveBeenCalled();
    expect(reloadButton()).not.toBeInTheDocument();
    waiting.activate();
    // The controller change that follows must not reload a second time.
    fire(() => options.onNeedReload?.());
    expect(env.reload).toHaveBeenCalledTimes(1);
  });

  it('Reload after another tab switched versions reloads at once', async () => {
    const { options, env, registration, fire } = setup();
    fire(() => options.onRegisteredSW?.('./sw.js', registration));
    fire(() => options.onNeedRefresh?.());
    fire(() => options.onNeedReload?.());
    await userEvent.click(reloadButton()!);
    expect(env.reload).toHaveBeenCalledTimes(1);
  });

  it('says once, ever, that the app works offline', async () => {
    const storage = memoryStorage();
    const first = setup({ storage });
    first.fire(() => first.options.onOfflineReady?.());
    expect(screen.getByText('Ready to work offline.')).toBeInTheDocument();
    expect(storage.getItem(OFFLINE_NOTICE_KEY)).not.toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText('Ready to work offline.')).not.toBeInTheDocument();

    const second = setup({ storage });
    second.fire(() => second.options.onOfflineReady?.());
    expect(screen.queryByText('Ready to work offline.')).not.toBeInTheDocument();
  });

  it('announces the offline notice in the live region and lets it go by itself', () => {
    vi.useFakeTimers();
    try {
      const { options, fire } = setup();
      fire(() => options.onOfflineReady?.());
      expect(screen.getByRole('status')).toHaveTextContent('Ready to work offline.');
      vi.advanceTimersByTime(OFFLINE_TOAST_MS - 100);
      flushSync();
      expect(screen.getByText('Ready to work offline.')).toBeInTheDocument();
      vi.advanceTimersByTime(200);
      flushSync();
      expect(screen.queryByText('Ready to work offline.')).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });

  it('checks for a new version every hour while online, and quietly skips while offline', async () => {
    const online = setup();
    online.fire(() => online.options.onRegisteredSW?.('./sw.js', online.registration));
    expect(online.checks.map((check) => check.ms)).toEqual([UPDATE_CHECK_INTERVAL_MS]);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(60 * 60 * 1000);
    online.checks[0]!.task();
    await vi.waitFor(() => expect(online.registration.update).toHaveBeenCalledTimes(1));

    const offline = setup({ online: false });
    offline.fire(() => offline.options.onRegisteredSW?.('./sw.js', offline.registration));
    offline.checks[0]!.task();
    await offline.update.checkForUpdate();
    expect(offline.registration.update).not.toHaveBeenCalled();
  });
});
