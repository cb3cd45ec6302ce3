// The write-ahead records of the autosave (fake-indexeddb in Node): edits written after a
// save come back folded over it from a fresh store (as after a crash), a save takes in
// the records written before it and keeps the later ones, and a record that does not fit
// is skipped without losing the saved document.
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { editKey, editSeq, foldEdits } from '../../../src/io/editJournal';
import type { JournalEdit } from '../../../src/io/editJournal';
import { closeProjectDb, openProjectDb } from '../../../src/io/projectDb';
import { SESSION_SCHEMA, idbSessionStore } from '../../../src/io/sessionStore';
import type { SavedSession } from '../../../src/io/sessionStore';
import type { ProjectDocument, ProjectImage } from '../../../src/model/document';

let dbCount = 0;
const names: string[] = [];
function freshName(): string {
  const name = `journal-test-${++dbCount}`;
  names.push(name);
  return name;
}
afterEach(async () => {
  for (const name of names.splice(0)) await closeProjectDb(name);
});

function photo(id: string, travel: number | null = null): ProjectImage {
  return {
    id,
    name: `${id}.jpg`,
    width: 640,
    height: 480,
    fiducials: [null, null, null, null, null],
    scalePoints: [null, null],
    fiducialUncertainty: [null, null, null, null, null],
    scaleUncertainty: [null, null],
    pressTravel: travel,
  };
}

function project(...ids: string[]): ProjectDocument {
  return {
    images: ids.map((id) => photo(id)),
    scaleLength: 10,
    strainMeasure: 'small',
    reference: { kind: 'total', imageId: null },
    handPlacedUncertainty: 0.5,
  };
}

const session = (doc: ProjectDocument): SavedSession => ({
  schema: SESSION_SCHEMA,
  savedAt: 1_700_000_000_000,
  doc,
  selectedId: null,
});

const moved = (id: string): ProjectImage => ({
  ...photo(id, 2.5),
  fiducials: [[10.25, 20.5], null, null, null, null],
});
const settings = { ...project(), images: undefined } as const;

describe('foldEdits', () => {
  it('replaces an edited image, applies the latest settings and the latest order', () => {
    const edits: JournalEdit[] = [
      { kind: 'image', image: moved('b') },
      { kind: 'settings', settings: { ...settings, scaleLength: 25 } },
      { kind: 'settings', settings: { ...settings, strainMeasure: 'hencky' } },
      { kind: 'order', ids: ['c', 'b'] },
    ];
    const folded = foldEdits(project('a', 'b', 'c'), edits) as ProjectDocument;
    expect(folded.images).toEqual([photo('c'), moved('b')]);
    expect(folded.strainMeasure).toBe('hencky');
    expect(folded.scaleLength).toBe(10); // the last settings record holds all of them
  });

  it('adds an image it does not know at the end, where a later order may place it', () => {
    const folded = foldEdits(project('a'), [
      { kind: 'image', image: photo('new') },
      { kind: 'order', ids: ['new', 'a'] },
    ]) as ProjectDocument;
    expect(folded.images.map((image) => image.id)).toEqual(['new', 'a']);
  });

  it('skips records of a shape it does not know, and leaves a document it cannot read alone', () => {
    const doc = project('a');
    const odd = [null, 7, { kind: 'image', image: { name: 'no id' } }, { kind: 'order' }];
    expect(foldEdits(doc, odd)).toEqual(doc);
    expect(foldEdits('not a document', [{ kind: 'order', ids: [] }])).toBe('not a document');
  });

  it('numbers records so that they sort in the order written', () => {
    expect([editKey(10), editKey(9)].sort()).toEqual([editKey(9), editKey(10)]);
    expect(editSeq(editKey(42))).toBe(42);
    expect(editSeq('current')).toBeNull();
  });
});

describe('the session store with edits written ahead', () => {
  it('brings back edits written after the last save, read by a fresh store as after a crash', async () => {
    const name = freshName();
    const store = idbSessionStore(name);
    await store.save(session(project('a', 'b')));
    await store.append([{ kind: 'image', image: moved('b') }]);
    await store.append([{ kind: 'settings', settings: { ...settings, scaleLength: 40 } }]);
    const restored = await idbSessionStore(name).load();
    expect(restored?.doc.images[1]).toEqual(moved('b'));
    expect(restored?.doc.scaleLength).toBe(40);
  });

  it('a save takes in the records written before it and keeps the ones after', async () => {
    const name = freshName();
    const store = idbSessionStore(name);
    await store.save(session(project('a', 'b')));
    await store.append([{ kind: 'image', image: moved('a') }]);
    const saving = store.save(session({ ...project('a', 'b'), images: [moved('a'), photo('b')] }));
    const later = store.append([{ kind: 'image', image: moved('b') }]);
    await Promise.all([saving, later]);
    const db = await openProjectDb(name);
    expect(await db.getAllKeys('session')).toEqual(['current', editKey(2)]);
    const restored = await idbSessionStore(name).load();
    expect(restored?.doc.images).toEqual([moved('a'), moved('b')]);
  });

  it('numbers on after the records it finds, and clears them with the session', async () => {
    const name = freshName();
    await idbSessionStore(name).save(session(project('a')));
    await idbSessionStore(name).append([{ kind: 'image', image: moved('a') }]);
    const reopened = idbSessionStore(name);
    await reopened.load();
    await reopened.append([{ kind: 'order', ids: ['a'] }]);
    const db = await openProjectDb(name);
    expect(await db.getAllKeys('session')).toEqual(['current', editKey(1), editKey(2)]);
    await reopened.clear();
    expect(await db.getAllKeys('session')).toEqual([]);
  });

  it('restores the saved document when the records do not fit it', async () => {
    const name = freshName();
    const store = idbSessionStore(name);
    await store.save(session(project('a')));
    const broken = { ...photo('a'), fiducials: 'everywhere' } as unknown as ProjectImage;
    await store.append([{ kind: 'image', image: broken }]);
    expect((await idbSessionStore(name).load())?.doc).toEqual(project('a'));
  });
});
