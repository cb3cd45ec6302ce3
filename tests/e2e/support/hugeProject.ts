// A project file of thousands of fully marked images, written by the test or the bench
// itself (within the file limits), to open through the app's own Open… input.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ProjectDocument, ProjectImage } from '../../../src/model/document';
import { serializeProject } from '../../../src/io/projectFile';

export const hugeName = (i: number) => `specimen-${String(i).padStart(4, '0')}.jpg`;

/**
 * Image `i` of a specimen stretched a little more in each photo (0.001 % per step in x,
 * half as much across): five fiducials, two scale points, a press travel. Located points
 * carry an uncertainty, so the file is as large as a real sequence's.
 */
function hugeImage(i: number): ProjectImage {
  const sx = 1 + 1e-5 * i;
  const sy = 1 - 5e-6 * i;
  const at = (x: number, y: number): [number, number] => [
    +(2000 + (x - 2000) * sx).toFixed(3),
    +(1500 + (y - 1500) * sy).toFixed(3),
  ];
  return {
    id: `photo-${i}`,
    name: hugeName(i),
    width: 4000,
    height: 3000,
    fiducials: [at(1500, 1000), at(2500, 1000), at(2500, 2000), at(1500, 2000), at(2000, 1500)],
    scalePoints: [
      [200, 2800],
      [1200, 2800],
    ],
    fiducialUncertainty: [0.03, 0.03, 0.03, 0.03, 0.03],
    scaleUncertainty: [null, null],
    pressTravel: +(0.01 * i).toFixed(2),
  };
}

/** Writes a `.strainseer.json` of `count` marked images into `dir`; returns its path and size. */
export function writeHugeProject(dir: string, count: number): { path: string; bytes: number } {
  const doc: ProjectDocument = {
    images: Array.from({ length: count }, (_, i) => hugeImage(i)),
    scaleLength: 10,
    strainMeasure: 'small',
    reference: { kind: 'total', imageId: null },
    handPlacedUncertainty: 0.5,
  };
  const text = serializeProject(doc);
  const path = join(dir, `huge-${count}.strainseer.json`);
  writeFileSync(path, text);
  return { path, bytes: Buffer.byteLength(text) };
}

/**
 * Rows of the table whose caption starts with `caption`, header included: its aria-rowcount
 * when it draws only the rows in view, else the rows it has; 0 while there is no such table.
 */
export function tableRows(page: Page, caption: string): Promise<number> {
  return page.evaluate((start) => {
    const table = [...document.querySelectorAll('table')].find((t) =>
      t.caption?.textContent?.trim().startsWith(start),
    );
    if (!table) return 0;
    return Number(table.getAttribute('aria-rowcount') ?? table.rows.length);
  }, caption);
}
