// Valibot schemas of every project file version: the file around the document (format,
// version, when and by what it was saved) and, for version 0, the early draft's own
// layout. The document inside a current file is the model's one schema.
import * as v from 'valibot';
import { FIDUCIAL_COUNT, SCALE_POINT_COUNT } from '../core/basics';
import {
  coordinateSchema,
  documentSchema,
  edgeSchema,
  idSchema,
  list,
  measureSchema,
  nameSchema,
  scaleLengthSchema,
  text,
  travelSchema,
} from '../model/schema';
import { LIMITS, PROJECT_FORMAT } from './projectFormat';

const savedAtSchema = v.pipe(
  v.string('must be a date and time as text'),
  v.maxLength(LIMITS.timestampLength, `is longer than ${LIMITS.timestampLength} characters`),
  v.isoTimestamp('must be a date and time such as 2025-01-31T12:00:00.000Z'),
);

const formatSchema = v.literal(PROJECT_FORMAT, `must be "${PROJECT_FORMAT}"`);

// ---- version 1 (current) ----

export const fileV1Schema = v.strictObject(
  {
    format: formatSchema,
    version: v.literal(1),
    savedAt: savedAtSchema,
    app: v.strictObject(
      { version: text('the app version', LIMITS.versionLength) },
      'must be an object such as {"version": "1.0.0"}',
    ),
    project: documentSchema,
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

const imageV0Schema = v.strictObject(
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
