// A photo left out of the trend fits is part of the project (project files, bundles,
// autosaves; older files open without it) and every export names it with the reason.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { analyseSequence } from '../../../src/core';
import { createBundle, readBundle } from '../../../src/io/bundle';
import {
  analysisResultsCsv,
  analysisResultsJson,
  rawDataCsv,
  rawDataJson,
} from '../../../src/io/exports';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import { parseSavedSession } from '../../../src/io/sessionFormat';
import { SESSION_SCHEMA } from '../../../src/io/sessionStore';
import type { ProjectDocument } from '../../../src/model/document';
import { demoDocument, demoPhotoBytes, documentOf, markedImage, requestOf } from './fixtures';

const REASON = 'specimen slipped in the grips, see lab book p. 12';
const images = [0, 2.5, 5, 7.5, 10].map((t, i) => markedImage(i, t));
images[3] = { ...images[3]!, leftOut: { reason: REASON } };

function withLeftOut(doc: ProjectDocument): ProjectDocument {
  const [first, second, ...rest] = doc.images;
  return { ...doc, images: [first!, { ...second!, leftOut: { reason: REASON } }, ...rest] };
}

const csvRows = (text: string) =>
  Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;

describe('a photo left out of the fits, in the exports', () => {
  const analysis = analyseSequence(requestOf(images));
  const analysed = { analysis, imageIds: images.map((image) => image.id) };

  it('raw_data.csv marks it and gives the reason; the others are blank there', () => {
    const rows = csvRows(rawDataCsv(documentOf(images), analysed));
    expect(rows.map((row) => row['left_out_of_fits'])).toEqual(['', '', '', 'user', '']);
    expect(rows[3]?.['left_out_reason']).toBe(REASON);
    // Its strain is still written.
    expect(Number(rows[3]?.['strain_xx'])).toBeGreaterThan(0);
  });

  it('raw_data.json keeps the reason on the photo', () => {
    const files = Object.values(JSON.parse(rawDataJson(documentOf(images))).files_data) as {
      left_out_of_fits?: { reason: string };
    }[];
    expect(files.map((file) => file.left_out_of_fits?.reason ?? null)).toEqual([
      null,
      null,
      null,
      REASON,
      null,
    ]);
  });

  it('analysis_results.json/.csv give n and the photos each fit left out', () => {
    const json = JSON.parse(analysisResultsJson(analysis));
    expect(json.x_axis.n).toBe(4);
    expect(json.shear.left_out_of_fits).toEqual([
      { filename: 'step-3.png', source: 'user', reason: REASON },
    ]);
    const rows = csvRows(analysisResultsCsv(analysis));
    expect(rows.map((row) => row['n'])).toEqual(['4', '4', '4']);
    expect(rows[0]?.['left_out_of_fits']).toBe(`step-3.png (${REASON})`);
  });

  it('a photo the fits had to leave out is named as automatic', () => {
    const broken = images.map((image) => ({ ...image, leftOut: null }));
    broken[1] = {
      ...broken[1]!,
      scalePoints: [broken[1]!.scalePoints[0]!, broken[1]!.scalePoints[0]!],
    };
    const result = analyseSequence(requestOf(broken));
    const rows = csvRows(
      rawDataCsv(documentOf(broken), { analysis: result, imageIds: broken.map((i) => i.id) }),
    );
    expect(rows[1]?.['left_out_of_fits']).toBe('automatic');
    expect(rows[1]?.['left_out_reason']).toBe('its strain could not be computed');
  });
});

describe('a photo left out of the fits, in the project', () => {
  it('survives a project file round trip, and is absent when no photo is left out', () => {
    const opened = parseProjectFile(serializeProject(withLeftOut(demoDocument())));
    expect(opened.ok && opened.document.images.map((i) => i.leftOut ?? null)).toEqual([
      null,
      { reason: REASON },
      null,
    ]);
    expect(serializeProject(demoDocument())).not.toContain('leftOut');
  });

  it('survives a bundle round trip', async () => {
    const doc = withLeftOut(demoDocument());
    const created = await createBundle(doc, demoPhotoBytes(doc));
    if (!created.ok) throw new Error(JSON.stringify(created.problems));
    const read = await readBundle(new Uint8Array(await created.blob.arrayBuffer()));
    expect(read.ok && read.document.images[1]?.leftOut).toEqual({ reason: REASON });
  });

  it('survives an autosave, and a file with an empty reason is refused naming the field', () => {
    const session = parseSavedSession({
      schema: SESSION_SCHEMA,
      savedAt: 1,
      doc: withLeftOut(demoDocument()),
      selectedId: null,
    });
    expect(session?.doc.images[1]?.leftOut).toEqual({ reason: REASON });
    const file = JSON.parse(serializeProject(withLeftOut(demoDocument())));
    file.project.images[1].leftOut = { reason: '' };
    const opened = parseProjectFile(JSON.stringify(file));
    expect(opened.ok).toBe(false);
    if (!opened.ok) expect(opened.problems[0]?.path).toContain('leftOut');
  });
});
