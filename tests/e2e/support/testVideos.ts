// Test videos made in the test's own browser: the page-side maker (tests/e2e/videoMaker) is
// bundled here once and evaluated in the page, which then draws, encodes and muxes each video
// with WebCodecs; its bytes come back to be handed to the app like a file the user picked.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { build } from 'vite';
import type { Rollup } from 'vite';
import type { SceneVideoSpec } from '../videoMaker/make';

export type { SceneVideoSpec } from '../videoMaker/make';

let bundled: Promise<string> | undefined;

/** The maker as one script (built once per test file, in a couple of seconds). */
function makerScript(): Promise<string> {
  bundled ??= (async () => {
    const result = await build({
      configFile: false,
      logLevel: 'warn',
      build: {
        write: false,
        minify: false,
        target: 'es2022',
        lib: {
          entry: fileURLToPath(new URL('../videoMaker/make.ts', import.meta.url)),
          formats: ['iife'],
          name: 'StrainSeerVideoMaker',
        },
      },
    });
    const outputs = (Array.isArray(result) ? result : [result]) as Rollup.RollupOutput[];
    const chunk = outputs[0]?.output.find((item) => item.type === 'chunk');
    if (!chunk || chunk.type !== 'chunk') throw new Error('the video maker did not build');
    return chunk.code;
  })();
  return bundled;
}

/** Makes the maker callable in this page (again after each navigation). */
export async function installVideoMaker(page: Page): Promise<void> {
  const script = await makerScript();
  await page.evaluate(script);
}

/** Base64 in the page, bytes here: the way binary data crosses page.evaluate whole. */
async function bytesFrom(page: Page, make: string, arg?: unknown): Promise<Buffer> {
  const base64 = await page.evaluate(
    async ({ make, arg }) => {
      const videos = window.strainSeerVideos as unknown as Record<
        string,
        (arg: unknown) => Promise<Uint8Array>
      >;
      const bytes = await videos[make]!(arg);
      let text = '';
      for (let i = 0; i < bytes.length; i += 0x8000) {
        text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      }
      return btoa(text);
    },
    { make, arg },
  );
  return Buffer.from(base64, 'base64');
}

export const sceneVideo = (page: Page, spec: SceneVideoSpec) => bytesFrom(page, 'sceneVideo', spec);
export const soundOnlyFile = (page: Page) => bytesFrom(page, 'soundOnly');
export const subtitlesOnlyFile = (page: Page) => bytesFrom(page, 'subtitlesOnly');
export const hevcVideo = (page: Page) => bytesFrom(page, 'hevcVideo');

/** Seconds a bare VideoDecoder takes for the frames at these times of a video (see make.ts). */
export function bareDecodeSeconds(page: Page, video: Buffer, times: number[]): Promise<number> {
  return page.evaluate(
    ({ base64, times }) => {
      const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
      return window.strainSeerVideos.bareDecodeSeconds(bytes, times);
    },
    { base64: video.toString('base64'), times },
  );
}
