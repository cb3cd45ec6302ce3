// Ingest in the worker: one full-size decode at a time on any machine (the page's own thread
// keeps a core while the rows render, and the worker holds one photo's pixels at most), the
// next file's decode starting as soon as the one before ends rather than after its thumbnail,
// every outcome reported in the files' order, a decode larger than the limit refused before
// anything is made of it, and a cancel that stops the batch. The browser's decoder and canvas
// are stood in for, with decodes of different lengths.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { resetVaultForTests } from '../../../src/worker/vault';
import { CanvasStandIn } from './canvasStandIn';

interface Decode {
  name: string;
  start: number;
  end: number;
}

let clock = 0;
const decodes: Decode[] = [];
const thumbnails: { name: string; start: number }[] = [];
const closed: string[] = [];
const LIAR_SIDE = 20_000;
let running = 0;
let mostAtOnce = 0;

const wait = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms);
  });

/** A stand-in for createImageBitmap: a file decodes in 20-40 ms; a resize is instant. */
async function fakeCreateImageBitmap(source: unknown): Promise<ImageBitmap> {
  if (source instanceof File) {
    running++;
    mostAtOnce = Math.max(mostAtOnce, running);
    const record: Decode = { name: source.name, start: clock, end: -1 };
    decodes.push(record);
    await wait(20 + (source.size % 3) * 10);
    running--;
    record.end = clock;
    // A file whose header hid its real size decodes larger than the limit.
    const side = source.name.startsWith('liar') ? LIAR_SIDE : 0;
    const close = () => void closed.push(source.name);
    return { width: side || 4000, height: side || 3000, close, name: source.name } as never;
  }
  const from = source as { name: string };
  thumbnails.push({ name: from.name, start: clock });
  return { width: 192, height: 144, close: () => {}, name: from.name } as never;
}

describe('ingest on a two-core machine', () => {
  let ticker: ReturnType<typeof setInterval>;
  beforeEach(() => {
    resetVaultForTests(`ingest-order-${Math.random()}`);
    clock = 0;
    ticker = setInterval(() => clock++, 1);
    decodes.length = 0;
    thumbnails.length = 0;
    closed.length = 0;
    running = 0;
    mostAtOnce = 0;
    vi.stubGlobal('navigator', { hardwareConcurrency: 2 });
    vi.stubGlobal('createImageBitmap', fakeCreateImageBitmap);
    vi.stubGlobal('OffscreenCanvas', CanvasStandIn);
    vi.resetModules();
  });
  afterEach(() => {
    clearInterval(ticker);
    vi.unstubAllGlobals();
  });

  it('decodes one photo at a time, back to back, and reports them in order', async () => {
    const { ingest } = await import('../../../src/worker/photos');
    const files = Array.from(
      { length: 6 },
      (_, i) => new File([new Uint8Array(100 + i)], `step-${i}mm.jpg`, { type: 'image/jpeg' }),
    );
    const reported: string[] = [];
    const outcomes = await ingest(files, (progress) => reported.push(progress.name));

    expect(outcomes.map((o) => o.ok)).toEqual(files.map(() => true));
    expect(reported).toEqual(files.map((f) => f.name));
    expect(mostAtOnce).toBe(1);
    expect(decodes.map((d) => d.name)).toEqual(files.map((f) => f.name));
    // Each decode begins as the one before ends: it does not wait for that photo's thumbnail.
    for (let k = 1; k < decodes.length; k++) {
      expect(decodes[k]!.start - decodes[k - 1]!.end).toBeLessThan(5);
      const before = thumbnails.find((t) => t.name === decodes[k - 1]!.name)!;
      expect(decodes[k]!.start).toBeLessThanOrEqual(before.start + 1);
    }
  });

  it('decodes one at a time where there are cores to spare too: one photo’s pixels at most', async () => {
    vi.stubGlobal('navigator', { hardwareConcurrency: 8 });
    const { ingest } = await import('../../../src/worker/photos');
    const files = Array.from(
      { length: 4 },
      (_, i) => new File([new Uint8Array(200 + i)], `step-${i}mm.jpg`, { type: 'image/jpeg' }),
    );
    const outcomes = await ingest(files);
    expect(outcomes.map((o) => o.ok)).toEqual(files.map(() => true));
    expect(mostAtOnce).toBe(1);
  });

  it('refuses a photo whose decode is larger than the limit, before its thumbnail or storage', async () => {
    const { ingest } = await import('../../../src/worker/photos');
    const { tooLargeMessage } = await import('../../../src/io/imageHeader');
    const outcomes = await ingest([
      new File([new Uint8Array(100)], 'liar.png', { type: 'image/png' }),
      new File([new Uint8Array(101)], 'honest.png', { type: 'image/png' }),
    ]);
    expect(outcomes[0]).toEqual({
      ok: false,
      name: 'liar.png',
      message: tooLargeMessage({ width: LIAR_SIDE, height: LIAR_SIDE }),
    });
    expect(outcomes[1]?.ok).toBe(true);
    expect(thumbnails.map((t) => t.name)).toEqual(['honest.png']);
    expect(closed).toContain('liar.png');
  });

  it('stops at a cancel: the photo being decoded is dropped and the rest are not decoded', async () => {
    const { cancelIngest, ingest } = await import('../../../src/worker/photos');
    const { INTAKE_CANCELLED } = await import('../../../src/io/imageHeader');
    const files = Array.from(
      { length: 5 },
      (_, i) => new File([new Uint8Array(300 + i)], `step-${i}mm.jpg`, { type: 'image/jpeg' }),
    );
    const outcomes = await ingest(files, ({ done }) => {
      if (done === 1) cancelIngest();
    });
    expect(outcomes[0]?.ok).toBe(true);
    expect(outcomes.slice(1)).toEqual(
      files.slice(1).map((file) => ({ ok: false, name: file.name, message: INTAKE_CANCELLED })),
    );
    // The second file's decode had begun alongside the first's thumbnail; none after it did.
    expect(decodes.length).toBeLessThanOrEqual(2);
    // A new intake after the cancel runs as usual.
    const [again] = await ingest([files[4]!]);
    expect(again?.ok).toBe(true);
  });

  it('adds nothing after the photo under way at a cancel, even a file decoded before it', async () => {
    const { cancelIngest, ingest } = await import('../../../src/worker/photos');
    const { INTAKE_CANCELLED } = await import('../../../src/io/imageHeader');
    /** A file whose first bytes come slowly (a busy disk): the file after it decodes first. */
    class SlowStart extends File {
      override slice(...args: Parameters<Blob['slice']>): Blob {
        const part = super.slice(...args);
        return { arrayBuffer: () => wait(60).then(() => part.arrayBuffer()) } as Blob;
      }
    }
    const slow = new SlowStart([new Uint8Array(400)], 'a-slow.jpg', { type: 'image/jpeg' });
    const quick = new File([new Uint8Array(401)], 'b-quick.jpg', { type: 'image/jpeg' });
    // The user cancels once the quick file is decoded, while the slow one is still to come.
    const watch = setInterval(() => {
      if (decodes.some((d) => d.name === 'b-quick.jpg' && d.end >= 0)) cancelIngest();
    }, 1);
    const outcomes = await ingest([slow, quick]);
    clearInterval(watch);
    expect(decodes[0]?.name).toBe('b-quick.jpg');
    expect(outcomes).toEqual([
      { ok: false, name: 'a-slow.jpg', message: INTAKE_CANCELLED },
      { ok: false, name: 'b-quick.jpg', message: INTAKE_CANCELLED },
    ]);
  });
});
