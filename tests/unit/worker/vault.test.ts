// The worker's photo vault over IndexedDB (fake-indexeddb): files and
// thumbnails are written at ingest without holding ingest up, come back by id
// without any decoding, survive another tab's pruning, and go on a new project.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeProjectDb, openProjectDb } from '../../../src/io/projectDb';
import {
  clearPhotos,
  keepPhoto,
  lastIngestWriteError,
  prunePhotos,
  resetVaultForTests,
  restorePhotos,
  storePhotos,
} from '../../../src/worker/vault';

let dbCount = 0;
let name = '';

beforeEach(() => {
  name = `vault-test-${++dbCount}`;
  resetVaultForTests(name);
});
afterEach(async () => {
  await closeProjectDb(name);
});

const photo = (label: string, bytes = 64) =>
  new File([new Uint8Array(bytes).fill(label.charCodeAt(0))], `${label}.jpg`, {
    type: 'image/jpeg',
  });
const thumb = (label: string) => new Blob([`thumb of ${label}`], { type: 'image/webp' });

async function storedIds(): Promise<string[]> {
  const db = await openProjectDb(name);
  return (await db.getAllKeys('photos')).sort();
}

const text = (blob: Blob) => blob.text();

describe('photo vault', () => {
  it('writes each ingested photo and its thumbnail once, keyed by id', async () => {
    keepPhoto('a', photo('a'), thumb('a'));
    keepPhoto('b', photo('b'), thumb('b'));
    await storePhotos(['a', 'b']); // waits for the writes started at ingest
    await storePhotos(['a', 'b']); // nothing new to write
    const db = await openProjectDb(name);
    expect(await storedIds()).toEqual(['a', 'b']);
    const stored = await db.get('photos', 'a');
    expect(stored?.name).toBe('a.jpg');
    expect(stored?.file.size).toBe(64);
    expect(await text((await db.get('thumbnails', 'b'))!.blob)).toBe('thumb of b');
    expect(lastIngestWriteError()).toBeNull();
  });

  it('restores files (not decoded: handed over as files) and thumbnails, and names the missing', async () => {
    keepPhoto('a', photo('a', 10), thumb('a'));
    keepPhoto('b', photo('b', 20), thumb('b'));
    await storePhotos(['a', 'b']);
    resetVaultForTests(name); // a new visit: the worker holds nothing
    const adopted: Record<string, File> = {};
    const restored = await restorePhotos(['b', 'gone', 'a'], (id, file) => (adopted[id] = file));
    expect(restored.missing).toEqual(['gone']);
    expect(Object.keys(restored.thumbnails).sort()).toEqual(['a', 'b']);
    expect(await text(restored.thumbnails.a!)).toBe('thumb of a');
    expect(adopted.a).toBeInstanceOf(File);
    expect(adopted.a?.name).toBe('a.jpg');
    expect(adopted.b?.size).toBe(20);
    expect(new Uint8Array(await adopted.b!.arrayBuffer())[0]).toBe('b'.charCodeAt(0));
  });

  it('prunes photos no longer in the project but spares those still being added', async () => {
    keepPhoto('kept', photo('k'), thumb('k'));
    keepPhoto('removed', photo('r'), thumb('r'));
    await storePhotos(['kept', 'removed']);
    keepPhoto('arriving', photo('n'), thumb('n')); // ingested, not yet in a saved document
    expect(await prunePhotos(['kept'])).toBe(1);
    expect(await storedIds()).toEqual(['arriving', 'kept']);
    const db = await openProjectDb(name);
    expect(await db.getAllKeys('thumbnails')).toEqual(['arriving', 'kept']);
  });

  it('writes again a photo another tab pruned, from the file it still holds', async () => {
    keepPhoto('a', photo('a'), thumb('a'));
    await storePhotos(['a']);
    const db = await openProjectDb(name);
    await db.delete('photos', 'a'); // as the other tab's prune would
    await db.delete('thumbnails', 'a');
    await storePhotos(['a']);
    expect(await storedIds()).toEqual(['a']);
    expect(await db.get('thumbnails', 'a')).toBeDefined();
  });

  it('clears every photo and thumbnail for a new project', async () => {
    keepPhoto('a', photo('a'), thumb('a'));
    await storePhotos(['a']);
    await clearPhotos();
    expect(await storedIds()).toEqual([]);
    // And forgets the file: nothing to write back afterwards.
    await storePhotos(['a']);
    expect(await storedIds()).toEqual([]);
  });

  it('reports a full disk by name, keeps the file, and writes it on the next try', async () => {
    const db = await openProjectDb(name);
    const put = IDBObjectStore.prototype.put;
    let full = true;
    IDBObjectStore.prototype.put = function (...args: Parameters<typeof put>) {
      if (full && this.name === 'photos') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
    try {
      keepPhoto('a', photo('a'), thumb('a'));
      await expect(storePhotos(['a'])).rejects.toMatchObject({ name: 'QuotaExceededError' });
      expect(await db.getAllKeys('photos')).toEqual([]);
      full = false;
      await storePhotos(['a']);
      expect(await db.getAllKeys('photos')).toEqual(['a']);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
  });
});
