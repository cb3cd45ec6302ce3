// Every refused input of docs/science.md ("Inputs that are refused") raises its
// typed error, with a message that says what to do, and never yields NaN or a
// silent guess.
import { describe, expect, it } from 'vitest';
import {
  DegenerateMarkersError,
  InsufficientDataError,
  InvalidInputError,
  InvalidScaleError,
  InvertedConfigurationError,
  RegressionError,
  StrainSeerError,
  deformationGradient,
  linearRegression,
  normalizeByScale,
  strainTensor,
} from '../../../src/core';
import type { Mat2, Vec2 } from '../../../src/core';
import { squareMarkers } from './helpers';

const scale: [Vec2, Vec2] = [
  [0, 0],
  [100, 0],
];

describe('scale', () => {
  it('scale points on top of each other', () => {
    const attempt = () =>
      normalizeByScale(
        squareMarkers(),
        [
          [5, 5],
          [5, 5],
        ],
        10,
      );
    expect(attempt).toThrow(InvalidScaleError);
    expect(attempt).toThrow(/on top of each other/);
  });

  it.each([0, -3, Number.NaN, Number.POSITIVE_INFINITY])('scale length %s', (length) => {
    expect(() => normalizeByScale(squareMarkers(), scale, length)).toThrow(InvalidScaleError);
    expect(() => normalizeByScale(squareMarkers(), scale, length)).toThrow(
      /positive number of millimetres/,
    );
  });

  it('non-finite coordinates', () => {
    const points = squareMarkers();
    points[2] = [Number.NaN, 3];
    expect(() => normalizeByScale(points, scale, 10)).toThrow(InvalidInputError);
    expect(() =>
      normalizeByScale(
        squareMarkers(),
        [
          [0, 0],
          [Infinity, 0],
        ],
        10,
      ),
    ).toThrow(InvalidInputError);
  });
});

describe('markers', () => {
  const good = squareMarkers();

  it('collinear reference markers are an error that says which configuration', () => {
    const line: Vec2[] = [
      [0, 0],
      [1, 1],
      [2, 2],
      [3, 3],
      [1.5, 1.5],
    ];
    const attempt = () => deformationGradient(line, good);
    expect(attempt).toThrow(DegenerateMarkersError);
    expect(attempt).toThrow(/reference image lie on one line/);
  });

  it('collinear current markers are an error too', () => {
    const line: Vec2[] = [
      [0, 0],
      [10, 0],
      [20, 0],
      [30, 0],
      [15, 0],
    ];
    expect(() => deformationGradient(good, line)).toThrow(/current image lie on one line/);
  });

  it('coincident markers name the two fiducials', () => {
    const twin = squareMarkers();
    twin[3] = twin[0] as Vec2;
    expect(() => deformationGradient(twin, good)).toThrow(DegenerateMarkersError);
    expect(() => deformationGradient(twin, good)).toThrow(/Fiducials 0 and 3/);
    const allSame: Vec2[] = Array.from({ length: 5 }, (): Vec2 => [4, 4]);
    expect(() => deformationGradient(allSame, good)).toThrow(DegenerateMarkersError);
  });

  it('an inverted (mirrored) marker order is an error for every measure', () => {
    const mirrored = good.map(([x, y]): Vec2 => [-x, y]);
    const F = deformationGradient(good, mirrored);
    for (const measure of ['small', 'green_lagrangian', 'almansi', 'hencky'] as const) {
      expect(() => strainTensor(F, measure)).toThrow(InvertedConfigurationError);
      expect(() => strainTensor(F, measure)).toThrow(/order 0 top-left/);
    }
  });

  it('a singular F is inverted, not NaN', () => {
    const F: Mat2 = [
      [1, 2],
      [2, 4],
    ];
    expect(() => strainTensor(F, 'hencky')).toThrow(InvertedConfigurationError);
  });

  it('mismatched marker counts, too few markers, or a bad centre index', () => {
    expect(() => deformationGradient(good, good.slice(0, 4))).toThrow(InvalidInputError);
    expect(() => deformationGradient(good.slice(0, 2), good.slice(0, 2))).toThrow(
      InvalidInputError,
    );
    expect(() => deformationGradient(good, good, 7)).toThrow(InvalidInputError);
  });

  it('an unknown measure is refused', () => {
    const F: Mat2 = [
      [1, 0],
      [0, 1],
    ];
    // @ts-expect-error an identifier a project file could carry
    expect(() => strainTensor(F, 'true')).toThrow(/Unknown strain measure/);
  });
});

describe('regression', () => {
  it('all press travels equal', () => {
    expect(() => linearRegression([5, 5, 5], [0.1, 0.2, 0.3])).toThrow(RegressionError);
    expect(() => linearRegression([5, 5, 5], [0.1, 0.2, 0.3])).toThrow(
      /All press travels are equal/,
    );
  });

  it('fewer than 3 points', () => {
    expect(() => linearRegression([0, 1], [0, 1])).toThrow(InsufficientDataError);
  });

  it('mismatched lengths and non-finite values', () => {
    expect(() => linearRegression([0, 1, 2], [0, 1])).toThrow(InvalidInputError);
    expect(() => linearRegression([0, 1, Number.NaN], [0, 1, 2])).toThrow(InvalidInputError);
  });

  it('every core error is a StrainSeerError with a code', () => {
    try {
      linearRegression([1, 1, 1], [1, 2, 3]);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(StrainSeerError);
      expect((error as StrainSeerError).code).toBe('regression-undefined');
      expect((error as Error).name).toBe('RegressionError');
    }
  });
});
