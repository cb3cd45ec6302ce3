// The bench's photos: 12 MP JPEGs painted by Chromium itself (OffscreenCanvas, then its own JPEG
// encoder), so nothing is downloaded and the files are what a browser makes of a photo-like
// scene. They are written to a temporary folder because page.setInputFiles hands the app real
// files by path, exactly as the file picker does.
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DOT_DIAMETER, PATTERN_HALF, PHOTO_HEIGHT, PHOTO_WIDTH, RULER, type Step } from './scene';

export interface PhotoSet {
  steps: Step[];
  /** Absolute paths, in the order of `steps`. */
  paths: string[];
  bytes: number[];
}

interface PaintSpec {
  width: number;
  height: number;
  dot: number;
  half: number;
  ruler: typeof RULER;
}

/**
 * Runs in the page: paints the scene that does not change (lit background, a textured surface,
 * the ruler, a label) once, then each step's photo over it with its own sensor noise and the
 * specimen's dots deformed, and keeps the JPEGs on `window` for `takePhoto` to read.
 */
function paintInPage({ spec, steps }: { spec: PaintSpec; steps: Step[] }): Promise<number[]> {
  const { width, height } = spec;
  let seed = 20240607;
  const rand = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

  const base = new OffscreenCanvas(width, height);
  const g = base.getContext('2d')!;
  const light = g.createLinearGradient(0, 0, width, height);
  light.addColorStop(0, '#dcd6c4');
  light.addColorStop(1, '#a8a290');
  g.fillStyle = light;
  g.fillRect(0, 0, width, height);
  // A mottled surface, so the JPEGs weigh what photos do (a flat canvas compresses to almost
  // nothing). Light tones only: the dots stay the darkest blobs, as on a real specimen.
  for (let k = 0; k < 5000; k++) {
    g.fillStyle = `hsl(${30 + rand() * 40} 18% ${58 + rand() * 30}%)`;
    g.fillRect(rand() * width, rand() * height, 2 + rand() * 40, 2 + rand() * 40);
  }
  g.fillStyle = '#202020';
  const { edgeX, y0, spacing, ticks } = spec.ruler;
  g.fillRect(edgeX - 4, y0 - 20, 8, spacing * ticks + 40);
  for (let k = 0; k <= ticks; k++) {
    const length = k % 10 === 0 ? 180 : k % 5 === 0 ? 120 : 75;
    g.fillRect(edgeX, y0 + k * spacing - 3, length, 6);
  }
  g.font = 'bold 70px sans-serif';
  for (let k = 1; k < ticks / 10; k++) g.fillText(String(k), edgeX + 220, y0 + k * 300 + 25);
  g.fillText('Specimen B-7, press test', 300, height - 150);

  // Sensor noise: a tile of grey speckle laid over the photo at a different offset each time.
  const tile = new OffscreenCanvas(509, 509);
  const t = tile.getContext('2d')!;
  const noise = t.createImageData(509, 509);
  for (let i = 0; i < noise.data.length; i += 4) {
    const v = Math.round(rand() * 255);
    noise.data[i] = noise.data[i + 1] = noise.data[i + 2] = v;
    noise.data[i + 3] = 255;
  }
  t.putImageData(noise, 0, 0);

  const canvas = new OffscreenCanvas(width, height);
  const c = canvas.getContext('2d')!;
  const jpegs: Blob[] = [];
  const unit = [
    [-1, -1],
    [1, -1],
    [1, 1],
    [-1, 1],
    [0, 0],
  ];
  return (async () => {
    for (const [index, step] of steps.entries()) {
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.drawImage(base, 0, 0);
      c.globalAlpha = 0.1;
      c.fillStyle = c.createPattern(tile, 'repeat')!;
      c.translate(-37 * index, -53 * index);
      c.fillRect(37 * index, 53 * index, width, height);
      c.setTransform(1, 0, 0, 1, 0, 0);
      c.globalAlpha = 1;
      const [[a, b], [cc, d]] = step.F;
      c.fillStyle = '#141414';
      for (const [u, v] of unit) {
        const x = step.centre[0] + spec.half * (a * u! + b * v!);
        const y = step.centre[1] + spec.half * (cc * u! + d * v!);
        // The dot is printed on the specimen, so it deforms with it.
        c.setTransform(a, cc, b, d, x, y);
        c.beginPath();
        c.arc(0, 0, spec.dot / 2, 0, 2 * Math.PI);
        c.fill();
      }
      jpegs.push(await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 }));
    }
    (window as unknown as { benchJpegs: Blob[] }).benchJpegs = jpegs;
    return jpegs.map((blob) => blob.size);
  })();
}

/** Runs in the page: one painted JPEG as base64 (one at a time keeps each message a few MB). */
async function takePhoto(index: number): Promise<string> {
  const blob = (window as unknown as { benchJpegs: Blob[] }).benchJpegs[index]!;
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(text);
}

/** Paints one JPEG per step in `page` (any page: about:blank will do) and writes them to `dir`. */
export async function makePhotos(page: Page, steps: Step[], dir: string): Promise<PhotoSet> {
  mkdirSync(dir, { recursive: true });
  const spec: PaintSpec = {
    width: PHOTO_WIDTH,
    height: PHOTO_HEIGHT,
    dot: DOT_DIAMETER,
    half: PATTERN_HALF,
    ruler: RULER,
  };
  const bytes = await page.evaluate(paintInPage, { spec, steps });
  const paths: string[] = [];
  for (const [index, step] of steps.entries()) {
    const path = join(dir, step.name);
    writeFileSync(path, Buffer.from(await page.evaluate(takePhoto, index), 'base64'));
    paths.push(path);
  }
  await page.evaluate(() => delete (window as unknown as { benchJpegs?: Blob[] }).benchJpegs);
  return { steps, paths, bytes };
}

/**
 * `count` file names for a large project, each a hard link to one of `sources` (so 200 photos
 * cost no extra disk): every name is still its own file to the app, decoded and stored apart.
 */
export function aliasPhotos(sources: string[], count: number, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  return Array.from({ length: count }, (_, i) => {
    const path = join(dir, `large-${String(i).padStart(3, '0')}.jpg`);
    linkSync(sources[i % sources.length]!, path);
    return path;
  });
}
