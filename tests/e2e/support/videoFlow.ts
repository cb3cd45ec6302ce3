// A user's steps with a video in Chromium, shared by the video tests: add it, take frames
// evenly with their travels from the press speed, and read where the points are on a frame.
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Vec2 } from '../../../src/core';
import { cellNumbers, openImage, showView } from './workflow';

/** A frame's file name as the app gives it ("press@1.000s.png"). */
export const frameFile = (video: string, time: number) =>
  `${video.replace(/\.[a-z0-9]+$/, '')}@${time.toFixed(3)}s.png`;

export async function addVideo(page: Page, name: string, bytes: Buffer) {
  const mimeType = name.endsWith('.mp4') ? 'video/mp4' : 'video/webm';
  await page.getByLabel('Add photos').setInputFiles({ name, mimeType, buffer: bytes });
}

/**
 * Takes `count` frames evenly over the dialog's default span (the whole video), with travels
 * from a press speed starting at 0 s, and waits until they are all in the table.
 */
export async function takeFramesEvenly(page: Page, name: string, count: number, speed: number) {
  const dialog = page.getByRole('dialog', { name: `Frames from ${name}` });
  await dialog.waitFor({ timeout: 15_000 });
  await expect.poll(() => dialog.getByRole('img', { name: /^Frame at 0\.000 s/ }).count()).toBe(1);
  await dialog.getByRole('spinbutton', { name: 'Number of frames' }).fill(String(count));
  await dialog.getByLabel('From the press speed').check();
  await dialog.getByLabel('Press speed (mm/s)').fill(String(speed));
  await dialog.getByLabel('Travel starts at (s)').fill('0');
  await dialog.getByRole('button', { name: `Add ${count} frames` }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
  await showView(page, 'Mark photos');
  const rows = page.getByRole('table', { name: 'Images in sequence order' }).getByRole('row');
  await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(count + 1);
}

/** An image's fiducials (five) or scale points (two) as its point table lists them (null: not placed). */
export async function pointsOn(
  page: Page,
  file: string,
  kind: 'Fiducial' | 'Scale' = 'Fiducial',
): Promise<(Vec2 | null)[]> {
  await openImage(page, file);
  const table = page.getByRole('table', { name: `Points on ${file}, in image pixels` });
  const rows = table.getByRole('row').filter({ hasText: kind });
  const points: (Vec2 | null)[] = [];
  for (let k = 0; k < (kind === 'Fiducial' ? 5 : 2); k++) {
    const cells = await rows.nth(k).getByRole('cell').allTextContents();
    const [x, y] = [Number(cells[1]), Number(cells[2])];
    points.push(Number.isFinite(x) && Number.isFinite(y) && cells[1] !== '' ? [x, y] : null);
  }
  return points;
}

/** The largest distance of placed points from where they belong (Infinity: one missing), px. */
export function farthestMiss(points: readonly (Vec2 | null)[], truth: readonly Vec2[]): number {
  return Math.max(
    ...points.map((p, k) => (p ? Math.hypot(p[0] - truth[k]![0], p[1] - truth[k]![1]) : Infinity)),
  );
}

/** Marks the whole sequence of `count` images and answers the report's words once it is done. */
export async function markWholeSequence(page: Page, count: number): Promise<string> {
  await page.getByRole('button', { name: 'Mark the whole sequence' }).click();
  const report = page.getByRole('status', { name: 'Marking the sequence' });
  await expect
    .poll(() => report.textContent(), { timeout: 60_000 })
    .toMatch(new RegExp(`Marked the sequence: ${count} of ${count}`));
  return (await report.textContent()) ?? '';
}

/**
 * Enters the scale length and answers each frame's row of the strain table as numbers
 * (press travel, exx, eyy, exy, ...), without their uncertainties.
 */
export async function strainRows(page: Page, files: readonly string[], scaleMm: number) {
  await showView(page, 'Results');
  await page.getByLabel('Scale length (mm)').fill(String(scaleMm));
  const results = page.getByRole('table', { name: /Strain per image/ });
  await expect
    .poll(() => results.getByRole('row').count(), { timeout: 20_000 })
    .toBe(files.length + 1);
  const rows: number[][] = [];
  for (const file of files) {
    const row = results.getByRole('row', { name: new RegExp(file.replace(/[.@]/g, '\\$&')) });
    rows.push((await row.getByRole('cell').allTextContents()).map((t) => cellNumbers(t).value));
  }
  return rows;
}
