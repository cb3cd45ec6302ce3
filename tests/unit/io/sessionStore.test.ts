// The autosaved session in IndexedDB (fake-indexeddb in Node): what is saved
// comes back equal; what this version cannot read is set aside, never
// overwritten; a full disk is recognised whatever wrapped the error.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  closeProjectDb,
  isQuotaError,
  openProjectDb,
  UNREADABLE_SESSION,
} from '../../../src/io/projectDb';
import { parseSavedSession } from '../../../src/io/sessionFormat';
import { IMAGES_PER_RECORD, idbSessionStore, SESSION_SCHEMA } from '../../../src/io/sessionStore';
import type { SavedSession } from '../../../src/io/sessionStore';
import type { ProjectDocument } from '../../../src/model/document';

let dbCount = 0;
const names: string[] = [];
function freshName(): string {
  const name = `session-test-${++dbCount}`;
  names.push(name);
  return name;
}
afterEach(async () => {
  for (const name of names.splice(0)) await closeProjectDb(name);
});

function marked(): ProjectDocument {
  return {
    images: [
      {
        id: 'a',
        name: 'step-0mm.jpg',
        width: 4000,
        height: 3000,
        fiducials: [[1.5, 2.25], [3, 4], null, [5, 6], [7, 8]],
        scalePoints: [[10, 20], null],
        fiducialUncertainty: [0.031, null, null, 0.25, 0],
        scaleUncertainty: [null, null],
        pressTravel: 0,
      },
      {
        id: 'b',
        name: 'step-15mm.jpg',
        width: 4000,
        height: 3000,
        fiducials: [null, null, null, null, null],
        scalePoints: [null, null],
        fiducialUncertainty: [null, null, null, null, null],
        scaleUncertainty: [null, null],
        pressTravel: null,
      },
    ],
    scaleLength: 40,
    strainMeasure: 'hencky',
    reference: { kind: 'total', imageId: 'b' },
    handPlacedUncertainty: 0.75,
  };
}

/** The same session as an earlier version saved it: no point uncertainties, no setting. */
function withoutUncertainties(doc: ProjectDocument): ProjectDocument {
  const older: ProjectDocument = { ...doc, images: doc.images.map((image) => ({ ...image })) };
  delete older.handPlacedUncertainty;
  for (const image of older.images) {
    delete image.fiducialUncertainty;
    delete image.scaleUncertainty;
  }
  return older;
}

const session = (doc = marked(), savedAt = 1_700_000_000_000): SavedSession => ({
  schema: SESSION_SCHEMA,
  savedAt,
  doc,
  selectedId: 'b',
});

describe('idbSessionStore', () => {
  it('has nothing to restore on a first visit', async () => {
    expect(await idbSessionStore(freshName()).load()).toBeNull();
  });

  it('gives back exactly what it saved, and the latest save wins', async () => {
    const store = idbSessionStore(freshName());
    await store.save(session(marked(), 1));
    const later = marked();
    later.images[1]!.fiducials[0] = [99.5, 100.25];
    later.strainMeasure = 'almansi';
    await store.save(session(later, 2));
    expect(await store.load()).toEqual(session(later, 2));
  });

  it('keeps a large project in records of images, and writes again only the records that changed', async () => {
    const name = freshName();
    const store = idbSessionStore(name);
    const [first] = marked().images;
    const count = 2 * IMAGES_PER_RECORD + 200;
    const doc: ProjectDocument = {
      ...marked(),
      images: Array.from({ length: count }, (_, i) => ({
        ...first!,
        id: `p${i}`,
        name: `${i}.jpg`,
      })),
      reference: { kind: 'total', imageId: null },
    };
    await store.save(session(doc, 1));
    const puts = vi.spyOn(IDBObjectStore.prototype, 'put');
    const edited = { ...doc, images: doc.images.slice() };
    edited.images[IMAGES_PER_RECORD + 7] = {
      ...first!,
      id: `p${IMAGES_PER_RECORD + 7}`,
      name: 'x.jpg',
      pressTravel: 12.75,
    };
    await store.save(session(edited, 2));
    expect(puts.mock.calls.map(([, key]) => key)).toEqual(['current', 'images:00001']);
    puts.mockRestore();
    expect(await idbSessionStore(name).load()).toEqual(session(edited, 2));
    // An edit written ahead of the next save is folded into the images put back together.
    const typed = { ...edited.images[count - 1]!, pressTravel: 3.5 };
    await store.append([{ kind: 'image', image: typed }]);
    const reopened = await idbSessionStore(name).load();
    expect(reopened?.doc.images[count - 1]).toEqual(typed);
    expect(reopened?.doc.images).toHaveLength(count);

    // Back under one record's worth, the images return to the session record.
    const small = { ...edited, images: edited.images.slice(0, 3) };
    await store.save(session(small, 3));
    expect(await idbSessionStore(name).load()).toEqual(session(small, 3));
    const db = await openProjectDb(name);
    expect(await db.getAllKeys('session')).toEqual(['current']);
  });

  it('forgets the session on clear', async () => {
    const store = idbSessionStore(freshName());
    await store.save(session());
    await store.clear();
    expect(await store.load()).toBeNull();
  });

  it('sets an unreadable session aside instead of letting the next save overwrite it', async () => {
    const name = freshName();
    const db = await openProjectDb(name);
    const future = { schema: 99, savedAt: 5, doc: { images: 'somewhere else' } };
    await db.put('session', future, 'current');
    const store = idbSessionStore(name);
    expect(await store.load()).toBeNull();
    expect(await db.get('session', UNREADABLE_SESSION)).toEqual(future);
    await store.save(session());
    expect(await db.get('session', UNREADABLE_SESSION)).toEqual(future);
  });
});

describe('parseSavedSession', () => {
  it('accepts a well-formed session', () => {
    expect(parseSavedSession(session())).toEqual(session());
  });

  it('reads a session saved before point uncertainties: every point hand-placed at 0.5 px', () => {
    const restored = parseSavedSession(session(withoutUncertainties(marked())));
    expect(restored?.doc.handPlacedUncertainty).toBe(0.5);
    expect(restored?.doc.images.map((image) => image.fiducialUncertainty)).toEqual([
      [null, null, null, null, null],
      [null, null, null, null, null],
    ]);
    expect(restored?.doc.images.map((image) => image.scaleUncertainty)).toEqual([
      [null, null],
      [null, null],
    ]);
    expect(restored?.doc.images[0]?.fiducials).toEqual(marked().images[0]?.fiducials);
  });

  it('refuses point uncertainties that are negative, not numbers or of the wrong count', () => {
    const broken = (change: (doc: ProjectDocument) => void) => {
      const doc = marked();
      change(doc);
      return parseSavedSession(session(doc));
    };
    expect(broken((d) => (d.images[0]!.fiducialUncertainty![0] = -0.1))).toBeNull();
    expect(broken((d) => ((d.images[0]!.fiducialUncertainty as unknown[])[1] = '0.2'))).toBeNull();
    expect(broken((d) => (d.images[0]!.scaleUncertainty = [null]))).toBeNull();
    expect(broken((d) => (d.handPlacedUncertainty = 0))).toBeNull();
  });

  it.each([
    ['not an object', 'hello'],
    ['an unknown schema', { ...session(), schema: 2 }],
    ['no time', { ...session(), savedAt: 'yesterday' }],
    ['images not a list', { ...session(), doc: { ...marked(), images: {} } }],
    [
      'a point with a string',
      { ...session(), doc: withImage({ fiducials: [['1', 2], null, null, null, null] }) },
    ],
    [
      'six fiducials',
      { ...session(), doc: withImage({ fiducials: [null, null, null, null, null, null] }) },
    ],
    [
      'an infinite coordinate',
      { ...session(), doc: withImage({ scalePoints: [[Infinity, 1], null] }) },
    ],
    ['a travel as text', { ...session(), doc: withImage({ pressTravel: '15' }) }],
    ['an unknown measure', { ...session(), doc: { ...marked(), strainMeasure: 'true' } }],
    ['a bad reference', { ...session(), doc: { ...marked(), reference: { kind: 'first' } } }],
    [
      'duplicate ids',
      { ...session(), doc: { ...marked(), images: [marked().images[0], marked().images[0]] } },
    ],
  ])('refuses %s', (_label, value) => {
    expect(parseSavedSession(value)).toBeNull();
  });

  it('treats an unknown selection as none', () => {
    expect(parseSavedSession({ ...session(), selectedId: 7 })?.selectedId).toBeNull();
  });
});

function withImage(patch: Record<string, unknown>): unknown {
  const doc = marked();
  return { ...doc, images: [{ ...doc.images[0], ...patch }] };
}

describe('isQuotaError', () => {
  it('recognises a full disk however it arrives', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    // As comlink rebuilds an error thrown in the worker.
    expect(isQuotaError(Object.assign(new Error('x'), { name: 'QuotaExceededError' }))).toBe(true);
    expect(isQuotaError(new Error('The transaction was aborted: quota exceeded'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
  });

  it('does not mistake other failures for it', () => {
    expect(isQuotaError(new DOMException('gone', 'InvalidStateError'))).toBe(false);
    expect(isQuotaError(new Error('network'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
    expect(isQuotaError('quota')).toBe(false);
  });
});
