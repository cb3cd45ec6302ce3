// The original Strain Seer's raw_data.json: a hand-written file in its shape
// opens with order, points, distances and scale length as written (statuses are
// recomputed, never trusted), what Strain Seer exports reads back the same, and
// hostile or broken entries are refused or kept harmless.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { imageStatus } from '../../../src/core';
import { rawDataCsv, rawDataJson } from '../../../src/io/exports';
import { parseOriginalRawData } from '../../../src/io/originalRawData';
import type { ImportResult } from '../../../src/io/projectFormat';
import { documentOf, markedImage } from './fixtures';

const original = readFileSync(
  fileURLToPath(new URL('../../fixtures/original/raw_data.json', import.meta.url)),
  'utf8',
);

const ids = (i: number) => `id-${i}`;

function opened(result: ImportResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

function refused(result: ImportResult) {
  if (result.ok) throw new Error('expected the file to be refused');
  return result.problems;
}

interface Entry {
  id?: string;
  filename: unknown;
  order: unknown;
  points: unknown;
  deformation_distance?: unknown;
  status?: unknown;
}

const entry = (filename: string, order: number, extra: Partial<Entry> = {}): Entry => ({
  id: `key-${order}`,
  filename,
  order,
  points: [
    ...[0, 1, 2, 3, 4].map((k) => ({ point: [10 * k, 5 * k], label: 'Fiducial', label_id: 0 })),
    { point: [100, 0], label: 'Scale', label_id: 1 },
    { point: [100, 50], label: 'Scale', label_id: 1 },
  ],
  deformation_distance: order,
  status: [true, 'Complete'],
  ...extra,
});

const fileOf = (entries: Record<string, Entry>, scale: unknown = 10) =>
  JSON.stringify({ files_data: entries, scale_length: scale });

describe("the original's raw_data.json", () => {
  it('opens in the order of `order`, with points by label, distances and the scale length', () => {
    const { document, notes } = opened(parseOriginalRawData(original, { newId: ids }));
    expect(notes).toEqual([]);
    expect(document.images.map((image) => image.name)).toEqual([
      'deformation-00mm-force.png',
      'deformation-15mm-force.png',
      'deformation-30mm-force.png',
    ]);
    expect(document.images.map((image) => image.pressTravel)).toEqual([0, 15, 30]);
    expect(document.images.map((image) => image.id)).toEqual(['id-0', 'id-1', 'id-2']);
    expect(document.images[0]?.fiducials).toEqual([
      [346.6, 385.4],
      [600.2, 389.8],
      [591.8, 917.0],
      [319.5, 917.2],
      [463.1, 639.1],
    ]);
    expect(document.images[2]?.scalePoints).toEqual([
      [712, 123.2],
      [712, 624.0],
    ]);
    expect(document.scaleLength).toBe(40);
    // Sizes are unknown until the photos are added.
    expect(document.images.every((image) => image.width === 0 && image.height === 0)).toBe(true);
  });

  it('recomputes statuses from the points instead of trusting the file', () => {
    const file = JSON.parse(original);
    const stale = Object.values(file.files_data).map((e) => (e as Entry).status);
    expect(stale).not.toEqual(stale.map(() => [true, 'Complete']));
    const { document } = opened(parseOriginalRawData(original));
    expect(document.images.map((image) => imageStatus(image))).toEqual([
      'complete',
      'complete',
      'complete',
    ]);
  });

  it('opens the original’s points as hand-placed, at the default 0.5 px', () => {
    const { document } = opened(parseOriginalRawData(original));
    expect(document.handPlacedUncertainty).toBe(0.5);
    for (const image of document.images) {
      expect(image.fiducialUncertainty).toEqual([null, null, null, null, null]);
      expect(image.scaleUncertainty).toEqual([null, null]);
    }
  });

  it('reads back what Strain Seer exports as raw_data.json', () => {
    const images = [
      markedImage(0, 0),
      markedImage(1, 2.5),
      markedImage(2, null, 'no travel yet.png'),
      {
        ...markedImage(3, 5, 'not marked.png'),
        fiducials: Array(5).fill(null),
        scalePoints: [null, null],
      },
    ];
    const exported = rawDataJson(documentOf(images, 30));
    const { document } = opened(parseOriginalRawData(exported));
    expect(document.scaleLength).toBe(30);
    expect(
      document.images.map(({ name, fiducials, scalePoints, pressTravel }) => ({
        name,
        fiducials,
        scalePoints,
        pressTravel,
      })),
    ).toEqual(
      images.map(({ name, fiducials, scalePoints, pressTravel }) => ({
        name,
        fiducials,
        scalePoints,
        pressTravel,
      })),
    );
  });

  it('reads points labelled only by label_id, and keeps a missing distance empty', () => {
    const points = [0, 1, 2, 3, 4, 5, 6].map((k) => ({ point: [k, k], label_id: k < 5 ? 0 : 1 }));
    const text = fileOf({ a: entry('a.png', 0, { points, deformation_distance: null }) }, null);
    const { document } = opened(parseOriginalRawData(text));
    expect(document.images[0]?.fiducials[4]).toEqual([4, 4]);
    expect(document.images[0]?.scalePoints).toEqual([
      [5, 5],
      [6, 6],
    ]);
    expect(document.images[0]?.pressTravel).toBeNull();
    expect(document.scaleLength).toBeNull();
  });

  it('keeps the first 5 fiducials and 2 scale points of an over-marked image, and says so', () => {
    const points = [
      ...[0, 1, 2, 3, 4, 5].map((k) => ({ point: [k, 0], label: 'Fiducial' })),
      ...[0, 1, 2].map((k) => ({ point: [k, 9], label: 'Scale' })),
    ];
    const { document, notes } = opened(
      parseOriginalRawData(fileOf({ a: entry('a.png', 0, { points }) })),
    );
    expect(document.images[0]?.fiducials).toHaveLength(5);
    expect(document.images[0]?.fiducials[4]).toEqual([4, 0]);
    expect(document.images[0]?.scalePoints).toEqual([
      [0, 9],
      [1, 9],
    ]);
    expect(notes.join(' ')).toMatch(/“a.png” had 6 fiducial points/);
    expect(notes.join(' ')).toMatch(/“a.png” had 3 scale points/);
  });

  it('empties a negative distance or scale length with a note rather than refusing the file', () => {
    const text = fileOf({ a: entry('a.png', 0, { deformation_distance: -3 }) }, -1);
    const { document, notes } = opened(parseOriginalRawData(text));
    expect(document.images[0]?.pressTravel).toBeNull();
    expect(document.scaleLength).toBeNull();
    expect(notes).toHaveLength(2);
  });

  it('empties a distance or scale length no measurement can have, saying why', () => {
    const text = fileOf({ a: entry('a.png', 0, { deformation_distance: 1e300 }) }, 5e-324);
    const { document, notes } = opened(parseOriginalRawData(text));
    expect(document.images[0]?.pressTravel).toBeNull();
    expect(document.scaleLength).toBeNull();
    expect(notes).toEqual([
      expect.stringMatching(/^“a.png”: A press travel of 1e\+300 mm is over ten metres/),
      expect.stringMatching(
        /^The file's scale length: A scale length of 5e-324 mm is shorter than a micrometre/,
      ),
    ]);
  });

  it('refuses unknown labels, duplicate file names, bad orders and wrong types, saying where', () => {
    const badLabel = [{ point: [1, 2], label: 'Centre' }];
    expect(
      refused(parseOriginalRawData(fileOf({ a: entry('a.png', 0, { points: badLabel }) })))[0]
        ?.message,
    ).toMatch(/Image entry “a” \(“a.png”\), point 1, label: is neither "Fiducial" nor "Scale"/);
    const twins = fileOf({ a: entry('same.png', 0), b: entry('same.png', 1) });
    expect(refused(parseOriginalRawData(twins))[0]?.message).toMatch(/matched by file name/);
    const badOrder = fileOf({ a: entry('a.png', 0, { order: 'first' }) });
    expect(refused(parseOriginalRawData(badOrder))[0]?.path).toBe('files_data.a.order');
    const nan = fileOf({ a: entry('a.png', 0, { deformation_distance: 'NaN' }) });
    expect(refused(parseOriginalRawData(nan))[0]?.message).toMatch(
      /deformation distance: must be a number/,
    );
    const badPoint = fileOf({ a: entry('a.png', 0, { points: [{ point: [1], label: 'Scale' }] }) });
    expect(refused(parseOriginalRawData(badPoint))[0]?.message).toMatch(
      /position: must be a position \[x, y\]/,
    );
  });

  it('refuses files without images, or that are not raw_data.json at all', () => {
    expect(refused(parseOriginalRawData(fileOf({})))[0]?.message).toMatch(/holds no images/);
    expect(refused(parseOriginalRawData('{"files": {}}'))[0]?.message).toMatch(/no "files_data"/);
    expect(refused(parseOriginalRawData('{"files_data": []}'))[0]?.path).toBe('files_data');
    expect(refused(parseOriginalRawData('not json'))[0]?.message).toMatch(/not valid JSON/);
  });

  it('treats a "__proto__" entry as data and pollutes nothing', () => {
    const text = `{"files_data": {"__proto__": ${JSON.stringify(entry('proto.png', 0))}, "b": ${JSON.stringify(entry('b.png', 1))}}, "scale_length": 10}`;
    const { document } = opened(parseOriginalRawData(text));
    expect(document.images.map((image) => image.name)).toEqual(['proto.png', 'b.png']);
    expect(({} as Record<string, unknown>).filename).toBeUndefined();
  });
});

describe('hostile file names', () => {
  const hostile = [
    '=HYPERLINK("http://evil.example","click").png',
    '+cmd|calc.png',
    '-2+3.png',
    '@SUM(A1).png',
    '<img src=x onerror=alert(1)>.png',
  ];

  it('keeps them as plain text, and the CSV export neutralises the formula ones', () => {
    const entries = Object.fromEntries(hostile.map((name, i) => [`k${i}`, entry(name, i)]));
    const { document } = opened(parseOriginalRawData(fileOf(entries)));
    expect(document.images.map((image) => image.name)).toEqual(hostile);
    const csv = rawDataCsv(document, null);
    const rows = Papa.parse<string[]>(csv, { skipEmptyLines: true }).data.slice(1);
    expect(rows.map((row) => row[0])).toEqual([
      `'${hostile[0]}`,
      `'${hostile[1]}`,
      `'${hostile[2]}`,
      `'${hostile[3]}`,
      hostile[4],
    ]);
    // Numbers stay plain numbers.
    expect(rows.map((row) => row[1])).toEqual(['0', '1', '2', '3', '4']);
  });
});
