// Fuzzing every importer with random JSON, random bytes, and valid files mutated in
// their fields, types and lengths: none may throw or hang, each answers with a
// document or with problems, and any document it accepts saves and reopens.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createBundle, readBundle } from '../../../src/io/bundle';
import { openProjectFile } from '../../../src/io/openFile';
import { parseOriginalRawData } from '../../../src/io/originalRawData';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import type { ProjectDocument as SavedDocument } from '../../../src/model/document';

/** Per case: generous for a slow CI machine, tiny next to a hang. */
const CASE_MS = 2000;
/** Per property of a few hundred cases, on two busy cores. */
const PROPERTY_MS = 120_000;

const fixture = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/${path}`, import.meta.url)), 'utf8');

const validFiles = [
  fixture('projects/v0-draft.strainseer.json'),
  fixture('projects/v1-press-demo.strainseer.json'),
  fixture('projects/v1-partial-incremental.strainseer.json'),
  fixture('original/raw_data.json'),
];

type Answer =
  | { ok: true; document: SavedDocument }
  | { ok: false; problems: { path: string; message: string }[] };

const tally = { accepted: 0, refused: 0 };

/** The contract every importer keeps, whatever it was given. */
function expectAnswer(answer: Answer) {
  expect(typeof answer.ok).toBe('boolean');
  tally[answer.ok ? 'accepted' : 'refused']++;
  if (answer.ok) {
    // Whatever an importer accepts is a document the app can save and reopen as it is.
    const again = parseProjectFile(serializeProject(answer.document));
    expect(again.ok && again.document).toEqual(answer.document);
  } else {
    expect(answer.problems.length).toBeGreaterThan(0);
    for (const problem of answer.problems) {
      expect(typeof problem.path).toBe('string');
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
}

async function timed<T>(run: () => T | Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await run();
  expect(performance.now() - start).toBeLessThan(CASE_MS);
  return result;
}

async function everyImporter(text: string) {
  const bytes = new TextEncoder().encode(text);
  expectAnswer(await timed(() => parseProjectFile(text)));
  expectAnswer(await timed(() => parseOriginalRawData(text)));
  expectAnswer(await timed(() => openProjectFile(bytes)));
}

// ---- mutations of valid files ----

type Path = (string | number)[];

function pathsOf(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  out.push(path);
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      pathsOf(child, [...path, Array.isArray(value) ? Number(key) : key], out);
    }
  }
  return out;
}

const SPECIAL = [
  'NaN',
  'Infinity',
  '-Infinity',
  '-0',
  '',
  '=cmd|calc',
  '<script>alert(1)</script>',
  '__proto__',
  '@INF@',
  '@NEGINF@',
];

const mutationArb = fc.record({
  at: fc.nat(),
  op: fc.constantFrom(
    'replace',
    'delete',
    'add-key',
    'special',
    'number',
    'huge-array',
    'long-string',
    'wrap',
    'nest',
    'duplicate',
  ),
  value: fc.jsonValue({ maxDepth: 3 }),
  key: fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'version'), fc.string()),
  special: fc.constantFrom(...SPECIAL),
  number: fc.constantFrom(-1, 0, 0.5, 1.5, 1e308, -1e308, 2 ** 53, 1e-320, 5000, 5001),
  count: fc.integer({ min: 2, max: 7000 }),
});

type Mutation = typeof mutationArb extends fc.Arbitrary<infer T> ? T : never;

function mutate(root: unknown, m: Mutation): unknown {
  const paths = pathsOf(root);
  const path = paths[m.at % paths.length] as Path;
  const replacement = (old: unknown): unknown => {
    switch (m.op) {
      case 'replace':
        return m.value;
      case 'special':
        return m.special;
      case 'number':
        return m.number;
      case 'huge-array':
        // Small items: the point is the length; thousands of copies of a whole project
        // would only exhaust the test's own memory before any importer runs.
        return Array.from({ length: m.count }, () =>
          old !== null && typeof old === 'object' ? {} : (old ?? 0),
        );
      case 'long-string':
        return 'x'.repeat(m.count);
      case 'wrap':
        return [old];
      case 'nest':
        return JSON.parse(`${'['.repeat(m.count % 60)}0${']'.repeat(m.count % 60)}`);
      default:
        return old;
    }
  };
  if (path.length === 0) return replacement(root);
  let parent = root as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else if (m.op === 'add-key') {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) {
      Object.defineProperty(target, m.key, {
        value: m.value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else parent[last] = m.value;
  } else if (m.op === 'duplicate' && Array.isArray(parent)) {
    parent.push(structuredClone(parent[Number(last)]));
  } else {
    parent[last] = replacement(parent[last]);
  }
  return root;
}

/** JSON text of a mutated value; markers become literals JSON.stringify cannot write. */
function textOf(value: unknown): string {
  return JSON.stringify(value).replaceAll('"@INF@"', '1e999').replaceAll('"@NEGINF@"', '-1e999');
}

describe('fuzzing the importers', () => {
  it(
    'answers random JSON values with a document or problems',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue(), async (value) => {
          await everyImporter(JSON.stringify(value));
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_MS,
  );

  it(
    'answers random text and random bytes, zip-looking or not',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.string({ maxLength: 500 }),
          fc.uint8Array({ maxLength: 2000 }),
          fc.boolean(),
          async (text, bytes, zipMagic) => {
            await everyImporter(text);
            const input = zipMagic ? new Uint8Array([0x50, 0x4b, 3, 4, ...bytes]) : bytes;
            expectAnswer(await timed(() => openProjectFile(input)));
            expectAnswer(await timed(() => readBundle(input)));
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_MS,
  );

  it(
    'answers valid files mutated in fields, types and lengths',
    async () => {
      tally.accepted = tally.refused = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.nat(validFiles.length - 1),
          fc.array(mutationArb, { minLength: 1, maxLength: 3 }),
          async (which, mutations) => {
            let value: unknown = JSON.parse(validFiles[which] as string);
            for (const m of mutations) value = mutate(value, m);
            await everyImporter(textOf(value));
          },
        ),
        { numRuns: 500 },
      );
      // The mutations reach both sides: some files stay valid, most are refused.
      expect(tally.accepted).toBeGreaterThan(20);
      expect(tally.refused).toBeGreaterThan(500);
    },
    PROPERTY_MS,
  );

  it(
    'answers damaged bundles: flipped, cut and spliced bytes',
    async () => {
      const project = parseProjectFile(validFiles[1] as string);
      if (!project.ok) throw new Error('fixture');
      const photos = new Map(
        project.document.images.map((image, i) => [image.name, new Uint8Array(300 + i).fill(i)]),
      );
      const created = await createBundle(project.document, photos);
      if (!created.ok) throw new Error('bundle');
      const good = new Uint8Array(await created.blob.arrayBuffer());
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), {
            maxLength: 8,
          }),
          fc.nat(good.length),
          fc.uint8Array({ maxLength: 64 }),
          async (flips, cut, splice) => {
            const bytes = good.slice();
            for (const [at, value] of flips) bytes[at] = value;
            const damaged = new Uint8Array([
              ...bytes.subarray(0, cut),
              ...splice,
              ...bytes.subarray(cut),
            ]);
            expectAnswer(await timed(() => readBundle(bytes)));
            expectAnswer(await timed(() => readBundle(damaged)));
            expectAnswer(await timed(() => readBundle(bytes.subarray(0, cut))));
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_MS,
  );
});
