// How the end-to-end tests compare the app's exported numbers with the core run in Node.
import { expect } from 'vitest';
import type { Mat2 } from '../../../src/core';

/**
 * Same number to 1e-12 relative: full precision, allowing the last-digit differences of
 * Math.log and friends between Chromium's and Node's JavaScript engines. A value worked out
 * from larger ones (an intercept near zero from strains of 0.3, a small shear beside large
 * stretches) carries their rounding, so it is compared at the scale of what it came from.
 */
export function expectSame(actual: number, expected: number, scale = 0): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(
    1e-12 * Math.max(Math.abs(expected), scale, 1e-300),
  );
}

/** An exported row's three strain components against the core's tensor, at its own scale. */
export function expectSameStrain(
  row: { strain_xx?: string; strain_yy?: string; strain_xy?: string },
  tensor: Mat2,
): void {
  const scale = Math.max(...tensor.flat().map(Math.abs));
  expectSame(Number(row.strain_xx), tensor[0][0], scale);
  expectSame(Number(row.strain_yy), tensor[1][1], scale);
  expectSame(Number(row.strain_xy), tensor[0][1], scale);
}
