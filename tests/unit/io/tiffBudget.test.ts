// The TIFF reader's work budget: strips and tiles may cost at most about twice the pixels
// they make, so a small file cut into a quarter of a million tiny tiles is refused at once
// instead of holding the worker for minutes, while ordinary layouts decode as before; and a
// decode stops when the user cancels it.
import { describe, expect, it } from 'vitest';
import { TiffError, decodeTiff } from '../../../src/io/tiff';
import { tiledTiff } from '../../support/hostileFiles';
import { writeTiff } from './tiffWriter';

const BLACK_IS_ZERO = 1;

/** A grey image of `side` × `side` pixels in the layout given, every sample 7. */
function grey(side: number, layout: { tile?: [number, number]; rowsPerStrip?: number }) {
  return writeTiff({
    width: side,
    height: side,
    samplesPerPixel: 1,
    bits: 8,
    samples: new Uint8Array(side * side).fill(7),
    photometric: BLACK_IS_ZERO,
    compression: 'deflate',
    ...layout,
  });
}

describe('the TIFF work budget', () => {
  it('refuses 250,000 tiles of 16 × 16 for 8000 × 8000 pixels at once, saying why', async () => {
    const file = tiledTiff(8000);
    expect(file.length).toBeLessThan(2.5 * 1024 * 1024);
    const started = performance.now();
    const error = await decodeTiff(file).then(
      () => null,
      (reason: unknown) => reason,
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(error).toBeInstanceOf(TiffError);
    expect((error as Error).message).toMatch(
      /^This TIFF file is damaged: its 250000 tiles of 16 × 16 pixels would take far more work to decode than its 8000 × 8000 pixels need/,
    );
  });

  it('lets ordinary layouts through: 16 × 16 tiles of a small image, a strip per row', async () => {
    const tiled = await decodeTiff(grey(256, { tile: [16, 16] }));
    expect([tiled.width, tiled.height, tiled.data[0]]).toEqual([256, 256, 7]);
    const rows = await decodeTiff(grey(200, { rowsPerStrip: 1 }));
    expect([rows.width, rows.height, rows.data[4 * 200 * 200 - 2]]).toEqual([200, 200, 7]);
  });

  it('stops when the decode is cancelled', async () => {
    const cancelled = new AbortController();
    cancelled.abort();
    await expect(
      decodeTiff(grey(64, { rowsPerStrip: 8 }), { signal: cancelled.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});
