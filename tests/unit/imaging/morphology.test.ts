// The imaging core's building blocks against brute force: the Euclidean distance transform,
// connected components, opening by a disc, the grey closing's top-hat, block averaging, and
// the test suite's own PNG reader on a photo whose pixels are known.
import { describe, expect, it } from 'vitest';
import { blackTopHat } from '../../../src/core/imaging/raster/topHat';
import {
  labelComponents,
  openByDisc,
  squaredDistance,
} from '../../../src/core/imaging/raster/morphology';
import { downscaleGrey } from '../../../src/core/imaging/raster/image';
import { DEMO_PHOTOS } from '../../e2e/support/demo';
import { readPng } from './png';
import { random } from './render';

function randomMask(w: number, h: number, density: number, seed: number): Uint8Array {
  const rand = random(seed);
  return Uint8Array.from({ length: w * h }, () => (rand() < density ? 1 : 0));
}

describe('squaredDistance', () => {
  it('equals brute force, inside (outside the raster counts as background) and to set pixels', () => {
    const w = 23;
    const h = 17;
    const mask = randomMask(w, h, 0.8, 1);
    const inside = squaredDistance(mask, w, h);
    const toSet = squaredDistance(mask, w, h, true);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let bestOut = Math.min(x + 1, y + 1, w - x, h - y) ** 2;
        let bestIn = Infinity;
        for (let v = 0; v < h; v++) {
          for (let u = 0; u < w; u++) {
            const d = (u - x) ** 2 + (v - y) ** 2;
            if (mask[v * w + u] === 0) bestOut = Math.min(bestOut, d);
            else bestIn = Math.min(bestIn, d);
          }
        }
        expect(inside[y * w + x]).toBe(mask[y * w + x] ? bestOut : 0);
        expect(toSet[y * w + x]).toBe(bestIn);
      }
    }
  });
});

describe('labelComponents', () => {
  it('labels 8-connected regions like a flood fill', () => {
    const w = 30;
    const h = 20;
    const mask = randomMask(w, h, 0.45, 2);
    const { labels, count } = labelComponents(mask, w, h);
    // Neighbours (8-connected) share a label; each label is one connected region.
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const l = labels[y * w + x]!;
        expect(l === 0).toBe(mask[y * w + x] === 0);
        if (!l) continue;
        for (const [dx, dy] of [
          [1, 0],
          [0, 1],
          [1, 1],
          [-1, 1],
        ]) {
          const u = x + dx!;
          const v = y + dy!;
          if (u >= 0 && u < w && v < h && mask[v * w + u]) expect(labels[v * w + u]).toBe(l);
        }
      }
    }
    expect(new Set(labels.filter((l) => l > 0)).size).toBe(count);
  });
});

describe('openByDisc', () => {
  it('keeps a disc and removes a thinner line attached to it', () => {
    const w = 80;
    const h = 60;
    const mask = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const inDisc = (x - 30) ** 2 + (y - 30) ** 2 <= 12 ** 2;
        const inLine = Math.abs(y - 42) <= 1;
        mask[y * w + x] = inDisc || inLine ? 1 : 0;
      }
    }
    const opened = openByDisc(mask, w, h, 5);
    expect(opened[30 * w + 30]).toBe(1);
    expect(opened[30 * w + 41]).toBe(1);
    expect(opened[42 * w + 70]).toBe(0);
    expect(opened[42 * w + 5]).toBe(0);
  });
});

describe('blackTopHat', () => {
  it('reads a dark dot against its own surroundings on a lighting ramp, and the ramp as zero', () => {
    const w = 120;
    const h = 90;
    const grey = new Float32Array(w * h);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const light = 120 + 0.8 * x;
        grey[y * w + x] = (x - 60) ** 2 + (y - 45) ** 2 <= 64 ? 20 : light;
      }
    }
    for (const size of [21, 41]) {
      const dark = blackTopHat(grey, w, h, size);
      expect(dark[45 * w + 60]).toBeCloseTo(120 + 0.8 * 60 - 20, -1);
      // Away from the borders (within half the square of them the closing is one-sided).
      expect(Math.abs(dark[10 * w + 35]!)).toBeLessThan(2);
    }
  });
});

describe('downscaleGrey and the PNG reader', () => {
  it('averages blocks of luma, and reads the demo photo at its stated size', () => {
    const image = readPng(DEMO_PHOTOS[0]!.path);
    expect([image.width, image.height]).toEqual([1476, 1144]);
    const small = downscaleGrey(image, 2);
    expect([small.width, small.height]).toEqual([738, 572]);
    // One block by hand.
    const luma = (x: number, y: number) => {
      const i = (y * image.width + x) * 4;
      return (image.data[i]! * 77 + image.data[i + 1]! * 150 + image.data[i + 2]! * 29) / 256;
    };
    const expected = (luma(600, 400) + luma(601, 400) + luma(600, 401) + luma(601, 401)) / 4;
    expect(small.data[200 * small.width + 300]).toBeCloseTo(expected, 3);
  });

  it('keeps the grey level of a flat colour at every block size, sampled or not', () => {
    // An orange-ish specimen colour: luma (200 * 77 + 120 * 150 + 40 * 29) / 256.
    const level = (200 * 77 + 120 * 150 + 40 * 29) / 256;
    const width = 97;
    const height = 61;
    const data = new Uint8ClampedArray(width * height * 4);
    for (let i = 0; i < data.length; i += 4) data.set([200, 120, 40, 255], i);
    for (let factor = 1; factor <= 12; factor++) {
      const small = downscaleGrey({ width, height, data }, factor);
      expect([small.width, small.height]).toEqual([
        Math.floor(width / factor),
        Math.floor(height / factor),
      ]);
      for (const v of small.data) expect(v).toBeCloseTo(level, 4);
    }
  });
});
