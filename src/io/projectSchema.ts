// Valibot schemas of every project file version. Each field is checked strictly:
// finite numbers in range, capped strings and lists, known words only, no extra keys.
// Lists are length-checked before their items, so a huge list costs one message.
import * as v from 'valibot';
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT, STRAIN_MEASURES } from '../core/index';
import { LIMITS, PROJECT_FORMAT } from './projectFormat';

/** A list checked for its length first, then item by item. */
function list<T extends v.GenericSchema>(
  item: T,
  what: string,
  { min = 0, max }: { min?: number; max: number },
) {
  return v.pipe(
    v.array(v.unknown(), `must be a list of ${what}`),
    v.check(
      (items) => items.length >= min && items.length <= max,
      min === max ? `must hold exactly ${max} ${what}` : `must hold at most ${max} ${what}`,
    ),
    v.array(item),
  );
}

function text(what: string, max: number) {
  return v.pipe(
    v.string(`must be text (${what})`),
    v.minLength(1, `must not be empty (${what})`),
    v.maxLength(max, `is longer than ${max} characters`),
  );
}

export const idSchema = text('an identifier', LIMITS.idLength);
export const nameSchema = text('a file name', LIMITS.nameLength);

export const coordinateSchema = v.pipe(
  v.number('must be a number of pixels'),
  v.finite('must be a finite number of pixels'),
  v.minValue(-LIMITS.coordinate, `must be at least -${LIMITS.coordinate} pixels`),
  v.maxValue(LIMITS.coordinate, `must be at most ${LIMITS.coordinate} pixels`),
);

export const pointSchema = v.pipe(
  v.array(v.unknown(), 'must be a point [x, y] or null'),
  v.length(2, 'must be a point [x, y]: exactly two numbers'),
  v.array(coordinateSchema),
);

/** A located point's standard uncertainty in pixels (0 or more), or null for a hand-placed one. */
const pointUncertaintySchema = v.nullable(
  v.pipe(
    v.number('must be a number of pixels, or null for a hand-placed point'),
    v.finite('must be a finite number of pixels'),
    v.minValue(0, 'cannot be negative'),
    v.maxValue(LIMITS.uncertainty, `must be at most ${LIMITS.uncertainty} pixels`),
  ),
);

/** The uncertainty given to every hand-placed point, px. */
export const handPlacedUncertaintySchema = v.pipe(
  v.number('must be a number of pixels'),
  v.finite('must be a finite number of pixels'),
  v.gtValue(0, 'must be greater than 0 pixels'),
  v.maxValue(LIMITS.uncertainty, `must be at most ${LIMITS.uncertainty} pixels`),
);

const edgeSchema = v.pipe(
  v.number('must be a number of pixels'),
  v.integer('must be a whole number of pixels'),
  v.minValue(0, 'cannot be negative'),
  v.maxValue(LIMITS.imageEdge, `must be at most ${LIMITS.imageEdge} pixels`),
);

export const travelSchema = v.nullable(
  v.pipe(
    v.number('must be a number of millimetres, or null when not entered'),
    v.finite('must be a finite number of millimetres'),
    v.minValue(0, 'cannot be negative; enter 0 or more'),
  ),
);

export const scaleLengthSchema = v.nullable(
  v.pipe(
    v.number('must be a number of millimetres, or null when not entered'),
    v.finite('must be a finite number of millimetres'),
    v.gtValue(0, 'must be greater than 0 mm'),
  ),
);

const measureSchema = v.picklist(
  STRAIN_MEASURES,
  `must be one of ${STRAIN_MEASURES.map((m) => `"${m}"`).join(', ')}`,
);

const savedAtSchema = v.pipe(
  v.string('must be a date and time as text'),
  v.maxLength(LIMITS.timestampLength, `is longer than ${LIMITS.timestampLength} characters`),
  v.isoTimestamp('must be a date and time such as 2025-01-31T12:00:00.000Z'),
);

const formatSchema = v.literal(PROJECT_FORMAT, `must be "${PROJECT_FORMAT}"`);

// ---- version 1 (current) ----

export const imageV1Schema = v.strictObject(
  {
    id: idSchema,
    name: nameSchema,
    width: edgeSchema,
    height: edgeSchema,
    fiducials: list(v.nullable(pointSchema), 'fiducial slots (null for an empty one)', {
      min: FIDUCIAL_COUNT,
      max: FIDUCIAL_COUNT,
    }),
    scalePoints: list(v.nullable(pointSchema), 'scale point slots (null for an empty one)', {
      min: SCALE_POINT_COUNT,
      max: SCALE_POINT_COUNT,
    }),
    // Optional: files written before point uncertainties were kept have none.
    fiducialUncertainty: v.optional(
      list(pointUncertaintySchema, 'fiducial uncertainties (null for a hand-placed point)', {
        min: FIDUCIAL_COUNT,
        max: FIDUCIAL_COUNT,
      }),
    ),
    scaleUncertainty: v.optional(
      list(pointUncertaintySchema, 'scale point uncertainties (null for a hand-placed point)', {
        min: SCALE_POINT_COUNT,
        max: SCALE_POINT_COUNT,
      }),
    ),
    pressTravel: travelSchema,
    // Optional: only images with a marking check kept as marked have it.
    confirmedChecks: v.optional(
      list(text('a marking check', LIMITS.checkKeyLength), 'confirmed marking checks', {
        max: LIMITS.confirmedChecks,
      }),
    ),
  },
  'must be an object describing one image',
);

const referenceSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('total'),
      imageId: v.nullable(idSchema),
    }),
    v.strictObject({ kind: v.literal('incremental') }),
  ],
  'must be "total" or "incremental"',
);

export const projectV1Schema = v.strictObject(
  {
    images: list(imageV1Schema, 'images', { max: LIMITS.images }),
    scaleLength: scaleLengthSchema,
    strainMeasure: measureSchema,
    reference: referenceSchema,
    handPlacedUncertainty: v.optional(handPlacedUncertaintySchema),
  },
  'must be an object holding the project',
);

export const fileV1Schema = v.strictObject(
  {
    format: formatSchema,
    version: v.literal(1),
    savedAt: savedAtSchema,
    app: v.strictObject(
      { version: text('the app version', LIMITS.versionLength) },
      'must be an object such as {"version": "1.0.0"}',
    ),
    project: projectV1Schema,
  },
  'must be an object',
);

export type FileV1 = v.InferOutput<typeof fileV1Schema>;
export type ProjectV1 = FileV1['project'];

// ---- version 0 (an early draft: each image held a list of placed points) ----

const pointV0Schema = v.strictObject(
  {
    x: coordinateSchema,
    y: coordinateSchema,
    kind: v.picklist(['fiducial', 'scale'], 'must be "fiducial" or "scale"'),
  },
  'must be a point such as {"x": 10, "y": 20, "kind": "fiducial"}',
);

export const imageV0Schema = v.strictObject(
  {
    id: idSchema,
    name: nameSchema,
    width: edgeSchema,
    height: edgeSchema,
    points: v.pipe(
      list(pointV0Schema, 'points', { max: FIDUCIAL_COUNT + SCALE_POINT_COUNT }),
      v.check(
        (points) =>
          points.filter((p) => p.kind === 'fiducial').length <= FIDUCIAL_COUNT &&
          points.filter((p) => p.kind === 'scale').length <= SCALE_POINT_COUNT,
        `must hold at most ${FIDUCIAL_COUNT} fiducials and ${SCALE_POINT_COUNT} scale points`,
      ),
    ),
    travel: travelSchema,
  },
  'must be an object describing one image',
);

export const fileV0Schema = v.strictObject(
  {
    format: formatSchema,
    version: v.literal(0),
    savedAt: savedAtSchema,
    images: list(imageV0Schema, 'images', { max: LIMITS.images }),
    scaleLength: scaleLengthSchema,
    strainMeasure: measureSchema,
  },
  'must be an object',
);

export type FileV0 = v.InferOutput<typeof fileV0Schema>;

/** The schema of each version this app opens. */
export const FILE_SCHEMAS = { 0: fileV0Schema, 1: fileV1Schema } as const;
