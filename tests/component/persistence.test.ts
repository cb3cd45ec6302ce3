// Autosave behaviour (the PersistenceState over fakes): saves are debounced
// after edits and immediate when the page is hidden; a full disk is reported
// and the next edit retries with nothing lost; the last session comes back
// without decoding photos; two tabs never both save; a new project clears all.
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_CHANNEL } from '../../src/io/tabLock';
import { STORAGE_FULL_MESSAGE } from '../../src/state/persistence.svelte';
import type { Lifecycle } from '../../src/state/pageLifecycle';
import { FakeChannels, FakeLocks } from '../unit/io/fakeTabs';
import { MemoryStore, fakeVault, image, makePersistence, savedSession } from './persistence-fakes';

/** Runs pending effects, then lets promises settle (timers are fake in most tests). */
async function settle(ms = 0) {
  flushSync();
  await vi.advanceTimersByTimeAsync(ms);
  flushSync();
}

function lifecycle(): Lifecycle & { hide(): void; show(): void; pageHide(): void } {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const win = new EventTarget();
  return {
    document: doc,
    window: win,
    hide() {
      doc.visibilityState = 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    pageHide() {
      win.dispatchEvent(new Event('pagehide'));
    },
  };
}

const newPhoto = (i: number) => ({
  id: `new-${i}`,
  name: `new-${i}.jpg`,
  width: 4000,
  height: 3000,
  suggestedTravel: i,
});

const disposers: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
  vi.useRealTimers();
});

async function started(options: Parameters<typeof makePersistence>[0] = {}) {
  const made = makePersistence({ delayMs: 300, maxWaitMs: 2000, ...options });
  disposers.push(() => made.persistence.dispose());
  await made.persistence.start();
  await settle();
  return made;
}

describe('autosave timing', () => {
  it('saves once, 300 ms after the last of several quick edits, with the latest state', async () => {
    const { project, store, persistence } = await started();
    project.addImages([newPhoto(0)]);
    await settle(100);
    project.setPressTravel('new-0', 12);
    await settle(100);
    project.setScaleLength(25);
    await settle(299);
    expect(store.saves).toHaveLength(0);
    await settle(1);
    expect(store.saves).toHaveLength(1);
    expect(store.saves[0]?.doc.images[0]?.pressTravel).toBe(12);
    expect(store.saves[0]?.doc.scaleLength).toBe(25);
    expect(persistence.saveState).toBe('saved');
    expect(persistence.savedAt).toBe(store.saves[0]?.savedAt);
  });

  it('still saves every 2 s while edits keep coming (a long drag)', async () => {
    const { project, store } = await started();
    project.addImages([newPhoto(0)]);
    for (let t = 0; t < 2400; t += 100) {
      project.setPressTravel('new-0', t);
      await settle(100);
    }
    expect(store.saves.length).toBe(1);
    expect(store.saves[0]?.doc.images[0]?.pressTravel).toBeGreaterThanOrEqual(1800);
  });

  it('saves at once when the page is hidden or closed, before the debounce ends', async () => {
    const events = lifecycle();
    const { project, store } = await started({ lifecycle: events });
    project.addImages([newPhoto(0)]);
    flushSync();
    events.hide();
    await settle();
    expect(store.saves).toHaveLength(1);
    project.setPressTravel('new-0', 7);
    flushSync();
    events.pageHide();
    await settle();
    expect(store.saves).toHaveLength(2);
    expect(store.saves[1]?.doc.images[0]?.pressTravel).toBe(7);
    await settle(1000);
    expect(store.saves).toHaveLength(2); // the debounced save found nothing new
  });

  it('does not save when nothing changed, and saves the selected image as a UI choice', async () => {
    const { project, store } = await started();
    await settle(1000);
    expect(store.saves).toHaveLength(0);
    project.addImages([newPhoto(0), newPhoto(1)]);
    await settle(500);
    project.selectedId = 'new-1';
    await settle(500);
    expect(store.saves.at(-1)?.selectedId).toBe('new-1');
  });

  it('asks the browser to keep the data once there is work, and reports the space used', async () => {
    const storage = {
      persisted: vi.fn(async () => false),
      persist: vi.fn(async () => true),
      estimate: vi.fn(async () => ({ usage: 38_200_000, quota: 2e9 })),
    };
    const { project, persistence } = await started({ storage });
    // At once: whether the browser keeps the data, and the space used (nothing asked yet).
    expect(persistence.persisted).toBe(false);
    expect(persistence.usage).toEqual({ usage: 38_200_000, quota: 2e9 });
    expect(storage.persist).not.toHaveBeenCalled();
    project.addImages([newPhoto(0)]);
    await settle(400);
    project.setPressTravel('new-0', 3);
    await settle(400);
    expect(storage.persist).toHaveBeenCalledTimes(1);
    expect(persistence.persisted).toBe(true);
    expect(persistence.usage).toEqual({ usage: 38_200_000, quota: 2e9 });
  });
});

describe('a full disk', () => {
  it('says so, keeps the work in memory, and retries on the next edit', async () => {
    const { project, store, persistence } = await started();
    store.full = true;
    project.addImages([newPhoto(0)]);
    project.setPressTravel('new-0', 4);
    await settle(400);
    expect(persistence.saveState).toBe('failed');
    expect(persistence.failure).toBe(STORAGE_FULL_MESSAGE);
    expect(project.doc.images).toHaveLength(1);
    expect(project.image('new-0')?.pressTravel).toBe(4);

    store.full = false;
    project.setScaleLength(12);
    await settle(400);
    expect(persistence.saveState).toBe('saved');
    expect(persistence.failure).toBeNull();
    const saved = store.session!;
    expect(saved.doc.images[0]?.pressTravel).toBe(4);
    expect(saved.doc.scaleLength).toBe(12);
  });

  it('is also reported when the photo files do not fit, and "try again" retries without an edit', async () => {
    const vault = fakeVault();
    const { project, store, persistence } = await started({ vault });
    vault.full = true;
    project.addImages([newPhoto(0)]);
    await settle(400);
    expect(persistence.failure).toBe(STORAGE_FULL_MESSAGE);
    vault.full = false;
    await persistence.retry();
    expect(persistence.failure).toBeNull();
    expect(vault.ids.has('new-0')).toBe(true);
    expect(store.session?.doc.images).toHaveLength(1);
  });

  it('explains any other storage failure in its own words', async () => {
    const store = new MemoryStore();
    store.save.mockRejectedValueOnce(new Error('The database connection is closing.'));
    const { project, persistence } = await started({ store });
    project.addImages([newPhoto(0)]);
    await settle(400);
    expect(persistence.failure).toMatch(/^Not saved: The database connection is closing\. /);
    expect(persistence.failure).toMatch(/tried again on your next change/);
  });
});

describe('restore', () => {
  it('puts back the document and selection, thumbnails from storage, and decodes nothing', async () => {
    const store = new MemoryStore();
    const savedAt = Date.now() - 120_000;
    store.session = savedSession([image(0), image(1), image(2)], savedAt);
    const vault = fakeVault(['id-0', 'id-1', 'id-2']);
    const { project, persistence } = await started({ store, vault });
    expect(project.doc).toEqual(store.session.doc);
    expect(project.selectedId).toBe('id-1');
    expect(Object.keys(project.thumbnails).sort()).toEqual(['id-0', 'id-1', 'id-2']);
    expect(vault.restorePhotos).toHaveBeenCalledWith(['id-0', 'id-1', 'id-2']);
    expect(vault.openPhoto).not.toHaveBeenCalled();
    expect(persistence.restored).toEqual({ photos: 3, points: 21, savedAt, missing: 0 });
    expect(persistence.savedAt).toBe(savedAt);
    // Restoring is not an edit: nothing to undo, nothing to save.
    expect(project.canUndo).toBe(false);
    await settle(1000);
    expect(store.save).not.toHaveBeenCalled();
  });

  it('says how many photos were not found, and keeps their points (the image waits for its photo)', async () => {
    const store = new MemoryStore();
    store.session = savedSession([image(0), image(1, 3)], 1);
    const { project, persistence } = await started({ store, vault: fakeVault(['id-0']) });
    expect(persistence.restored).toMatchObject({ photos: 1, points: 10, missing: 1 });
    expect(project.image('id-1')?.fiducials.filter(Boolean)).toHaveLength(3);
    // No thumbnail: the project menu treats the image as waiting for its photo, by name.
    expect(project.thumbnails['id-1']).toBeUndefined();
  });

  it('keeps photos added while the restore was running, after the restored ones', async () => {
    const store = new MemoryStore();
    store.session = savedSession([image(0)], 1);
    const { project, persistence } = makePersistence({ store, vault: fakeVault(['id-0']) });
    disposers.push(() => persistence.dispose());
    const starting = persistence.start();
    project.addImages([newPhoto(9)]);
    await starting;
    await settle(400);
    expect(project.doc.images.map((i) => i.id)).toEqual(['id-0', 'new-9']);
    expect(store.session?.doc.images.map((i) => i.id)).toEqual(['id-0', 'new-9']);
  });

  it('turns itself off where the browser offers no storage', async () => {
    const { persistence } = makePersistence({ store: null });
    await persistence.start();
    expect(persistence.phase).toBe('off');
  });
});

describe('new project', () => {
  it('clears the document, the stored session, photos and thumbnails', async () => {
    const store = new MemoryStore();
    store.session = savedSession([image(0), image(1)], 1);
    const vault = fakeVault(['id-0', 'id-1']);
    const { project, persistence, revoked } = await started({ store, vault });
    const urls = Object.values(project.thumbnails);
    await persistence.startNewProject();
    expect(project.doc.images).toEqual([]);
    expect(project.thumbnails).toEqual({});
    expect(project.canUndo).toBe(false);
    expect(store.session).toBeNull();
    expect(vault.clearPhotos).toHaveBeenCalled();
    expect(vault.forgetPhoto.mock.calls.map(([id]) => id).sort()).toEqual(['id-0', 'id-1']);
    expect(revoked.sort()).toEqual(urls.sort());
    expect(persistence.restored).toBeNull();
    await settle(1000);
    expect(store.save).not.toHaveBeenCalled();
  });
});

describe('two tabs', () => {
  async function twoTabs() {
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const store = new MemoryStore();
    store.session = savedSession([image(0)], 1);
    const common = { locks, store, vault: fakeVault(['id-0']), handoverTimeoutMs: 500 };
    const first = await started({ ...common, channel: channels.channel(PROJECT_CHANNEL) });
    const second = await started({ ...common, channel: channels.channel(PROJECT_CHANNEL) });
    return { first, second, store };
  }

  it('the second tab restores the work but saves nothing', async () => {
    const { first, second, store } = await twoTabs();
    expect(first.persistence.role).toBe('owner');
    expect(second.persistence.role).toBe('observer');
    expect(second.project.doc.images).toHaveLength(1);
    second.project.setPressTravel('id-0', 99);
    await settle(1000);
    expect(store.save).not.toHaveBeenCalled();
    first.project.setPressTravel('id-0', 1);
    await settle(400);
    expect(store.session?.doc.images[0]?.pressTravel).toBe(1);
  });

  it('on take-over the first tab saves its last edit and stops; an unedited second tab loads it', async () => {
    const { first, second, store } = await twoTabs();
    first.project.setPressTravel('id-0', 42); // still inside the debounce
    flushSync();
    const takeOver = second.persistence.takeOver();
    await settle(50);
    await takeOver;
    await settle(50);
    expect(first.persistence.role).toBe('handed-over');
    expect(second.persistence.role).toBe('owner');
    expect(store.session?.doc.images[0]?.pressTravel).toBe(42);
    expect(second.project.image('id-0')?.pressTravel).toBe(42);
    // From now on only the second tab saves.
    const saves = store.saves.length;
    first.project.setPressTravel('id-0', 5);
    await settle(1000);
    expect(store.saves.length).toBe(saves);
    second.project.setScaleLength(33);
    await settle(400);
    expect(store.session?.doc.scaleLength).toBe(33);
    expect(store.session?.doc.images[0]?.pressTravel).toBe(42);
  });

  it('a second tab that was edited keeps its own version when the user takes over', async () => {
    const { second, store } = await twoTabs();
    second.project.setPressTravel('id-0', 77);
    await settle(100);
    const takeOver = second.persistence.takeOver();
    await settle(50);
    await takeOver;
    await settle(50);
    expect(second.persistence.role).toBe('owner');
    expect(store.session?.doc.images[0]?.pressTravel).toBe(77);
  });

  it('when the saving tab closes, an unedited second tab starts saving on its own', async () => {
    const { first, second } = await twoTabs();
    first.persistence.dispose();
    await settle(50);
    expect(second.persistence.role).toBe('owner');
    expect(second.persistence.ownerNote).toMatch(/other tab was closed/);
  });

  it('a second tab in the background waits until it is shown before it starts saving', async () => {
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const store = new MemoryStore();
    store.session = savedSession([image(0)], 1);
    const common = { locks, store, vault: fakeVault(['id-0']) };
    const first = await started({ ...common, channel: channels.channel(PROJECT_CHANNEL) });
    const events = lifecycle();
    const second = await started({
      ...common,
      lifecycle: events,
      channel: channels.channel(PROJECT_CHANNEL),
    });
    events.hide();
    first.persistence.dispose(); // e.g. the first tab reloads
    await settle(50);
    expect(second.persistence.role).toBe('observer');
    events.show();
    await settle(50);
    expect(second.persistence.role).toBe('owner');
  });

  it('when the saving tab closes, an edited second tab asks before replacing its save', async () => {
    const { first, second, store } = await twoTabs();
    second.project.setPressTravel('id-0', 8);
    await settle(10);
    first.persistence.dispose();
    await settle(50);
    expect(second.persistence.role).toBe('observer');
    expect(second.persistence.lockFree).toBe(true);
    await second.persistence.takeOver();
    await settle();
    expect(second.persistence.role).toBe('owner');
    expect(store.session?.doc.images[0]?.pressTravel).toBe(8);
  });
});
