// Crash-safe edits (the autosave over an in-memory store): each discrete edit is written
// as a small record before any timer runs, so a tab that dies right after it loses
// nothing; a drag writes its last place a moment later or when it ends; a full save takes
// the records in; an undo or a redo writes what it changed the same way.
import { flushSync } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DRAG_WRITE_MS } from '../../src/state/editJournal.svelte';
import { fakeVault, image, makePersistence, savedSession } from './persistence-fakes';
import type { MemoryStore } from './persistence-fakes';

const disposers: (() => void)[] = [];
beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  for (const dispose of disposers.splice(0)) dispose();
  vi.useRealTimers();
});

/** A tab over `store` whose last session holds three marked images; resolves once restored. */
async function tab(store?: MemoryStore) {
  const made = makePersistence({
    delayMs: 300,
    maxWaitMs: 2000,
    vault: fakeVault(['id-0', 'id-1', 'id-2']),
    ...(store ? { store } : {}),
  });
  if (!store) made.store.session = savedSession([image(0), image(1), image(2)], 1);
  disposers.push(() => made.persistence.dispose());
  await made.persistence.start();
  flushSync();
  await vi.advanceTimersByTimeAsync(0);
  return made;
}

/** Lets promises settle without letting any timer run (the debounced save stays due). */
async function microtasks() {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('crash-safe edits', () => {
  it('writes a point move, a travel and a setting before any timer runs, and a new tab finds them', async () => {
    const { project, store, persistence } = await tab();
    project.setPoint('id-1', { kind: 'fiducial', index: 2 }, [123.5, 456.25]);
    project.setPressTravel('id-2', 7.5);
    project.setStrainMeasure('almansi');
    flushSync();
    await microtasks();
    expect(store.saves).toHaveLength(0);
    expect(store.edits.map((edit) => edit.kind)).toEqual(['image', 'image', 'settings']);

    // The tab dies: no timer, no pagehide. The next one reads storage as it was left.
    persistence.dispose();
    const next = await tab(store);
    expect(next.project.image('id-1')?.fiducials[2]).toEqual([123.5, 456.25]);
    expect(next.project.image('id-2')?.pressTravel).toBe(7.5);
    expect(next.project.doc.strainMeasure).toBe('almansi');
  });

  it('writes the order after a move or a removal, and the next full save takes every record in', async () => {
    const { project, store } = await tab();
    project.moveImage('id-2', -1);
    project.removeImage('id-0');
    flushSync();
    await microtasks();
    expect(store.edits.at(-1)).toEqual({ kind: 'order', ids: ['id-2', 'id-1'] });
    expect((await store.load())?.doc.images.map((i) => i.id)).toEqual(['id-2', 'id-1']);
    await vi.advanceTimersByTimeAsync(300);
    expect(store.saves).toHaveLength(1);
    expect(store.edits).toEqual([]);
  });

  it('writes a dragged point once a moment later, and its final place when the drag ends', async () => {
    const { project, store } = await tab();
    const slot = { kind: 'fiducial', index: 0 } as const;
    project.beginGesture({ continuous: true });
    for (const x of [1, 2, 3]) {
      project.setPoint('id-0', slot, [x, x]);
      flushSync();
      await microtasks();
    }
    expect(store.edits).toEqual([]);
    await vi.advanceTimersByTimeAsync(DRAG_WRITE_MS);
    expect(store.edits).toHaveLength(1);
    project.setPoint('id-0', slot, [4, 4]);
    project.endGesture();
    flushSync();
    await microtasks();
    expect(store.edits).toHaveLength(2);
    expect((await store.load())?.doc.images[0]?.fiducials[0]).toEqual([4, 4]);
  });

  it('writes only what an undo or a redo changed, as the edit itself was written', async () => {
    const { project, store, persistence } = await tab();
    project.setPressTravel('id-0', 99);
    flushSync();
    await microtasks();
    const written = store.edits.length;
    project.undo();
    flushSync();
    await microtasks();
    expect(store.saves).toHaveLength(0);
    expect(store.edits.slice(written)).toEqual([
      { kind: 'image', image: expect.objectContaining({ id: 'id-0', pressTravel: 0 }) },
    ]);
    // The tab dies before any save: the undo is kept.
    persistence.dispose();
    expect((await store.load())?.doc.images[0]?.pressTravel).toBe(0);

    const next = await tab(store);
    next.project.moveImage('id-2', -1);
    flushSync();
    next.project.undo();
    next.project.redo();
    flushSync();
    await microtasks();
    expect(next.store.saves).toHaveLength(0);
    expect(next.store.edits.at(-1)).toEqual({ kind: 'order', ids: ['id-0', 'id-2', 'id-1'] });
    expect(next.project.doc.images.map((i) => i.id)).toEqual(['id-0', 'id-2', 'id-1']);
  });

  it('writes nothing in a tab that does not save', async () => {
    const { project, store, persistence } = await tab();
    persistence.role = 'observer';
    project.setPressTravel('id-0', 3);
    flushSync();
    await microtasks();
    expect(store.edits).toEqual([]);
  });
});
