// Small helpers for the core's numeric tests: tolerances are stated where used.
import { expect } from 'vitest';
import type { Mat2, Vec2 } from '../../../src/core';

/** The five fiducials of a square specimen, side 2 * half, centred at (cx, cy), in marker order. */
export function squareMarkers(cx = 50, cy = 40, half = 10): Vec2[] {
  return [
    [cx - half, cy - half],
    [cx + half, cy - half],
    [cx + half, cy + half],
    [cx - half, cy + half],
    [cx, cy],
  ];
}

/** Applies x -> F x + t to every point. */
export function deform(points: readonly Vec2[], F: Mat2, t: Vec2 = [0, 0]): Vec2[] {
  return points.map(([x, y]): Vec2 => [
    F[0][0] * x + F[0][1] * y + t[0],
    F[1][0] * x + F[1][1] * y + t[1],
  ]);
}

export function rotation(degrees: number): Mat2 {
  const a = (degrees * Math.PI) / 180;
  return [
    [Math.cos(a), -Math.sin(a)],
    [Math.sin(a), Math.cos(a)],
  ];
}

export function expectClose(actual: number, expected: number, rel: number, abs = 1e-12): void {
  const tolerance = Math.max(abs, rel * Math.abs(expected));
  expect(
    Math.abs(actual - expected),
    `expected ${actual} to be within ${tolerance} of ${expected}`,
  ).toBeLessThanOrEqual(tolerance);
}

export function expectMatClose(actual: Mat2, expected: Mat2, rel: number, abs = 1e-12): void {
  for (const i of [0, 1] as const) {
    for (const j of [0, 1] as const) expectClose(actual[i][j], expected[i][j], rel, abs);
  }
}

export function matMul(p: Mat2, q: Mat2): Mat2 {
  return [
    [p[0][0] * q[0][0] + p[0][1] * q[1][0], p[0][0] * q[0][1] + p[0][1] * q[1][1]],
    [p[1][0] * q[0][0] + p[1][1] * q[1][0], p[1][0] * q[0][1] + p[1][1] * q[1][1]],
  ];
}

export function matT(m: Mat2): Mat2 {
  return [
    [m[0][0], m[1][0]],
    [m[0][1], m[1][1]],
  ];
}
