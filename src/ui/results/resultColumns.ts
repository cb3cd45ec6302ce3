// The strain table's columns after the image's name: what each heads and what it shows
// for one computed image. The user picks which to see; the name and the fits' choice stay.
import type { ImageStrain } from '../../core/index';
import { fixed, significant } from './format';

/** One cell: its text and, where the worker propagated one, its standard uncertainty. */
export interface ResultCell {
  text: string;
  uncertainty?: number | undefined;
  /** Words after the value, such as how the fit residual splits over the markers. */
  note?: string | null | undefined;
}

/** What a column's cell is made from: the image's strain, whether it is its own reference, its misfit note. */
export interface CellSource {
  strain: ImageStrain;
  /** The reference against itself: zero by definition, known exactly, so no ±. */
  own: boolean;
  misfit: string | null | undefined;
}

export interface ResultColumn {
  id: string;
  label: string;
  cell: (source: CellSource) => ResultCell;
}

const strainText = (value: number) => fixed(value, 5);

function withUncertainty(
  value: (s: ImageStrain) => number,
  uncertainty: (s: ImageStrain) => number | undefined,
  text: (v: number) => string = strainText,
): ResultColumn['cell'] {
  return ({ strain, own }) => ({
    text: text(value(strain)),
    uncertainty: own ? undefined : uncertainty(strain),
  });
}

export const RESULT_COLUMNS: readonly ResultColumn[] = [
  {
    id: 'exx',
    label: 'exx',
    cell: withUncertainty(
      (s) => s.strain[0][0],
      (s) => s.strainUncertainty?.[0][0],
    ),
  },
  {
    id: 'eyy',
    label: 'eyy',
    cell: withUncertainty(
      (s) => s.strain[1][1],
      (s) => s.strainUncertainty?.[1][1],
    ),
  },
  {
    id: 'exy',
    label: 'exy',
    cell: withUncertainty(
      (s) => s.strain[0][1],
      (s) => s.strainUncertainty?.[0][1],
    ),
  },
  {
    id: 'e1',
    label: 'e1',
    cell: withUncertainty(
      (s) => s.principal.e1,
      (s) => s.principalUncertainty?.e1,
    ),
  },
  {
    id: 'e2',
    label: 'e2',
    cell: withUncertainty(
      (s) => s.principal.e2,
      (s) => s.principalUncertainty?.e2,
    ),
  },
  {
    id: 'angle',
    label: 'Principal angle (°)',
    cell: withUncertainty(
      (s) => s.principal.angle,
      (s) => s.principalUncertainty?.angle,
      (v) => fixed(v, 1),
    ),
  },
  {
    id: 'maxShear',
    label: 'Max shear',
    cell: ({ strain }) => ({ text: strainText(strain.principal.maxShear) }),
  },
  {
    id: 'equivalent',
    label: 'Equivalent strain',
    cell: withUncertainty(
      (s) => s.equivalentStrain,
      (s) => s.principalUncertainty?.equivalentStrain,
    ),
  },
  {
    id: 'residual',
    label: 'Fit residual (mm)',
    cell: ({ strain, misfit }) => ({ text: significant(strain.residualRms, 2), note: misfit }),
  },
];

export const RESULT_COLUMN_IDS: readonly string[] = RESULT_COLUMNS.map((column) => column.id);
