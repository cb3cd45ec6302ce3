// How a patch is sampled on a level: the rectangle it covers in the new photo through a
// warp (shortened where the previous photo ended), the sample spacing, and the samples
// read back from the previous photo where the warp says they came from.
import type { Vec2 } from '../../types';
import { sampleLevel } from '../raster/levels';
import type { GreyLevel } from '../raster/levels';
import type { Samples } from './gradientField';
import type { PointPatch } from './types';
import { invertWarp, warpZoom } from '../raster/warp';
import type { Warp } from '../raster/warp';

/** Patches are cut with room for a turn or shear of the warp of up to about this much. */
export const SKEW = 0.3;

export interface Sides {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Level pixels between samples along x and y: as dense as `cap` samples a side allows. */
export function strides(side: Sides, f: number, cap: number): [number, number] {
  const stride = (a: number, b: number) => Math.max(1, Math.ceil(Math.max(a, b) / f / cap));
  return [stride(side.left, side.right), stride(side.top, side.bottom)];
}

/**
 * The template's reach each way from the point in the new photo's pixels: the level's
 * rectangle through the warp's zoom, shortened where the previous photo ended.
 */
export function sides(patch: PointPatch, levelIndex: number, warp: Warp): Sides {
  const level = patch.levels[levelIndex]!;
  const [hx, hy] = patch.halves[levelIndex]!;
  const f = level.factor;
  const zoom = warpZoom(warp);
  const [px, py] = patch.point;
  // Room in the previous photo's window, less what a turn takes and a level pixel.
  const roomX = (v: number) => Math.max(0, Math.min(hx, v - SKEW * hy - f));
  const roomY = (v: number) => Math.max(0, Math.min(hy, v - SKEW * hx - f));
  return {
    left: roomX(px - level.x0 * f) * zoom,
    right: roomX((level.x0 + level.width) * f - px) * zoom,
    top: roomY(py - level.y0 * f) * zoom,
    bottom: roomY((level.y0 + level.height) * f - py) * zoom,
  };
}

/** The patch's samples on one level for the Gauss-Newton fit, in the new photo's frame. */
export function levelSamples(
  patch: PointPatch,
  levelIndex: number,
  warp: Warp,
  cap: number,
): Samples | null {
  const level = patch.levels[levelIndex]!;
  const f = level.factor;
  const side = sides(patch, levelIndex, warp);
  const [sx, sy] = strides(side, f, cap).map((s) => s * f) as [number, number];
  const back = invertWarp(warp);
  if (!back) return null;
  const ux: number[] = [];
  const uy: number[] = [];
  const values: number[] = [];
  for (let y = -Math.floor(side.top / sy); y <= side.bottom / sy; y++) {
    for (let x = -Math.floor(side.left / sx); x <= side.right / sx; x++) {
      const value = sampleBack(level, patch.point, back, x * sx, y * sy);
      if (!Number.isFinite(value)) return null;
      ux.push(x * sx);
      uy.push(y * sy);
      values.push(value);
    }
  }
  if (values.length < 9) return null;
  return {
    ux: Float64Array.from(ux),
    uy: Float64Array.from(uy),
    values: Float64Array.from(values),
  };
}

export function sampleBack(
  level: GreyLevel,
  point: Vec2,
  back: Warp,
  ux: number,
  uy: number,
): number {
  return sampleLevel(
    level,
    point[0] + back[0] * ux + back[1] * uy,
    point[1] + back[2] * ux + back[3] * uy,
  );
}
