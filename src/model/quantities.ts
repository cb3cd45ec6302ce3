// The user's own quantities: named columns computed from each photo's results by a formula,
// the specimen's initial cross-section they may use, and the force log that gives each photo
// its force. Plain data, kept in the project document; the catalogue below names every
// variable a formula can use, with its meaning and unit, for the page and the worker alike.

/** One column the user defined: `name = expression`, in `unit` (empty: a pure number). */
export interface QuantityDefinition {
  name: string;
  expression: string;
  /** The unit the column is reported in, such as "MPa"; empty for a dimensionless number. */
  unit: string;
  /** Whether the column is fitted against press travel like the strain components. */
  fit: boolean;
}

/** The specimen's initial cross-section, mm; null while not entered. */
export interface Specimen {
  width: number | null;
  thickness: number | null;
}

/** What a force log's other column is: press travel (mm) or time (s). */
export type ForceLogAxis = 'travel' | 'time';

/**
 * The two columns taken from a testing machine's log, as logged, with their units (read by
 * mathjs in the worker, so a log in kN and cm needs no conversion by hand).
 */
export interface ForceLog {
  /** The file it came from, as the page names it. */
  fileName: string;
  axis: ForceLogAxis;
  /** The column names the two series came from, as the file wrote them. */
  axisColumn: string;
  forceColumn: string;
  /** The units of the two columns, such as "mm" (or "s") and "kN". */
  axisUnit: string;
  forceUnit: string;
  /** Travel or time, one value per logged row. */
  x: number[];
  /** Force, same rows. */
  force: number[];
}

export { QUANTITY_LIMITS } from './quantityLimits';

/** A variable a formula can use: its name, what it is, and its unit ('' for a pure number). */
export interface QuantityVariable {
  name: string;
  meaning: string;
  unit: string;
}

const strainVariables: QuantityVariable[] = [
  { name: 'exx', meaning: 'strain exx, in the chosen measure', unit: '' },
  { name: 'eyy', meaning: 'strain eyy, in the chosen measure', unit: '' },
  { name: 'exy', meaning: 'strain exy, in the chosen measure', unit: '' },
  { name: 'e1', meaning: 'major principal strain, chosen measure', unit: '' },
  { name: 'e2', meaning: 'minor principal strain, chosen measure', unit: '' },
  { name: 'angle', meaning: 'direction of e1, degrees from +x towards +y', unit: '' },
  { name: 'areaChange', meaning: 'area change det F − 1', unit: '' },
  { name: 'hxx', meaning: 'Hencky (true) strain along x, whatever the measure', unit: '' },
  { name: 'hyy', meaning: 'Hencky strain along y', unit: '' },
  { name: 'hxy', meaning: 'Hencky shear strain xy', unit: '' },
  { name: 'h1', meaning: 'major principal Hencky strain', unit: '' },
  { name: 'h2', meaning: 'minor principal Hencky strain', unit: '' },
  { name: 'h3', meaning: 'thickness strain −(h1 + h2), volume kept', unit: '' },
  { name: 'eq', meaning: 'equivalent (von Mises) strain, volume kept', unit: '' },
];

const uncertaintyVariables: QuantityVariable[] = [
  'exx',
  'eyy',
  'exy',
  'e1',
  'e2',
  'angle',
  'eq',
].map((name) => ({
  name: `u_${name}`,
  meaning: `standard uncertainty (1σ) of ${name}, where the points carry one`,
  unit: '',
}));

/** Every variable of a photo a formula can use, in the order the help lists them. */
export const QUANTITY_VARIABLES: readonly QuantityVariable[] = [
  ...strainVariables,
  { name: 'travel', meaning: 'press travel', unit: 'mm' },
  { name: 'time', meaning: 'time of a video frame', unit: 's' },
  { name: 'F', meaning: 'force from the force log, at this photo', unit: 'N' },
  { name: 'w0', meaning: 'initial specimen width', unit: 'mm' },
  { name: 't0', meaning: 'initial specimen thickness', unit: 'mm' },
  { name: 'A0', meaning: 'initial cross-section w0 · t0', unit: 'mm^2' },
  ...uncertaintyVariables,
];

/** A ready-made quantity, offered to be added and then read and edited like any other. */
export interface QuantityPreset extends QuantityDefinition {
  /** What it assumes, in a sentence. */
  note: string;
}

export const QUANTITY_PRESETS: readonly QuantityPreset[] = [
  {
    name: 'Engineering stress',
    expression: 'F / A0',
    unit: 'MPa',
    fit: false,
    note: 'Force over the initial cross-section.',
  },
  {
    name: 'True stress',
    expression: 'F / (A0 * exp(h3 + hxx))',
    unit: 'MPa',
    fit: false,
    note:
      'Force over the current cross-section, the material keeping its volume: loaded along y ' +
      '(up and down in the photo), width along x; use hyy for a load along x.',
  },
  {
    name: 'Strain ratio β',
    expression: 'e2 / e1',
    unit: '',
    fit: false,
    note: 'Minor over major principal strain.',
  },
  {
    name: 'Lankford r',
    expression: 'hxx / h3',
    unit: '',
    fit: false,
    note: 'Width over thickness true strain, loaded along y; use hyy for a load along x.',
  },
];
