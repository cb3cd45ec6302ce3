// Reads untrusted JSON text: a size cap before parsing, then a walk that refuses
// deep nesting and enormous arrays before any schema looks at the content.
import { LIMITS, fail } from './projectFormat';
import type { FileProblem } from './projectFormat';

export type JsonReading = { ok: true; value: unknown } | { ok: false; problems: FileProblem[] };

interface Frame {
  value: unknown;
  depth: number;
  parent: Frame | null;
  key: string | number;
}

/** `files_data["a"].points[3]` for a frame, built only when a problem needs it. */
export function pathOf(frame: Frame | null): string {
  const parts: string[] = [];
  for (let f = frame; f?.parent; f = f.parent) {
    parts.push(
      typeof f.key === 'number'
        ? `[${f.key}]`
        : /^[A-Za-z_$][\w$]*$/.test(f.key)
          ? `.${f.key}`
          : `[${JSON.stringify(f.key)}]`,
    );
  }
  return parts.reverse().join('').replace(/^\./, '');
}

/** Refuses nesting deeper than LIMITS.depth and arrays or objects larger than LIMITS.arrayLength. */
export function checkJsonLimits(root: unknown): FileProblem[] {
  const stack: Frame[] = [{ value: root, depth: 0, parent: null, key: '' }];
  while (stack.length > 0) {
    const frame = stack.pop() as Frame;
    const { value, depth } = frame;
    if (value === null || typeof value !== 'object') continue;
    if (depth > LIMITS.depth) {
      return [
        {
          path: pathOf(frame),
          message: `The file nests lists and objects more than ${LIMITS.depth} levels deep, which no Strain Seer file does.`,
        },
      ];
    }
    const size = Array.isArray(value) ? value.length : Object.keys(value).length;
    if (size > LIMITS.arrayLength) {
      return [
        {
          path: pathOf(frame),
          message: `This ${Array.isArray(value) ? 'list' : 'object'} has ${size} entries; at most ${LIMITS.arrayLength} are allowed.`,
        },
      ];
    }
    const entries: [string | number, unknown][] = Array.isArray(value)
      ? value.map((item, i): [number, unknown] => [i, item])
      : Object.entries(value);
    for (const [key, child] of entries) {
      if (child !== null && typeof child === 'object') {
        stack.push({ value: child, depth: depth + 1, parent: frame, key });
      }
    }
  }
  return [];
}

/** Parses JSON text within the limits; never throws. */
export function readJsonText(text: string): JsonReading {
  if (text.length > LIMITS.jsonBytes) {
    return fail(
      `The file is ${(text.length / 1024 / 1024).toFixed(0)} MB; a project file is at most ${LIMITS.jsonBytes / 1024 / 1024} MB.`,
    );
  }
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trim() === '') return fail('The file is empty.');
  let containers = 0;
  for (let i = 0; i < trimmed.length; i++) {
    const c = trimmed.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) containers++;
  }
  if (containers > LIMITS.containers) {
    return fail(
      `The file holds over ${LIMITS.containers.toLocaleString('en')} lists and objects, far more than any Strain Seer file, so it was not read.`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    const detail = error instanceof Error ? ` (${error.message})` : '';
    return fail(`The file is not valid JSON${detail}. It may be damaged or not a project file.`);
  }
  const problems = checkJsonLimits(value);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value };
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
