// From an edited point to updated charts: a complete 30-photo project (its marks opened from a
// project file, its photos added and attached), the reference photo open, a fiducial selected
// and nudged by one pixel with an arrow key. Editing the reference photo's point changes every
// image's strain, so every row of the results and every chart point is redrawn: the worst case.
// The reference, on the same page: a key press that changes nothing, to the next frame — the
// floor any edit pays for input handling and a frame.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { serializeProject } from '../../src/io/projectFile';
import type { ProjectDocument } from '../../src/model/document';
import { photoShown } from './interactions';
import { longTasksBetween, type LongTasks } from './probes';
import { PHOTO_HEIGHT, PHOTO_WIDTH, SCALE_LENGTH_MM, SCALE_POINTS, type Step } from './scene';
import { waitUntil, withTimeout } from './wait';

export interface EditRuns {
  /** Key down to the first frame after the results and charts took the new analysis, ms. */
  editMs: number[];
  /** Key down (a key with no effect) to the next frame, ms. */
  floorMs: number[];
  /** Long tasks from each edit's key press to its updated charts. */
  tasks: LongTasks[];
}

/** The sequence's true marks as a Strain Seer project file, waiting for its photos. */
export function projectFile(steps: Step[], dir: string): string {
  const doc: ProjectDocument = {
    images: steps.map((step, k) => ({
      id: `bench-${k}`,
      name: step.name,
      width: PHOTO_WIDTH,
      height: PHOTO_HEIGHT,
      fiducials: step.fiducials,
      scalePoints: SCALE_POINTS,
      pressTravel: step.travel,
    })),
    scaleLength: SCALE_LENGTH_MM,
    strainMeasure: 'green_lagrangian',
    reference: { kind: 'total', imageId: 'bench-0' },
  };
  const path = join(dir, 'bench.strainseer.json');
  writeFileSync(path, serializeProject(doc));
  return path;
}

interface EditWindow {
  benchEdit?: Promise<{ keyAt: number; end: number; changed: boolean }>;
}

/** Runs in the page: how many images the results table lists. */
function resultRows(): number {
  const table = [...document.querySelectorAll('table')].find((t) =>
    t.caption?.textContent?.startsWith('Strain per image'),
  );
  return table?.querySelectorAll('tbody tr').length ?? 0;
}

/**
 * Runs in the page before the key press. With `expectAnalysis`, resolves at the first frame
 * after the results region stops being busy (the new analysis is in, and the charts update in
 * the same task's microtasks); otherwise at the first frame after the key. "At the frame" means
 * after its animation-frame callbacks, in a message posted from them, i.e. once it is painted.
 */
function watchEdit(expectAnalysis: boolean): void {
  const w = window as EditWindow;
  const findTable = () =>
    [...document.querySelectorAll('table')].find((t) =>
      t.caption?.textContent?.startsWith('Strain per image'),
    );
  const before = findTable()?.textContent ?? '';
  const region = findTable()?.closest('[aria-busy]');
  w.benchEdit = new Promise((resolve, reject) => {
    let keyAt = -1;
    const painted = () =>
      requestAnimationFrame(() => {
        const channel = new MessageChannel();
        channel.port1.onmessage = () =>
          resolve({
            keyAt,
            end: performance.now(),
            changed: (findTable()?.textContent ?? '') !== before,
          });
        channel.port2.postMessage(null);
      });
    window.addEventListener(
      'keydown',
      (event) => {
        keyAt = event.timeStamp;
        if (!expectAnalysis) painted();
      },
      { capture: true, once: true },
    );
    if (!expectAnalysis) return;
    if (!region) return reject(new Error('no results region with aria-busy'));
    let sawBusy = false;
    const observer = new MutationObserver(() => {
      if (region.getAttribute('aria-busy') === 'true') {
        sawBusy = true;
      } else if (sawBusy) {
        observer.disconnect();
        painted();
      }
    });
    observer.observe(region, { attributes: true, attributeFilter: ['aria-busy'] });
  });
}

async function timedKey(page: Page, key: string, expectAnalysis: boolean) {
  await page.evaluate(watchEdit, expectAnalysis);
  await page.keyboard.press(key);
  const { keyAt, end, changed } = await withTimeout(
    page.evaluate(() => (window as EditWindow).benchEdit!),
    expectAnalysis ? `the results to update after ${key}` : `a frame after ${key}`,
    30_000,
  );
  if (expectAnalysis && !changed) throw new Error(`${key} changed no result`);
  return { ms: end - keyAt, tasks: await longTasksBetween(page, keyAt, end) };
}

/** Opens the project and its photos, then times `runs` nudges and `runs` no-op keys. */
export async function measureEdit(
  page: Page,
  steps: Step[],
  paths: string[],
  projectPath: string,
  runs: number,
): Promise<EditRuns> {
  await page.getByLabel('Open…').setInputFiles(projectPath);
  await page.getByText(/^Opened bench\.strainseer\.json/).waitFor({ timeout: 30_000 });
  await page.getByLabel('Add photos').setInputFiles(paths);
  // The charts are drawn in the results view; the edits are made in the marking view.
  await page.getByRole('tab', { name: 'Results' }).click();
  const charts = page.getByRole('img', { name: /^Scatter plot of / });
  await waitUntil(
    'every photo attached and the three charts drawn',
    async () =>
      (await page.locator('img[src^="blob:"]').count()) === paths.length &&
      (await charts.count()) === 3 &&
      (await page.evaluate(resultRows)) === steps.length,
    240_000,
  );
  await page.getByRole('tab', { name: 'Mark photos' }).click();
  await page.getByRole('button', { name: `Open ${steps[0]!.name}` }).click();
  await photoShown(page);
  await page.getByRole('button', { name: 'Select fiducial 0 (top-left)' }).click();
  await page.getByRole('application', { name: /^Photo / }).focus();
  await page.getByText(/^Selected: fiducial 0/).waitFor();
  const editMs: number[] = [];
  const floorMs: number[] = [];
  const tasks: LongTasks[] = [];
  for (let k = 0; k < runs; k++) {
    const edit = await timedKey(page, k % 2 === 0 ? 'ArrowRight' : 'ArrowLeft', true);
    editMs.push(edit.ms);
    tasks.push(edit.tasks);
    floorMs.push((await timedKey(page, 'Shift', false)).ms);
    // Lets autosave and the annotation canvas finish, so each edit starts from a quiet page.
    await page.waitForTimeout(300);
  }
  return { editMs, floorMs, tasks };
}
