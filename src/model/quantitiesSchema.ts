// The schema of the document's quantity settings (the specimen's size, the force log, the
// user's own quantities), part of the one document schema in schema.ts. All three are
// optional, so files from before they existed read as they did.
import * as v from 'valibot';
import { QUANTITY_LIMITS } from './quantityLimits';
import type { ForceLog, QuantityDefinition, Specimen } from './quantities';

const LIMITS = QUANTITY_LIMITS;

const sizeSchema = v.nullable(
  v.pipe(
    v.number('must be a number of millimetres, or null when not entered'),
    v.finite('must be a finite number of millimetres'),
    v.gtValue(0, 'must be greater than 0 mm'),
  ),
);

export const specimenSchema = v.strictObject(
  { width: sizeSchema, thickness: sizeSchema },
  'must be an object holding the specimen width and thickness in mm',
);

/** Text of at most `max` characters, possibly empty. */
const shortText = (what: string, max: number) =>
  v.pipe(v.string(`must be text (${what})`), v.maxLength(max, `is longer than ${max} characters`));

const loggedValue = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));

const loggedColumn = v.pipe(
  v.array(v.unknown(), 'must be a list of numbers'),
  v.maxLength(LIMITS.logRows, `must hold at most ${LIMITS.logRows} rows`),
  v.array(loggedValue),
);

export const forceLogSchema = v.pipe(
  v.strictObject(
    {
      fileName: shortText('a file name', 1024),
      axis: v.picklist(['travel', 'time'], 'must be "travel" or "time"'),
      axisColumn: shortText('a column name', 200),
      forceColumn: shortText('a column name', 200),
      axisUnit: shortText('a unit', LIMITS.unitLength),
      forceUnit: shortText('a unit', LIMITS.unitLength),
      x: loggedColumn,
      force: loggedColumn,
    },
    'must be an object holding the force log',
  ),
  v.check((log) => log.x.length === log.force.length, 'must hold as many forces as travels'),
);

const quantitySchema = v.strictObject(
  {
    name: v.pipe(
      shortText('a column name', LIMITS.nameLength),
      v.minLength(1, 'must not be empty'),
    ),
    expression: shortText('a formula', LIMITS.expressionLength),
    unit: shortText('a unit', LIMITS.unitLength),
    fit: v.boolean('must be true or false'),
  },
  'must be an object describing one quantity',
);

export const quantitiesSchema = v.pipe(
  v.array(v.unknown(), 'must be a list of quantities'),
  v.maxLength(LIMITS.columns, `must hold at most ${LIMITS.columns} quantities`),
  v.array(quantitySchema),
);

/** The quantity settings of a checked document as fresh copies, left out where absent. */
export function quantitySettingsOf(doc: {
  specimen?: Specimen | undefined;
  forceLog?: ForceLog | null | undefined;
  quantities?: readonly QuantityDefinition[] | undefined;
}): { specimen?: Specimen; forceLog?: ForceLog; quantities?: QuantityDefinition[] } {
  return {
    ...(doc.specimen ? { specimen: { ...doc.specimen } } : {}),
    ...(doc.forceLog
      ? { forceLog: { ...doc.forceLog, x: [...doc.forceLog.x], force: [...doc.forceLog.force] } }
      : {}),
    ...(doc.quantities && doc.quantities.length > 0
      ? { quantities: doc.quantities.map((q) => ({ ...q })) }
      : {}),
  };
}
