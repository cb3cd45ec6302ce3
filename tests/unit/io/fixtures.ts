// A small marked press sequence for the export tests: a square specimen that
// widens along x and shortens along y with press travel, photographed by a
// camera that moves between shots, with marker placement jitter so the trend
// fits are not perfect.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ImageMarks, SequenceRequest, StrainMeasure, Vec2 } from '../../../src/core';
import type { ExportDocument, ExportImage } from '../../../src/io/exports';
import { parseProjectFile } from '../../../src/io/projectFile';
import type { ProjectDocument } from '../../../src/model/document';
import { markerSquare } from '../../support/markers';

const LAYOUT_MM = markerSquare(20);

/** The demo project (tests/fixtures/projects), as the app opens it. */
export function demoDocument(): ProjectDocument {
  const text = readFileSync(
    new URL('../../fixtures/projects/v1-press-demo.strainseer.json', import.meta.url),
    'utf8',
  );
  const opened = parseProjectFile(text);
  if (!opened.ok) throw new Error('the demo project does not open');
  return opened.document;
}

/** The demo photos' bytes by the names a document gives them, as a bundle packs them. */
export function demoPhotoBytes(doc: ProjectDocument): Map<string, Uint8Array> {
  const demoDir = fileURLToPath(new URL('../../fixtures/demo/', import.meta.url));
  return new Map(
    doc.images.map((image) => [image.name, new Uint8Array(readFileSync(demoDir + image.name))]),
  );
}

/** Deterministic sub-pixel jitter, different for every marker of every image. */
const jitter = (i: number, k: number, axis: number) =>
  0.4 * Math.sin(1.7 * i + 2.3 * k + 0.9 * axis);

export function markedImage(i: number, travel: number | null, name = `step-${i}.png`): ExportImage {
  const t = travel ?? 0;
  const pxPerMm = 10 + i;
  const offset: Vec2 = [300 + 7 * i, 200 - 3 * i];
  const toPx = (p: Vec2): Vec2 => [p[0] * pxPerMm + offset[0], p[1] * pxPerMm + offset[1]];
  return {
    id: `7f3c${i}e2a-1b4d-4c8e-9a1f-00000000000${i}`,
    name,
    fiducials: LAYOUT_MM.map(([x, y], k): Vec2 => {
      const [px, py] = toPx([x * (1 + 0.01 * t), y * (1 - 0.02 * t)]);
      return [px + jitter(i, k, 0), py + jitter(i, k, 1)];
    }),
    scalePoints: [toPx([-30, 40]), toPx([0, 40])],
    pressTravel: travel,
  };
}

export const SCALE_LENGTH = 30;

export function documentOf(
  images: ExportImage[],
  scaleLength: number | null = SCALE_LENGTH,
): ExportDocument {
  return { images, scaleLength };
}

/** What the project sends the worker for these (complete) images. */
export function requestOf(
  images: readonly ExportImage[],
  measure: StrainMeasure = 'small',
  referenceIndex = 0,
): SequenceRequest {
  const marks: ImageMarks[] = images.map((image) => ({
    name: image.name,
    fiducials: image.fiducials as Vec2[],
    scalePoints: image.scalePoints as [Vec2, Vec2],
    pressTravel: image.pressTravel,
    ...(image.leftOut ? { leftOut: image.leftOut } : {}),
  }));
  return {
    images: marks,
    scaleLength: SCALE_LENGTH,
    measure,
    reference: { kind: 'total', referenceIndex },
  };
}
