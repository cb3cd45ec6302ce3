// Scale help: the tick spacing of a rendered ruler between two scale points, the px/mm it
// implies, and the comparison with the entered scale length.
import { describe, expect, it } from 'vitest';
import { checkScale, findRulerTicks, measureRulerTicks } from '../../../src/core';
import type { TickMeasurement } from '../../../src/core';
import { render } from './render';
import { rulerShapes } from './scenes';

function ruler(spacing: number) {
  return render({
    width: 300,
    height: 900,
    groups: rulerShapes({ x: 100, y0: 40, y1: 860, spacing }),
    blur: 1,
    noise: 3,
    gradient: [0.001, 0.0003],
    seed: 9,
  });
}

describe('measureRulerTicks', () => {
  // Tolerance 0.2 %: the spacing comes from 80-odd ticks along the line.
  for (const spacing of [4.3, 7.83, 12.5]) {
    it(`measures a tick spacing of ${spacing} px`, () => {
      const image = ruler(spacing);
      // Scale points on two ticks 80 spacings apart, on the short ticks' span.
      const s1: [number, number] = [104, 40 + 5 * spacing];
      const s2: [number, number] = [104, 40 + 85 * spacing];
      const found = measureRulerTicks(image, s1, s2);
      expect(found).not.toBeNull();
      expect(Math.abs(found!.spacing - spacing) / spacing).toBeLessThan(0.002);
      expect(found!.ticks).toBeCloseTo(80, 0);
    });
  }

  it('finds no ticks off the ruler, and says so', () => {
    const image = ruler(7);
    const found = findRulerTicks(image, [250, 100], [250, 800]);
    expect(found).toMatchObject({ ok: false, reason: 'no-ticks' });
    expect(findRulerTicks(image, [104, 100], [104, 110])).toMatchObject({ reason: 'too-short' });
  });
});

describe('checkScale', () => {
  const ticks: TickMeasurement = { spacing: 7.83, ticks: 80, length: 626.4, strength: 100 };

  it('picks the tick size that fits and agrees with a right scale length', () => {
    const check = checkScale(ticks, 40)!;
    expect(check.tickMm).toBe(0.5);
    expect(check.pxPerMmFromTicks).toBeCloseTo(15.66, 2);
    expect(check.pxPerMmEntered).toBeCloseTo(15.66, 2);
    expect(check.agrees).toBe(true);
    expect(check.measuredLength).toBeCloseTo(40, 6);
  });

  it('warns when the scale length is off', () => {
    const check = checkScale(ticks, 45)!;
    expect(check.agrees).toBe(false);
    expect(check.difference).toBeGreaterThan(0.05);
    expect(checkScale(ticks, 0)).toBeNull();
  });
});
