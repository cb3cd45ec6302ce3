// Turns schema issues into problems a user can act on: where in the file, in words
// ("Image 3 (“step-2.png”), fiducial 1, y"), and what is wrong with it.
import type { BaseIssue } from 'valibot';
import { LIMITS } from './projectFormat';
import type { FileProblem } from './projectFormat';

type Key = string | number;

const WORDS: Readonly<Record<string, string>> = {
  id: 'id',
  name: 'file name',
  filename: 'file name',
  width: 'width',
  height: 'height',
  pressTravel: 'press travel',
  travel: 'press travel',
  deformation_distance: 'deformation distance',
  scaleLength: 'scale length',
  scale_length: 'scale length',
  strainMeasure: 'strain measure',
  reference: 'reference',
  imageId: 'reference image',
  savedAt: 'savedAt (when it was saved)',
  app: 'app',
  version: 'version',
  format: 'format',
  order: 'order',
  label: 'label',
  label_id: 'label_id',
  status: 'status',
  kind: 'kind',
  x: 'x',
  y: 'y',
  points: 'points',
  fiducials: 'fiducials',
  scalePoints: 'scale points',
  fiducialUncertainty: 'fiducial uncertainties',
  scaleUncertainty: 'scale point uncertainties',
  fiducialGrade: 'fiducial grades',
  scaleGrade: 'scale point grades',
  handPlacedUncertainty: 'hand-placed point uncertainty',
  confirmedChecks: 'confirmed marking checks',
  uncertainty_px: 'uncertainty (px)',
  hand_placed_uncertainty_px: 'hand-placed point uncertainty',
};

/**
 * A field's name in words. Only the table's own entries count: a key such as `__proto__` or
 * `constructor` reaches Object.prototype's members through plain indexing, and would read
 * as "[object Object]" or a function's source.
 */
function wordFor(key: string): string {
  return Object.hasOwn(WORDS, key) ? (WORDS[key] as string) : quoted(key);
}

function at(node: unknown, key: Key | undefined): unknown {
  if (key === undefined || node === null || typeof node !== 'object') return undefined;
  return Object.prototype.hasOwnProperty.call(node, key)
    ? (node as Record<string, unknown>)[key]
    : undefined;
}

/** A name from the file, safe to show inside a sentence: short, no control characters. */
export function quoted(value: unknown): string {
  const text = String(value)
    .replace(/\p{Cc}/gu, ' ')
    .trim();
  return `“${text.length > 60 ? `${text.slice(0, 57)}…` : text}”`;
}

function imageLabel(item: unknown, fallback: string): string {
  const name = at(item, 'name') ?? at(item, 'filename');
  return typeof name === 'string' && name !== '' ? `${fallback} (${quoted(name)})` : fallback;
}

/** `project.images[2].fiducials[0][1]`: the path as a programmer would write it. */
export function technicalPath(keys: readonly Key[]): string {
  return keys
    .map((key) =>
      typeof key === 'number'
        ? `[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `.${key}`
          : `[${JSON.stringify(key)}]`,
    )
    .join('')
    .replace(/^\./, '');
}

/** The same place in words, reading names from the file itself where it has them. */
export function describePath(keys: readonly Key[], root: unknown): string {
  const parts: string[] = [];
  let node = root;
  let inPoint = false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as Key;
    const next = keys[i + 1];
    const child = at(node, key);
    if ((key === 'images' || key === 'files_data') && next !== undefined) {
      const item = at(child, next);
      parts.push(
        key === 'images'
          ? imageLabel(item, `Image ${Number(next) + 1}`)
          : imageLabel(item, `Image entry ${quoted(next)}`),
      );
      node = item;
      i++;
      continue;
    }
    if ((key === 'fiducials' || key === 'scalePoints' || key === 'points') && next !== undefined) {
      const index = Number(next);
      parts.push(
        key === 'fiducials'
          ? `fiducial ${index}`
          : key === 'scalePoints'
            ? `scale point ${index + 1}`
            : `point ${index + 1}`,
      );
      node = at(child, next);
      inPoint = key !== 'points';
      i++;
      continue;
    }
    if (key === 'point') {
      parts.push('position');
      inPoint = true;
      node = child;
      continue;
    }
    if (inPoint && (key === 0 || key === 1)) {
      parts.push(key === 0 ? 'x' : 'y');
      node = child;
      continue;
    }
    if (key !== 'project') parts.push(typeof key === 'string' ? wordFor(key) : `item ${key + 1}`);
    node = child;
  }
  return parts.join(', ');
}

function issueText(issue: BaseIssue<unknown>): string {
  const objectIssue = issue.kind === 'schema' && /object$/.test(issue.type);
  if (objectIssue && issue.expected === 'never') {
    return 'is not a field Strain Seer knows; remove it';
  }
  if (objectIssue && issue.received === 'undefined') return 'is missing';
  return issue.message;
}

/** Keeps the first few problems and counts the rest, so a broken file reads as a short list. */
export function capProblems(problems: FileProblem[]): FileProblem[] {
  if (problems.length <= LIMITS.problems) return problems;
  const rest = problems.length - (LIMITS.problems - 1);
  return [
    ...problems.slice(0, LIMITS.problems - 1),
    { path: '', message: `…and ${rest} more problems like these.` },
  ];
}

/** One problem per schema issue, with paths relative to `root` after `prefix`. */
export function problemsFromIssues(
  issues: readonly BaseIssue<unknown>[],
  root: unknown,
  prefix: readonly Key[] = [],
): FileProblem[] {
  return capProblems(
    issues.map((issue) => {
      const keys = [...prefix, ...(issue.path ?? []).map((item) => item.key as Key)];
      const where = describePath(keys, root);
      const what = issueText(issue);
      return {
        path: technicalPath(keys),
        message: where ? `${where}: ${what}.` : `The file ${what}.`,
      };
    }),
  );
}

/** A problem about a place in the file, written like the schema's. */
export function problemAt(keys: readonly Key[], root: unknown, what: string): FileProblem {
  const where = describePath(keys, root);
  return { path: technicalPath(keys), message: where ? `${where}: ${what}` : what };
}
