// Opens the original Strain Seer's raw_data.json: points by label in marker
// order, sequence order from `order`, distances and the scale length. Statuses
// in the file are ignored (recomputed from the points); sizes stay 0 until the
// photos are added and matched by file name.
import * as v from 'valibot';
import {
  FIDUCIAL_COUNT,
  HAND_PLACED_UNCERTAINTY_PX,
  SCALE_POINT_COUNT,
  naturalCompare,
} from '../core/index';
import type { Vec2 } from '../core/index';
import type { ProjectImage } from '../model/document';
import { scaleLengthProblem, travelProblem } from '../model/limits';
import {
  coordinateSchema,
  handPlacedUncertaintySchema,
  idSchema,
  locatedUncertaintySchema,
  nameSchema,
} from '../model/schema';
import { capProblems, problemAt, problemsFromIssues, quoted } from './fileProblems';
import { isPlainObject, readJsonText } from './jsonText';
import { LIMITS, fail } from './projectFormat';
import type { FileProblem, ImportResult } from './projectFormat';

const originalPointSchema = v.object(
  {
    point: v.pipe(
      v.array(v.unknown(), 'must be a position [x, y]'),
      v.length(2, 'must be a position [x, y]: exactly two numbers'),
      v.array(coordinateSchema),
    ),
    label: v.optional(v.string('must be "Fiducial" or "Scale"')),
    label_id: v.optional(v.number('must be 0 (fiducial) or 1 (scale)')),
    // Strain Seer's own raw_data.json adds each point's standard uncertainty (px; null for a
    // hand-placed point); the original's has none, and its points count as hand-placed.
    uncertainty_px: v.nullish(locatedUncertaintySchema),
  },
  'must be a point such as {"point": [10, 20], "label": "Fiducial", "label_id": 0}',
);

const originalEntrySchema = v.object(
  {
    id: v.optional(idSchema),
    filename: nameSchema,
    order: v.pipe(
      v.number('must be the image’s place in the sequence, from 0'),
      v.integer('must be a whole number'),
      v.minValue(0, 'cannot be negative'),
      v.maxValue(1e9, 'is too large'),
    ),
    points: v.pipe(
      v.array(v.unknown(), 'must be a list of points'),
      v.maxLength(LIMITS.originalPoints, `must hold at most ${LIMITS.originalPoints} points`),
      v.array(originalPointSchema),
    ),
    deformation_distance: v.nullish(
      v.pipe(
        v.number('must be a number of millimetres, or null'),
        v.finite('must be a finite number of millimetres'),
      ),
    ),
    // Recomputed from the points; never trusted, so any value is accepted.
    status: v.optional(v.unknown()),
  },
  'must be an object describing one image',
);

const originalFileSchema = v.object(
  {
    files_data: v.record(v.string(), v.unknown(), 'must be an object of images keyed by id'),
    scale_length: v.nullish(
      v.pipe(
        v.number('must be a number of millimetres, or null'),
        v.finite('must be a finite number of millimetres'),
      ),
    ),
    // Strain Seer's own export adds it; the original's has none (the default applies).
    hand_placed_uncertainty_px: v.nullish(handPlacedUncertaintySchema),
  },
  'must be an object with "files_data" and "scale_length"',
);

type OriginalEntry = v.InferOutput<typeof originalEntrySchema>;

export interface OriginalImportOptions {
  /** Ids for the imported images (they get the photos' ids once matched). */
  newId?: (index: number) => string;
}

let importCount = 0;
function defaultId(index: number): string {
  importCount++;
  return `raw-${importCount}-${index}-${Math.random().toString(36).slice(2, 10)}`;
}

function kindOf(point: OriginalEntry['points'][number]): 'fiducial' | 'scale' | null {
  const label = point.label?.trim().toLowerCase();
  if (label === 'fiducial') return 'fiducial';
  if (label === 'scale') return 'scale';
  if (label === undefined || label === '') {
    if (point.label_id === 0) return 'fiducial';
    if (point.label_id === 1) return 'scale';
  }
  return null;
}

function imageOf(
  entry: OriginalEntry,
  key: string,
  root: unknown,
  id: string,
  notes: string[],
  problems: FileProblem[],
): ProjectImage {
  const fiducials: Vec2[] = [];
  const scale: Vec2[] = [];
  const fiducialUncertainty: (number | null)[] = [];
  const scaleUncertainty: (number | null)[] = [];
  entry.points.forEach((p, i) => {
    const kind = kindOf(p);
    const position: Vec2 = [p.point[0] as number, p.point[1] as number];
    const uncertainty = p.uncertainty_px ?? null;
    if (kind === 'fiducial') {
      fiducials.push(position);
      fiducialUncertainty.push(uncertainty);
    } else if (kind === 'scale') {
      scale.push(position);
      scaleUncertainty.push(uncertainty);
    } else {
      problems.push(
        problemAt(
          ['files_data', key, 'points', i, 'label'],
          root,
          'is neither "Fiducial" nor "Scale" (label_id 0 or 1).',
        ),
      );
    }
  });
  const name = quoted(entry.filename);
  if (fiducials.length > FIDUCIAL_COUNT) {
    notes.push(
      `${name} had ${fiducials.length} fiducial points; Strain Seer uses ${FIDUCIAL_COUNT}, so the first ${FIDUCIAL_COUNT} were kept. Check them.`,
    );
  }
  if (scale.length > SCALE_POINT_COUNT) {
    notes.push(
      `${name} had ${scale.length} scale points; the first ${SCALE_POINT_COUNT} were kept. Check them.`,
    );
  }
  let travel = entry.deformation_distance ?? null;
  if (travel !== null && travel < 0) {
    notes.push(
      `${name} had a negative deformation distance (${travel} mm), which Strain Seer does not accept; enter it again.`,
    );
    travel = null;
  } else if (travel !== null && travelProblem(travel)) {
    notes.push(`${name}: ${travelProblem(travel)} It was left empty.`);
    travel = null;
  }
  return {
    id,
    name: entry.filename,
    width: 0,
    height: 0,
    fiducials: Array.from({ length: FIDUCIAL_COUNT }, (_, i) => fiducials[i] ?? null),
    scalePoints: Array.from({ length: SCALE_POINT_COUNT }, (_, i) => scale[i] ?? null),
    fiducialUncertainty: Array.from(
      { length: FIDUCIAL_COUNT },
      (_, i) => fiducialUncertainty[i] ?? null,
    ),
    scaleUncertainty: Array.from(
      { length: SCALE_POINT_COUNT },
      (_, i) => scaleUncertainty[i] ?? null,
    ),
    pressTravel: travel === 0 ? 0 : travel,
  };
}

/** A parsed JSON value that claims to be the original's raw_data.json. */
export function parseOriginalValue(
  value: unknown,
  options: OriginalImportOptions = {},
): ImportResult {
  if (!isPlainObject(value) || !('files_data' in value)) {
    return fail('This is not a raw_data.json from Strain Seer: it has no "files_data".');
  }
  const file = v.safeParse(originalFileSchema, value);
  if (!file.success) return { ok: false, problems: problemsFromIssues(file.issues, value) };
  // Object.entries sees every key as data, "__proto__" included; nothing is merged anywhere.
  const all = Object.entries(value.files_data as object);
  if (all.length === 0) return fail('This raw_data.json holds no images.', 'files_data');
  if (all.length > LIMITS.images) {
    return fail(
      `This raw_data.json holds ${all.length} images; Strain Seer opens at most ${LIMITS.images}.`,
      'files_data',
    );
  }
  const problems: FileProblem[] = [];
  const entries: { key: string; entry: OriginalEntry }[] = [];
  for (const [key, raw] of all) {
    const parsed = v.safeParse(originalEntrySchema, raw);
    if (parsed.success) entries.push({ key, entry: parsed.output });
    else problems.push(...problemsFromIssues(parsed.issues, value, ['files_data', key]));
    if (problems.length > LIMITS.problems) break;
  }
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };

  // The file's order; ties (which the original never wrote) fall back to natural file-name order.
  entries.sort(
    (a, b) => a.entry.order - b.entry.order || naturalCompare(a.entry.filename, b.entry.filename),
  );
  const seen = new Map<string, string>();
  for (const { key, entry } of entries) {
    const other = seen.get(entry.filename);
    if (other !== undefined) {
      problems.push(
        problemAt(
          ['files_data', key, 'filename'],
          value,
          `is the same as another image's (entry ${quoted(other)}); photos are matched by file name, so each needs its own.`,
        ),
      );
    } else seen.set(entry.filename, key);
  }
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };

  const notes: string[] = [];
  const newId = options.newId ?? defaultId;
  const images = entries.map(({ key, entry }, i) =>
    imageOf(entry, key, value, newId(i), notes, problems),
  );
  if (problems.length > 0) return { ok: false, problems: capProblems(problems) };

  const length = file.output.scale_length ?? null;
  let scaleLength: number | null = length;
  if (length !== null && !(length > 0)) {
    notes.push(
      `The scale length in the file (${length} mm) is not a positive number; enter it again.`,
    );
    scaleLength = null;
  } else if (length !== null && scaleLengthProblem(length)) {
    notes.push(`The file's scale length: ${scaleLengthProblem(length)} It was left empty.`);
    scaleLength = null;
  }
  return {
    ok: true,
    // The original had neither setting: the app's defaults (small strain, first image as reference).
    document: {
      images,
      scaleLength,
      strainMeasure: 'small',
      reference: { kind: 'total', imageId: null },
      handPlacedUncertainty: file.output.hand_placed_uncertainty_px ?? HAND_PLACED_UNCERTAINTY_PX,
    },
    notes,
  };
}

/** Reads the original's raw_data.json text; never throws. */
export function parseOriginalRawData(
  text: string,
  options: OriginalImportOptions = {},
): ImportResult {
  try {
    const json = readJsonText(text);
    if (!json.ok) return json;
    return parseOriginalValue(json.value, options);
  } catch (error) {
    return fail(
      `The raw_data.json could not be read (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
}
