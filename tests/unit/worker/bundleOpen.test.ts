// A bundle opened in the worker: read there within its caps, each photo checked (its header,
// then its decoded size) and staged, and nothing kept in the photo store or IndexedDB until
// the page accepts the whole bundle; a bundle refused or dropped leaves both as they were.
// The browser's decoder and canvas are stood in for.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBundle } from '../../../src/io/bundle';
import { tooLargeMessage } from '../../../src/io/imageHeader';
import { emptyDocument, newImage } from '../../../src/model/document';
import type { ProjectDocument } from '../../../src/model/document';
import { resetVaultForTests } from '../../../src/worker/vault';
import { onePixelPng, paddedPhotoBundle } from '../../support/hostileFiles';
import { CanvasStandIn } from './canvasStandIn';

const DOC: ProjectDocument = {
  ...emptyDocument(),
  images: ['a.png', 'b.png', 'c.png'].map((name, i) =>
    newImage({ id: `image-${i}`, name, width: 1, height: 1, suggestedTravel: i }),
  ),
};

/** A PNG whose header says 1 × 1 while its decode (stood in for) is 20000 × 20000. */
const LIAR = 'c.png';

async function bundleFile(): Promise<File> {
  const text = Uint8Array.from('not an image', (char) => char.charCodeAt(0));
  const photos = new Map<string, Uint8Array>([
    ['a.png', onePixelPng()],
    ['b.png', text],
    [LIAR, onePixelPng()],
  ]);
  const created = await createBundle(DOC, photos);
  if (!created.ok) throw new Error(JSON.stringify(created.problems));
  return new File([created.blob], 'press.strainseer');
}

describe('a bundle opened in the worker', () => {
  let decoded: string[];
  beforeEach(() => {
    resetVaultForTests(`bundle-open-${Math.random()}`);
    decoded = [];
    vi.stubGlobal('OffscreenCanvas', CanvasStandIn);
    vi.stubGlobal('createImageBitmap', async (source: unknown) => {
      const name = source instanceof File ? source.name : 'thumbnail';
      if (source instanceof File) decoded.push(name);
      if (source instanceof File && (await source.text()).startsWith('not')) {
        throw new Error('undecodable');
      }
      const side = name === LIAR ? 20_000 : 1;
      return { width: side, height: side, close() {} };
    });
    vi.resetModules();
  });
  afterEach(() => vi.unstubAllGlobals());

  it('stages the photos that pass their checks and keeps them only when accepted', async () => {
    const { readBundleFile, keepBundle } = await import('../../../src/worker/bundleOpen');
    const { photoFile } = await import('../../../src/worker/photos');
    const { restorePhotos } = await import('../../../src/worker/vault');
    const progress: number[] = [];
    const read = await readBundleFile(await bundleFile(), ({ done }) => progress.push(done));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(progress).toEqual([1, 2, 3]);
    expect(read.document.images.map((image) => image.name)).toEqual(['a.png', 'b.png', 'c.png']);
    const [a, b, c] = read.outcomes;
    expect(a).toMatchObject({ ok: true, name: 'a.png', width: 1, height: 1 });
    expect(b).toMatchObject({ ok: false, name: 'b.png' });
    expect(c).toEqual({
      ok: false,
      name: LIAR,
      message: tooLargeMessage({ width: 20_000, height: 20_000 }),
    });
    if (!a?.ok) return;
    // Staged: neither in the photo store nor in IndexedDB.
    expect(() => photoFile(a.id)).toThrow(/no longer available/);
    expect((await restorePhotos([a.id], () => {})).missing).toEqual([a.id]);

    keepBundle(read.staging);
    expect(photoFile(a.id).name).toBe('a.png');
    await vi.waitFor(async () =>
      expect((await restorePhotos([a.id], () => {})).missing).toEqual([]),
    );
  });

  it('forgets a dropped bundle: nothing is kept', async () => {
    const { readBundleFile, dropBundle, keepBundle } =
      await import('../../../src/worker/bundleOpen');
    const { photoFile } = await import('../../../src/worker/photos');
    URL.revokeObjectURL = vi.fn();
    const read = await readBundleFile(await bundleFile());
    if (!read.ok || !read.outcomes[0]?.ok) throw new Error('expected a staged photo');
    const { id, thumbnailUrl } = read.outcomes[0];
    dropBundle(read.staging);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith(thumbnailUrl);
    keepBundle(read.staging);
    expect(() => photoFile(id)).toThrow(/no longer available/);
  });

  it('stops reading when cancelled between photos, and keeps none of them', async () => {
    const { readBundleFile, cancelBundleRead } = await import('../../../src/worker/bundleOpen');
    URL.revokeObjectURL = vi.fn();
    const read = await readBundleFile(await bundleFile(), ({ done }) => {
      if (done === 1) cancelBundleRead();
    });
    expect(read).toEqual({
      ok: false,
      problems: [{ path: '', message: 'The bundle was not opened: opening it was cancelled.' }],
    });
    // The first photo was staged before the cancel: it goes, unkept, with its thumbnail; the
    // others are never unpacked.
    expect(decoded).toEqual(['a.png']);
    expect(URL.revokeObjectURL).toHaveBeenCalledTimes(1);
  });

  it('refuses a bundle whose photos unpack a thousandfold before decoding any of them', async () => {
    const { readBundleFile } = await import('../../../src/worker/bundleOpen');
    const bytes = paddedPhotoBundle(JSON.stringify({}), ['a.png'], 16 * 1024 * 1024);
    const read = await readBundleFile(new File([bytes], 'padded.strainseer'));
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems[0]?.message).toMatch(/times its packed size/);
    expect(decoded).toEqual([]);
  });
});
