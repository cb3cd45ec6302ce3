// Shared value types of the science core. Coordinates are image pixels (x right,
// y down) or millimetres after normalisation; see docs/science.md, "Coordinates".

/** A point or vector: [x, y]. */
export type Vec2 = readonly [number, number];

/** A 2x2 matrix, row-major: M[row][column]. */
export type Mat2 = [[number, number], [number, number]];

/** The strain measures Strain Seer computes, by their stable identifiers. */
export type StrainMeasure = 'small' | 'green_lagrangian' | 'almansi' | 'hencky';

export const STRAIN_MEASURES: readonly StrainMeasure[] = [
  'small',
  'green_lagrangian',
  'almansi',
  'hencky',
];

/** Names a user reads in the UI and in exports. */
export const STRAIN_MEASURE_LABELS: Readonly<Record<StrainMeasure, string>> = {
  small: 'Small (engineering)',
  green_lagrangian: 'Green-Lagrange',
  almansi: 'Euler-Almansi',
  hencky: 'Hencky (logarithmic)',
};

export function isStrainMeasure(value: unknown): value is StrainMeasure {
  return typeof value === 'string' && (STRAIN_MEASURES as readonly string[]).includes(value);
}
