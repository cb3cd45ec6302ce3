// The core against an independent numpy/scipy implementation of docs/science.md
// (tests/oracle/generate_oracle.py, stored in tests/fixtures/oracle/cases.json):
// agreement to 1e-9 relative, 1e-12 absolute near zero.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  areaChange,
  fitDeformation,
  linearRegression,
  normalizeByScale,
  principalStrains,
  rotationAngle,
  strainTensor,
  volumeConstancyStrains,
} from '../../../src/core';
import type { Mat2, StrainMeasure, Vec2 } from '../../../src/core';
import { expectClose, expectMatClose } from './helpers';

interface MeasureExpectation {
  tensor: Mat2;
  e1: number;
  e2: number;
  angle_deg: number | null;
  max_shear: number;
}
interface StrainCase {
  id: string;
  category: string;
  description: string;
  reference: { fiducials: Vec2[]; scale: [Vec2, Vec2] };
  current: { fiducials: Vec2[]; scale: [Vec2, Vec2] };
  scale_length: number;
  expected: {
    reference_mm: Vec2[];
    current_mm: Vec2[];
    F: Mat2;
    residual_rms_mm: number;
    area_change: number;
    rotation_deg: number;
    thickness_strain: number;
    equivalent_strain: number;
    measures: Record<StrainMeasure, MeasureExpectation>;
  };
}
interface RegressionCase {
  id: string;
  description: string;
  x: number[];
  y: number[];
  expected: {
    slope: number;
    intercept: number;
    r_squared: number;
    p_value: number;
    slope_stderr: number;
    intercept_stderr: number;
  };
}

const oracle = JSON.parse(
  readFileSync(new URL('../../fixtures/oracle/cases.json', import.meta.url), 'utf8'),
) as { strain_cases: StrainCase[]; regression_cases: RegressionCase[] };

const REL = 1e-9;
const ABS = 1e-12;
const MEASURES: StrainMeasure[] = ['small', 'green_lagrangian', 'almansi', 'hencky'];

/** Difference of two directions (degrees), modulo 180. */
function angleGap(a: number, b: number): number {
  const d = (((a - b) % 180) + 180) % 180;
  return Math.min(d, 180 - d);
}

describe('oracle fixture', () => {
  it('holds large deformations, noise and regression cases', () => {
    expect(oracle.strain_cases.length).toBeGreaterThanOrEqual(50);
    expect(oracle.regression_cases.length).toBeGreaterThanOrEqual(20);
    const stretches = oracle.strain_cases.map((c) => {
      const [[a, b], [cc, d]] = c.expected.F;
      return Math.sqrt(a * a + b * b + cc * cc + d * d);
    });
    expect(Math.min(...stretches)).toBeLessThan(1);
    expect(Math.max(...stretches)).toBeGreaterThan(2);
  });
});

describe.each(oracle.strain_cases.map((c) => [c.id, c] as const))('strain case %s', (_id, c) => {
  const ref = normalizeByScale(c.reference.fiducials, c.reference.scale, c.scale_length);
  const cur = normalizeByScale(c.current.fiducials, c.current.scale, c.scale_length);
  const fit = fitDeformation(ref, cur);

  it('normalises by its own scale points and fits F with its residual', () => {
    ref.forEach((p, i) => {
      expectClose(p[0], (c.expected.reference_mm[i] as Vec2)[0], REL, ABS);
      expectClose(p[1], (c.expected.reference_mm[i] as Vec2)[1], REL, ABS);
    });
    cur.forEach((p, i) => {
      expectClose(p[0], (c.expected.current_mm[i] as Vec2)[0], REL, ABS);
      expectClose(p[1], (c.expected.current_mm[i] as Vec2)[1], REL, ABS);
    });
    expectMatClose(fit.F, c.expected.F, REL, ABS);
    expectClose(fit.residualRms, c.expected.residual_rms_mm, 1e-7, 1e-11);
  });

  it.each(MEASURES)('%s: tensor and principal strains', (measure) => {
    const expected = c.expected.measures[measure];
    const E = strainTensor(fit.F, measure);
    expectMatClose(E, expected.tensor, REL, ABS);
    const p = principalStrains(E);
    expectClose(p.e1, expected.e1, REL, ABS);
    expectClose(p.e2, expected.e2, REL, ABS);
    expectClose(p.maxShear, expected.max_shear, REL, ABS);
    if (expected.angle_deg !== null) {
      const tolerance = c.category === 'tiny_strain' ? 1e-6 : 1e-7;
      expect(angleGap(p.angle, expected.angle_deg)).toBeLessThan(tolerance);
      expect(p.angle).toBeGreaterThan(-90);
      expect(p.angle).toBeLessThanOrEqual(90);
    }
  });

  it('area change, rotation, thickness and equivalent strain', () => {
    expectClose(areaChange(fit.F), c.expected.area_change, REL, ABS);
    expectClose(rotationAngle(fit.F), c.expected.rotation_deg, REL, 1e-10);
    const v = volumeConstancyStrains(fit.F);
    expectClose(v.thickness, c.expected.thickness_strain, REL, ABS);
    expectClose(v.equivalent, c.expected.equivalent_strain, REL, ABS);
  });
});

describe.each(oracle.regression_cases.map((c) => [c.id, c] as const))(
  'regression case %s',
  (_id, c) => {
    it('matches scipy.stats.linregress', () => {
      const fit = linearRegression(c.x, c.y);
      const e = c.expected;
      expectClose(fit.slope, e.slope, REL, ABS);
      expectClose(fit.intercept, e.intercept, REL, ABS);
      expectClose(fit.rSquared, e.r_squared, REL, ABS);
      expectClose(fit.slopeStderr, e.slope_stderr, REL, ABS);
      expectClose(fit.interceptStderr, e.intercept_stderr, REL, ABS);
      // p-values down to 1e-76 are compared relatively; 1e-300 guards exact zeros.
      expectClose(fit.pValue, e.p_value, REL, 1e-300);
    });
  },
);
