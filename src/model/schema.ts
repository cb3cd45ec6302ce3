// The one schema of the project document, for everything that reads one back: project
// files, bundles and the autosaved session. Each field is checked strictly: finite
// numbers in range, capped strings and lists, known words only, no extra keys. Lists are
// length-checked before their items, so a huge list costs one message. The messages say
// what a field must be; readers of files put the field's path in front.
import * as v from 'valibot';
import {
  FIDUCIAL_COUNT,
  HAND_PLACED_UNCERTAINTY_PX,
  SCALE_POINT_COUNT,
  STRAIN_MEASURES,
} from '../core/basics';
import type { DotGrade } from '../core/index';
import type { Vec2 } from '../core/index';
import type { ProjectDocument, ProjectImage } from './document';
import { DOCUMENT_LIMITS, PLAUSIBLE_MM, scaleLengthProblem, travelProblem } from './limits';
import {
  forceLogSchema,
  quantitiesSchema,
  quantitySettingsOf,
  specimenSchema,
} from './quantitiesSchema';

const LIMITS = DOCUMENT_LIMITS;

const DOT_GRADES: readonly DotGrade[] = ['good', 'fair', 'poor'];

/** A list checked for its length first, then item by item. */
export function list<T extends v.GenericSchema>(
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

/** Text that is not empty and at most `max` characters long. */
export function text(what: string, max: number) {
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

const pointSchema = v.pipe(
  v.array(v.unknown(), 'must be a point [x, y] or null'),
  v.length(2, 'must be a point [x, y]: exactly two numbers'),
  v.array(coordinateSchema),
  v.transform((p): Vec2 => [p[0] as number, p[1] as number]),
);

/** A located point's standard uncertainty in pixels, 0 or more (null, beside it, is hand-placed). */
export const locatedUncertaintySchema = v.pipe(
  v.number('must be a number of pixels, or null for a hand-placed point'),
  v.finite('must be a finite number of pixels'),
  v.minValue(0, 'cannot be negative'),
  v.maxValue(LIMITS.uncertainty, `must be at most ${LIMITS.uncertainty} pixels`),
);

const pointUncertaintySchema = v.nullable(locatedUncertaintySchema);

/** How well a located point's dot showed; null for a point placed by hand or not graded. */
const gradeSchema = v.nullable(
  v.picklist(DOT_GRADES, `must be one of ${DOT_GRADES.map((g) => `"${g}"`).join(', ')} or null`),
);

/** The uncertainty given to every hand-placed point, px. */
export const handPlacedUncertaintySchema = v.pipe(
  v.number('must be a number of pixels'),
  v.finite('must be a finite number of pixels'),
  v.gtValue(0, 'must be greater than 0 pixels'),
  v.maxValue(LIMITS.uncertainty, `must be at most ${LIMITS.uncertainty} pixels`),
);

export const edgeSchema = v.pipe(
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
    v.check(
      (mm) => travelProblem(mm) === null,
      `must be 0, or from ${PLAUSIBLE_MM.travel.smallestAboveZero} to ${PLAUSIBLE_MM.travel.max} mm`,
    ),
  ),
);

/** A video frame's time, s: negative times exist in video files (frames before the start). */
const frameTimeSchema = v.pipe(
  v.number('must be a number of seconds into the video'),
  v.finite('must be a finite number of seconds'),
);

export const scaleLengthSchema = v.nullable(
  v.pipe(
    v.number('must be a number of millimetres, or null when not entered'),
    v.finite('must be a finite number of millimetres'),
    v.gtValue(0, 'must be greater than 0 mm'),
    v.check(
      (mm) => scaleLengthProblem(mm) === null,
      `must be from ${PLAUSIBLE_MM.scaleLength.min} to ${PLAUSIBLE_MM.scaleLength.max} mm`,
    ),
  ),
);

export const measureSchema = v.picklist(
  STRAIN_MEASURES,
  `must be one of ${STRAIN_MEASURES.map((m) => `"${m}"`).join(', ')}`,
);

const imageSchema = v.strictObject(
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
    // Optional: documents from before point uncertainties were kept have none.
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
    // Optional: only images with a graded point have them.
    fiducialGrade: v.optional(
      list(gradeSchema, 'fiducial grades (null for an ungraded point)', {
        min: FIDUCIAL_COUNT,
        max: FIDUCIAL_COUNT,
      }),
    ),
    scaleGrade: v.optional(
      list(gradeSchema, 'scale point grades (null for an ungraded point)', {
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
    // Optional: only photos the user left out of the fits have it.
    leftOut: v.optional(
      v.nullable(
        v.strictObject(
          { reason: text('the reason for leaving it out', LIMITS.reasonLength) },
          'must be an object holding the reason the photo is left out of the fits',
        ),
      ),
    ),
    // Optional: only frames taken from a video have it.
    time: v.optional(frameTimeSchema),
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

export const documentSchema = v.strictObject(
  {
    images: list(imageSchema, 'images', { max: LIMITS.images }),
    scaleLength: scaleLengthSchema,
    strainMeasure: measureSchema,
    reference: referenceSchema,
    handPlacedUncertainty: v.optional(handPlacedUncertaintySchema),
    specimen: v.optional(specimenSchema),
    forceLog: v.optional(v.nullable(forceLogSchema)),
    quantities: v.optional(quantitiesSchema),
  },
  'must be an object holding the project',
);

/** A document as the schema passed it: possibly of an older shape, not yet upgraded. */
export type CheckedDocument = v.InferOutput<typeof documentSchema>;

// ---- normalising: every older shape the schema accepts, to the document the app edits ----

const point = (p: Vec2 | null): Vec2 | null => (p === null ? null : [p[0], p[1]]);

/**
 * Each slot's saved value (an uncertainty, a grade), null where the slot is empty or the
 * point hand-placed (and for every slot of a document from before the value was kept).
 */
function perPoint<T>(
  points: readonly unknown[],
  saved: readonly (T | null)[] | undefined,
): (T | null)[] {
  return points.map((p, i) => (p === null ? null : (saved?.[i] ?? null)));
}

/**
 * An image's grade lists as fresh lists, null where a slot is empty, left out when it has
 * none (documents from before grades were kept, or with no graded point yet).
 */
function gradesOf(image: {
  fiducials: readonly unknown[];
  scalePoints: readonly unknown[];
  fiducialGrade?: readonly (DotGrade | null)[] | undefined;
  scaleGrade?: readonly (DotGrade | null)[] | undefined;
}): Pick<ProjectImage, 'fiducialGrade' | 'scaleGrade'> {
  return {
    ...(image.fiducialGrade
      ? { fiducialGrade: perPoint(image.fiducials, image.fiducialGrade) }
      : {}),
    ...(image.scaleGrade ? { scaleGrade: perPoint(image.scalePoints, image.scaleGrade) } : {}),
  };
}

/** An image's confirmed marking checks as a fresh list, left out when there are none. */
function confirmationsOf(image: { confirmedChecks?: readonly string[] | undefined }): {
  confirmedChecks?: string[];
} {
  const keys = image.confirmedChecks;
  return keys && keys.length > 0 ? { confirmedChecks: [...keys] } : {};
}

/** A photo's reason to stay out of the fits as a fresh object, left out when it counts. */
function leftOutOf(image: { leftOut?: { reason: string } | null | undefined }): {
  leftOut?: { reason: string };
} {
  return image.leftOut ? { leftOut: { reason: image.leftOut.reason } } : {};
}

/**
 * A fresh copy of a checked document in the current shape, keys in a fixed order: every
 * point has its uncertainty slot (null, hand-placed, where an older document had none)
 * and the hand-placed uncertainty is set (the default where it was not).
 */
export function normalizeDocument(doc: CheckedDocument | ProjectDocument): ProjectDocument {
  return {
    images: doc.images.map((image): ProjectImage => ({
      id: image.id,
      name: image.name,
      width: image.width,
      height: image.height,
      fiducials: image.fiducials.map(point),
      scalePoints: image.scalePoints.map(point),
      fiducialUncertainty: perPoint(image.fiducials, image.fiducialUncertainty),
      scaleUncertainty: perPoint(image.scalePoints, image.scaleUncertainty),
      ...gradesOf(image),
      pressTravel: image.pressTravel,
      ...confirmationsOf(image),
      ...leftOutOf(image),
      ...(image.time === undefined ? {} : { time: image.time }),
    })),
    scaleLength: doc.scaleLength,
    strainMeasure: doc.strainMeasure,
    reference:
      doc.reference.kind === 'total'
        ? { kind: 'total', imageId: doc.reference.imageId }
        : { kind: 'incremental' },
    handPlacedUncertainty: doc.handPlacedUncertainty ?? HAND_PLACED_UNCERTAINTY_PX,
    ...quantitySettingsOf(doc),
  };
}

/** Whether every image of a document has an id of its own. */
export function idsAreUnique(doc: { images: readonly { id: string }[] }): boolean {
  return new Set(doc.images.map((image) => image.id)).size === doc.images.length;
}
