// The printed report's pictures of the photos, made in the worker: each photo decoded again
// and shrunk to print size (never enlarged), one photo at a time with progress, and a photo
// that cannot be read again reported as missing while the others carry on. The browser's
// decoder and canvas are stood in for.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

interface FakeBitmap {
  width: number;
  height: number;
  name: string;
  closed: boolean;
  close(): void;
}

const made: FakeBitmap[] = [];
let decodingNow = 0;
let mostAtOnce = 0;

/** Decodes a "photo" whose file says its size ("4000x3000"); resizes record the size asked. */
async function fakeCreateImageBitmap(
  source: File | FakeBitmap,
  options?: ImageBitmapOptions,
): Promise<FakeBitmap> {
  let width: number;
  let height: number;
  if (source instanceof File) {
    const text = await source.text();
    if (text === 'damaged') throw new DOMException('The source image cannot be decoded.');
    [width, height] = text.split('x').map(Number) as [number, number];
    decodingNow++;
    mostAtOnce = Math.max(mostAtOnce, decodingNow);
    await new Promise((resolve) => setTimeout(resolve, 5));
    decodingNow--;
  } else {
    width = options?.resizeWidth ?? source.width;
    height = options?.resizeHeight ?? source.height;
  }
  const bitmap: FakeBitmap = {
    width,
    height,
    name: source instanceof File ? source.name : `${source.name} shrunk`,
    closed: false,
    close() {
      this.closed = true;
    },
  };
  made.push(bitmap);
  return bitmap;
}

class FakeOffscreenCanvas {
  constructor(
    readonly width: number,
    readonly height: number,
  ) {}
  getContext() {
    return { drawImage: () => {} };
  }
  async convertToBlob(options: ImageEncodeOptions) {
    return new Blob([`${this.width}x${this.height}`], { type: options.type });
  }
}

beforeEach(() => {
  made.length = 0;
  decodingNow = 0;
  mostAtOnce = 0;
  vi.stubGlobal('createImageBitmap', fakeCreateImageBitmap);
  vi.stubGlobal('OffscreenCanvas', FakeOffscreenCanvas);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('reportPictures', () => {
  it('shrinks each photo to print size, one at a time, and frees every decode', async () => {
    const { adoptFile, forgetPhoto } = await import('../../../src/worker/photos');
    const { REPORT_PICTURE_EDGE, reportPictures } =
      await import('../../../src/worker/reportPictures');
    adoptFile('wide', new File(['4000x3000'], 'wide.jpg', { type: 'image/jpeg' }));
    adoptFile('tall', new File(['1500x2000'], 'tall.jpg', { type: 'image/jpeg' }));
    adoptFile('small', new File(['600x400'], 'small.jpg', { type: 'image/jpeg' }));
    const progress: [number, number][] = [];
    try {
      const { urls, missing } = await reportPictures(['wide', 'tall', 'small'], (done, total) =>
        progress.push([done, total]),
      );
      expect(missing).toEqual([]);
      const sizes = await Promise.all(
        ['wide', 'tall', 'small'].map(async (id) => (await fetch(urls[id]!)).text()),
      );
      expect(REPORT_PICTURE_EDGE).toBe(720);
      expect(sizes).toEqual(['720x540', '540x720', '600x400']);
      expect(progress).toEqual([
        [1, 3],
        [2, 3],
        [3, 3],
      ]);
      expect(mostAtOnce).toBe(1);
      expect(made.every((bitmap) => bitmap.closed)).toBe(true);
    } finally {
      for (const id of ['wide', 'tall', 'small']) forgetPhoto(id);
    }
  });

  it('reports a photo it cannot read again as missing, and makes the others', async () => {
    const { adoptFile, forgetPhoto } = await import('../../../src/worker/photos');
    const { reportPictures } = await import('../../../src/worker/reportPictures');
    adoptFile('broken', new File(['damaged'], 'broken.jpg', { type: 'image/jpeg' }));
    adoptFile('good', new File(['800x600'], 'good.jpg', { type: 'image/jpeg' }));
    try {
      const { urls, missing } = await reportPictures(['broken', 'gone', 'good']);
      expect(missing).toEqual(['broken', 'gone']);
      expect(Object.keys(urls)).toEqual(['good']);
    } finally {
      forgetPhoto('broken');
      forgetPhoto('good');
    }
  });
});
