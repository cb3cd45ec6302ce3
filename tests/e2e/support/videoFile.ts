// Reads a video the app saved back in the browser: the page imports mediabunny's own bundle
// beside the app (WebCodecs needs a secure context, which a blank page is not) and decodes
// the file, so the test sees what a player would (the frames, their size and times), not
// what the app meant to write.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Mediabunny from 'mediabunny';
import type { Page } from 'playwright-core';
import { repoRoot } from './server';

export interface DecodedVideo {
  codec: string | null;
  width: number;
  height: number;
  /** Seconds. */
  duration: number;
  /** Encoded frames in the file. */
  frameCount: number;
  /** Each asked-for moment's frame as RGBA, shrunk to 160 × 90 (for comparisons). */
  thumbnails: number[][];
  /** Each asked-for moment's frame at full size, as a PNG data URL (to look at). */
  pictures: string[];
}

/** mediabunny as one ES module, to import from a blob URL. */
const bundle = () =>
  readFileSync(join(repoRoot, 'node_modules/mediabunny/dist/bundles/mediabunny.mjs'), 'utf8');

/** Decodes `bytes` in `page`, taking frames at `times` (seconds). */
export function decodeVideo(page: Page, bytes: Buffer, times: number[]): Promise<DecodedVideo> {
  return page.evaluate(
    async ({ code, base64, times }) => {
      const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      // Through Function: the test runner rewrites an import() written here for Node.
      const load = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
      const mb = (await load(url)) as typeof Mediabunny;
      const data = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      const input = new mb.Input({ source: new mb.BufferSource(data), formats: mb.ALL_FORMATS });
      const track = await input.getPrimaryVideoTrack();
      if (!track) throw new Error('no video track');
      let frameCount = 0;
      for await (const packet of new mb.EncodedPacketSink(track).packets()) {
        if (packet) frameCount++;
      }
      const small = new mb.CanvasSink(track, { width: 160, height: 90, fit: 'fill' });
      const full = new mb.CanvasSink(track);
      const thumbnails: number[][] = [];
      const pictures: string[] = [];
      for (const t of times) {
        const canvas = (await small.getCanvas(t))?.canvas as OffscreenCanvas;
        const pixels = canvas.getContext('2d')?.getImageData(0, 0, 160, 90).data;
        thumbnails.push(Array.from(pixels ?? []));
        const big = (await full.getCanvas(t))?.canvas as OffscreenCanvas | HTMLCanvasElement;
        const blob =
          'convertToBlob' in big
            ? await big.convertToBlob({ type: 'image/png' })
            : await new Promise<Blob>((resolve) => big.toBlob((b) => resolve(b as Blob)));
        pictures.push(
          await new Promise<string>((resolve) => {
            const reader = new FileReader();
            reader.onload = () => resolve(reader.result as string);
            reader.readAsDataURL(blob);
          }),
        );
      }
      return {
        codec: await track.getCodecParameterString(),
        width: track.displayWidth,
        height: track.displayHeight,
        duration: await input.computeDuration(),
        frameCount,
        thumbnails,
        pictures,
      };
    },
    { code: bundle(), base64: bytes.toString('base64'), times },
  );
}

/** Mean absolute difference of two RGBA pixel arrays, 0-255. */
export function meanDifference(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs((a[i] as number) - (b[i] as number));
  return sum / Math.max(1, a.length);
}
