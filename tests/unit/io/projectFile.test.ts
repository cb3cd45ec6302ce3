// The project file: every version's fixture opens, migrates and round-trips to the
// identical document; any document the app can hold saves and reopens unchanged;
// and files that are wrong in any way are refused with a problem that says where.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { STRAIN_MEASURES } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { migrate, parseProjectFile, serializeProject, toFileV1 } from '../../../src/io/projectFile';
import { CURRENT_VERSION, LIMITS } from '../../../src/io/projectFormat';
import type { ImportResult } from '../../../src/io/projectFormat';
import type { ProjectDocument as SavedDocument } from '../../../src/model/document';
import { fileV0Schema, fileV1Schema } from '../../../src/io/projectSchema';

const dir = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url));
const fixtureNames = readdirSync(dir).filter((name) => name.endsWith('.strainseer.json'));
const fixture = (name: string) => readFileSync(dir + name, 'utf8');

function opened(result: ImportResult) {
  if (!result.ok) throw new Error(JSON.stringify(result.problems, null, 2));
  return result;
}

function problemsOf(text: string) {
  const result = parseProjectFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  expect(result.problems.length).toBeGreaterThan(0);
  for (const problem of result.problems) expect(problem.message.length).toBeGreaterThan(10);
  return result.problems;
}

const demo = () => JSON.parse(fixture('v1-press-demo.strainseer.json'));

/**
 * A current-version file as this version writes it back: a file from before point
 * uncertainties gains them, all null (hand-placed), and the default hand-placed 0.5 px.
 */
function withUncertaintyFields(file: {
  project: { images: Record<string, unknown>[]; handPlacedUncertainty?: number };
}) {
  const copy = structuredClone(file);
  copy.project.handPlacedUncertainty ??= 0.5;
  for (const image of copy.project.images) {
    image.fiducialUncertainty ??= [null, null, null, null, null];
    image.scaleUncertainty ??= [null, null];
  }
  return copy;
}
const withProject = (change: (file: ReturnType<typeof demo>) => void) => {
  const file = demo();
  change(file);
  return JSON.stringify(file);
};

describe('fixtures of every version', () => {
  it('has a fixture of every version up to the current one', () => {
    const versions = new Set(fixtureNames.map((name) => Number(/^v(\d+)-/.exec(name)?.[1])));
    for (let version = 0; version <= CURRENT_VERSION; version++) {
      expect(versions.has(version), `a fixture of version ${version}`).toBe(true);
    }
  });

  it.each(fixtureNames)('%s opens, saves and reopens as the identical document', (name) => {
    const first = opened(parseProjectFile(fixture(name))).document;
    const again = opened(parseProjectFile(serializeProject(first))).document;
    expect(again).toEqual(first);
    // And saving once more writes the same text (apart from when it was saved).
    const savedAt = new Date('2025-01-01T00:00:00.000Z');
    expect(serializeProject(again, { savedAt })).toBe(serializeProject(first, { savedAt }));
  });

  it.each(fixtureNames.filter((name) => name.startsWith(`v${CURRENT_VERSION}-`)))(
    '%s (current version) saves back to exactly the file it was read from',
    (name) => {
      const text = fixture(name);
      const file = JSON.parse(text);
      const doc = opened(parseProjectFile(text)).document;
      const saved = toFileV1(doc, {
        savedAt: new Date(file.savedAt),
        appVersion: file.app.version,
      });
      expect(saved).toEqual(withUncertaintyFields(file));
    },
  );

  it('reads each located point’s uncertainty and the hand-placed setting', () => {
    const { document } = opened(parseProjectFile(fixture('v1-located-points.strainseer.json')));
    expect(document.handPlacedUncertainty).toBe(0.8);
    expect(document.images.map((image) => image.fiducialUncertainty)).toEqual([
      [0.031, 0.028, 0.042, 0.035, 0.026],
      [0.05, null, 0.061, 0.047, 0.039],
      [null, null, null, null, null],
    ]);
    expect(document.images.map((image) => image.scaleUncertainty)).toEqual([
      [null, null],
      [null, null],
      [null, null],
    ]);
  });

  it('opens a file from before point uncertainties with every point hand-placed at 0.5 px', () => {
    const { document, notes } = opened(parseProjectFile(fixture('v1-press-demo.strainseer.json')));
    expect(notes).toEqual([]);
    expect(document.handPlacedUncertainty).toBe(0.5);
    for (const image of document.images) {
      expect(image.fiducialUncertainty).toEqual([null, null, null, null, null]);
      expect(image.scaleUncertainty).toEqual([null, null]);
    }
  });

  it('reads the demo project exactly as written', () => {
    const { document, notes } = opened(parseProjectFile(fixture('v1-press-demo.strainseer.json')));
    expect(notes).toEqual([]);
    expect(document.images.map((i) => [i.name, i.width, i.height, i.pressTravel])).toEqual([
      ['deformation-00mm-force.png', 1476, 1144, 0],
      ['deformation-15mm-force.png', 1192, 712, 15],
      ['deformation-30mm-force.png', 1176, 868, 30],
    ]);
    expect(document.images[2]?.fiducials[4]).toEqual([379.6, 656.3]);
    expect(document.images[1]?.scalePoints).toEqual([
      [720, 87.9],
      [720, 585.4],
    ]);
    expect(document.scaleLength).toBe(40);
    expect(document.strainMeasure).toBe('hencky');
    expect(document.reference).toEqual({ kind: 'total', imageId: document.images[0]?.id });
  });

  it('keeps names with formulas and HTML as plain text, and empty slots as null', () => {
    const { document } = opened(
      parseProjectFile(fixture('v1-partial-incremental.strainseer.json')),
    );
    expect(document.images[1]?.name).toBe('=SUM(A1:A2) <b>step</b> 1.png');
    expect(document.images[1]?.fiducials).toEqual([null, null, null, null, null]);
    expect(document.images[0]?.fiducials[2]).toBeNull();
    expect(document.images[0]?.scalePoints).toEqual([null, [600, 40]]);
    expect(document.scaleLength).toBeNull();
    expect(document.reference).toEqual({ kind: 'incremental' });
  });

  it('migrates version 0: listed points fill the slots in order, travel becomes press travel', () => {
    const text = fixture('v0-draft.strainseer.json');
    const result = opened(parseProjectFile(text));
    expect(result.notes.join(' ')).toMatch(/older format \(version 0\)/);
    const [a, b, c] = result.document.images;
    expect(a?.fiducials).toEqual([
      [100, 100],
      [300, 102],
      [298, 301],
      [101, 299],
      [200, 200],
    ]);
    expect(a?.scalePoints).toEqual([
      [700, 50],
      [700, 550],
    ]);
    expect(a?.pressTravel).toBe(0);
    // A scale point listed between fiducials still goes to the scale slots.
    expect(b?.fiducials).toEqual([[95.5, 110], [305.5, 111], [304, 290.25], null, null]);
    expect(b?.scalePoints).toEqual([[700, 50], null]);
    expect(c?.fiducials).toEqual([null, null, null, null, null]);
    expect(c?.pressTravel).toBeNull();
    expect(result.document.scaleLength).toBe(25.5);
    expect(result.document.strainMeasure).toBe('almansi');
    expect(result.document.reference).toEqual({ kind: 'total', imageId: null });
  });

  it('migrates a valid version 0 file into a valid current file', () => {
    const old = v.parse(fileV0Schema, JSON.parse(fixture('v0-draft.strainseer.json')));
    const current = migrate(old);
    expect(current.version).toBe(CURRENT_VERSION);
    expect(v.safeParse(fileV1Schema, current).success).toBe(true);
  });
});

// ---- any document the app can hold ----

const coordinate = fc.double({ min: -5000, max: 50000, noNaN: true });
// JSON has no -0; the file writes it as 0, the same number.
const point = fc.tuple(coordinate, coordinate).map((p): Vec2 => [p[0] + 0, p[1] + 0]);
const slot = fc.option(point, { nil: null });
const uncertainty = fc.option(fc.double({ min: 0, max: 1e4, noNaN: true }), { nil: null });
const imageArb = fc.record({
  id: fc.uuid(),
  name: fc.string({ minLength: 1, maxLength: 40 }),
  size: fc.option(
    fc.tuple(fc.integer({ min: 1, max: 20000 }), fc.integer({ min: 1, max: 20000 })),
    {
      nil: null,
    },
  ),
  fiducials: fc.array(slot, { minLength: 5, maxLength: 5 }),
  scalePoints: fc.array(slot, { minLength: 2, maxLength: 2 }),
  fiducialUncertainty: fc.array(uncertainty, { minLength: 5, maxLength: 5 }),
  scaleUncertainty: fc.array(uncertainty, { minLength: 2, maxLength: 2 }),
  pressTravel: fc.option(
    fc.oneof(fc.constant(0), fc.double({ min: 1e-6, max: 1e4, noNaN: true })),
    { nil: null },
  ),
});
const documentArb = fc
  .record({
    images: fc.uniqueArray(imageArb, { maxLength: 8, selector: (i) => i.name }),
    scaleLength: fc.option(fc.double({ min: 1e-3, max: 1e4, noNaN: true }), { nil: null }),
    strainMeasure: fc.constantFrom(...STRAIN_MEASURES),
    handPlacedUncertainty: fc.double({ min: 1e-6, max: 1e4, noNaN: true }),
    reference: fc.oneof(
      fc.constant({ kind: 'incremental' as const }),
      fc.nat(9).map((n) => ({ kind: 'total' as const, n })),
    ),
  })
  .map(
    ({ images, scaleLength, strainMeasure, handPlacedUncertainty, reference }): SavedDocument => {
      const unique = images.filter((image, i) => images.findIndex((o) => o.id === image.id) === i);
      // An empty slot has no uncertainty; JSON has no -0.
      const located = (points: (Vec2 | null)[], values: (number | null)[]) =>
        values.map((u, i) => (points[i] === null || u === null ? null : u + 0));
      return {
        handPlacedUncertainty,
        images: unique.map(({ size, ...image }) => ({
          ...image,
          fiducialUncertainty: located(image.fiducials, image.fiducialUncertainty),
          scaleUncertainty: located(image.scalePoints, image.scaleUncertainty),
          pressTravel: image.pressTravel === null ? null : image.pressTravel + 0,
          width: size?.[0] ?? 0,
          height: size?.[1] ?? 0,
        })),
        scaleLength,
        strainMeasure,
        reference:
          reference.kind === 'incremental'
            ? reference
            : { kind: 'total', imageId: unique[reference.n]?.id ?? null },
      };
    },
  );

describe('round trips of any document', () => {
  it('saves and reopens every document the app can hold, unchanged', () => {
    fc.assert(
      fc.property(documentArb, (doc) => {
        const back = parseProjectFile(serializeProject(doc));
        expect(back.ok && back.document).toEqual(doc);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- what is refused, and how it is said ----

describe('files that are refused', () => {
  it('says a file that is not JSON is not valid JSON', () => {
    expect(problemsOf('this is { not json')[0]?.message).toMatch(/not valid JSON/);
    expect(problemsOf('')[0]?.message).toMatch(/empty/);
  });

  it('names an unknown newer version and says to update', () => {
    const [problem] = problemsOf(withProject((f) => (f.version = 7)));
    expect(problem?.path).toBe('version');
    expect(problem?.message).toMatch(/version 7/);
    expect(problem?.message).toMatch(/newer Strain Seer/);
    expect(problem?.message).toMatch(/Reload the page/);
  });

  it('refuses versions that never existed or are not whole numbers', () => {
    expect(problemsOf(withProject((f) => (f.version = -1)))[0]?.message).toMatch(/version -1/);
    expect(problemsOf(withProject((f) => (f.version = '1')))[0]?.message).toMatch(
      /no valid format version/,
    );
    expect(problemsOf(withProject((f) => (f.version = 1.5)))[0]?.message).toMatch(/whole number/);
  });

  it('refuses JSON that is not a project', () => {
    expect(problemsOf('[1, 2, 3]')[0]?.message).toMatch(/not a Strain Seer project file/);
    expect(problemsOf('{"format": "other"}')[0]?.message).toMatch(/not a Strain Seer project file/);
  });

  it('points at the field at fault, in words and as a path', () => {
    const [problem] = problemsOf(withProject((f) => (f.project.images[1].pressTravel = -2)));
    expect(problem?.path).toBe('project.images[1].pressTravel');
    expect(problem?.message).toBe(
      'Image 2 (“deformation-15mm-force.png”), press travel: cannot be negative; enter 0 or more.',
    );
    const [coordinate] = problemsOf(
      withProject((f) => (f.project.images[0].fiducials[3][1] = 'x')),
    );
    expect(coordinate?.path).toBe('project.images[0].fiducials[3][1]');
    expect(coordinate?.message).toMatch(
      /^Image 1 \(“deformation-00mm-force.png”\), fiducial 3, y: must be a number/,
    );
  });

  it('refuses wrong types, missing fields and unknown fields', () => {
    expect(problemsOf(withProject((f) => (f.project.scaleLength = '40')))[0]?.message).toMatch(
      /scale length: must be a number/,
    );
    expect(problemsOf(withProject((f) => delete f.project.images[0].name))[0]?.message).toMatch(
      /file name: is missing/,
    );
    expect(
      problemsOf(withProject((f) => (f.project.images[0].colour = 'red')))[0]?.message,
    ).toMatch(/“colour”: is not a field Strain Seer knows/);
    expect(problemsOf(withProject((f) => (f.project.strainMeasure = 'huge')))[0]?.message).toMatch(
      /strain measure: must be one of "small"/,
    );
    expect(problemsOf(withProject((f) => (f.project.reference = { kind: 'x' })))[0]?.path).toBe(
      'project.reference.kind',
    );
    expect(problemsOf(withProject((f) => (f.savedAt = 'yesterday')))[0]?.path).toBe('savedAt');
  });

  it('refuses NaN and Infinity however they are written', () => {
    expect(problemsOf(withProject((f) => (f.project.scaleLength = 'NaN')))[0]?.path).toBe(
      'project.scaleLength',
    );
    expect(
      problemsOf(withProject((f) => (f.project.images[0].pressTravel = 'Infinity'))).length,
    ).toBe(1);
    // JSON.parse reads 1e999 as Infinity.
    const infinite = fixture('v1-press-demo.strainseer.json').replace(
      '"scaleLength": 40',
      '"scaleLength": 1e999',
    );
    expect(problemsOf(infinite)[0]?.message).toMatch(/finite/);
    const far = withProject((f) => (f.project.images[0].fiducials[0][0] = 1e300));
    expect(problemsOf(far)[0]?.message).toMatch(/at most 10000000 pixels/);
  });

  it('refuses a scale length or a travel no measurement can have, saying what it may be', () => {
    for (const length of [5e-324, 1.7e308]) {
      const [problem] = problemsOf(withProject((f) => (f.project.scaleLength = length)));
      expect(problem?.message).toBe('scale length: must be from 0.001 to 10000 mm.');
    }
    for (const travel of [5e-324, 1e300]) {
      const [problem] = problemsOf(withProject((f) => (f.project.images[1].pressTravel = travel)));
      expect(problem?.message).toBe(
        'Image 2 (“deformation-15mm-force.png”), press travel: must be 0, or from 0.000001 to 10000 mm.',
      );
    }
  });

  it('refuses point uncertainties that are negative, of the wrong count, or a setting of 0', () => {
    const [negative] = problemsOf(
      withProject((f) => (f.project.images[0].fiducialUncertainty = [0.1, -0.2, 0, 0, 0])),
    );
    expect(negative?.path).toBe('project.images[0].fiducialUncertainty[1]');
    expect(negative?.message).toMatch(/fiducial uncertainties.*cannot be negative/);
    const [short] = problemsOf(withProject((f) => (f.project.images[1].scaleUncertainty = [null])));
    expect(short?.message).toMatch(/must hold exactly 2 scale point uncertainties/);
    const [zero] = problemsOf(withProject((f) => (f.project.handPlacedUncertainty = 0)));
    expect(zero?.path).toBe('project.handPlacedUncertainty');
    expect(zero?.message).toMatch(/hand-placed point uncertainty: must be greater than 0 pixels/);
  });

  it('refuses slot lists of the wrong length, with one message', () => {
    const problems = problemsOf(withProject((f) => f.project.images[0].fiducials.pop()));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/must hold exactly 5 fiducial slots/);
  });

  it('refuses enormous lists before looking at their items', () => {
    const many = withProject((f) => {
      f.project.images = Array.from({ length: LIMITS.images + 1 }, () => 'x');
    });
    const problems = problemsOf(many);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/5001 entries; at most 5000/);
    const huge = `{"format":"strain-seer-project","version":1,"junk":[${'0,'.repeat(2_000_000)}0]}`;
    const start = performance.now();
    expect(problemsOf(huge)[0]?.message).toMatch(/at most 5000/);
    expect(performance.now() - start).toBeLessThan(2000);
  });

  it('refuses deep nesting and oversized text', () => {
    const deep = `{"format":"strain-seer-project","version":1,"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
    expect(problemsOf(deep)[0]?.message).toMatch(/more than 32 levels deep/);
    const big = ' '.repeat(LIMITS.jsonBytes + 1);
    expect(problemsOf(big)[0]?.message).toMatch(/at most 16 MB/);
    // Millions of tiny lists are refused before the parser builds them.
    const swarm = `[${'[],'.repeat(LIMITS.containers)}[]]`;
    const start = performance.now();
    expect(problemsOf(swarm)[0]?.message).toMatch(/over 500,000 lists and objects/);
    expect(performance.now() - start).toBeLessThan(1000);
  });

  it('lists many problems as a short list', () => {
    const broken = withProject((f) => {
      f.project.images = Array.from({ length: 100 }, () => ({}));
    });
    const problems = problemsOf(broken);
    expect(problems.length).toBe(LIMITS.problems);
    expect(problems.at(-1)?.message).toMatch(/more problems like these/);
  });

  it('refuses duplicate ids and names, and a reference to no image', () => {
    const sameId = withProject((f) => (f.project.images[1].id = f.project.images[0].id));
    expect(problemsOf(sameId)[0]?.message).toMatch(/Image 2 .*id: is the same as image 1's/);
    const sameName = withProject((f) => (f.project.images[2].name = f.project.images[0].name));
    expect(problemsOf(sameName)[0]?.message).toMatch(/matched by file name/);
    const dangling = withProject((f) => (f.project.reference.imageId = 'nobody'));
    expect(problemsOf(dangling)[0]?.path).toBe('project.reference.imageId');
    const halfSize = withProject((f) => (f.project.images[0].width = 0));
    expect(problemsOf(halfSize)[0]?.message).toMatch(/not both/);
  });

  it('refuses __proto__ keys and pollutes nothing', () => {
    const text = fixture('v1-press-demo.strainseer.json').replace(
      '"scaleLength": 40',
      '"__proto__": {"polluted": true}, "scaleLength": 40',
    );
    const problems = problemsOf(text);
    expect(problems[0]?.path).toBe('project.__proto__');
    expect(problems[0]?.message).toMatch(/is not a field Strain Seer knows/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names any unknown key in words of its own, even one an object inherits', () => {
    for (const key of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      const text = fixture('v1-press-demo.strainseer.json').replace(
        '"scaleLength": 40',
        `${JSON.stringify(key)}: {"polluted": true}, "scaleLength": 40`,
      );
      const message = problemsOf(text)[0]?.message ?? '';
      expect(message).toBe(`“${key}”: is not a field Strain Seer knows; remove it.`);
      expect(message).not.toMatch(/\[object|function|native code/);
    }
  });

  it('caps string lengths', () => {
    const long = withProject((f) => (f.project.images[0].name = 'a'.repeat(LIMITS.nameLength + 1)));
    expect(problemsOf(long)[0]?.message).toMatch(/longer than 1024 characters/);
    const empty = withProject((f) => (f.project.images[0].id = ''));
    expect(problemsOf(empty)[0]?.message).toMatch(/must not be empty/);
  });
});
