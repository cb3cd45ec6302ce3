// The three demo photos (a real plasticine block, tests/fixtures/demo): detection finds and
// orders all five dots, within 1 px of careful centres found independently (the 30 mm
// dot cut by the shadow line included), snapping from clicks up to 10 px off lands within
// 1 px of where detection puts each centre, tracking carries the marks from one photo to
// the next, and the ruler between the scale points measures the 0.5 mm ticks.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkScale,
  detectFiducials,
  findDot,
  measureRulerTicks,
  trackFiducials,
} from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from '../../e2e/support/demo';
import { readPng } from './png';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);
const images = DEMO_PHOTOS.map((photo) => readPng(photo.path));
/** Careful centres: an independent fit per dot, checked by eye on enlarged crops
 * (tests/fixtures/demo/careful-centres.py says how). */
const careful = JSON.parse(
  readFileSync(new URL('../../fixtures/demo/careful-centres.json', import.meta.url), 'utf8'),
) as { centres: Record<string, Vec2[]> };

describe('the demo photos', () => {
  for (const [i, photo] of DEMO_PHOTOS.entries()) {
    it(`${photo.file}: detection finds the five dots in marker order`, () => {
      const found = detectFiducials(images[i]!);
      expect(found).not.toBeNull();
      // The hand-found centres are accurate to a few px (the 30 mm dots are half hidden).
      found!.points.forEach((p, k) => expect(distance(p, photo.fiducials[k]!)).toBeLessThan(4));
    });

    it(`${photo.file}: detection puts every dot within 1 px of its careful centre`, () => {
      const found = detectFiducials(images[i]!)!;
      const centres = careful.centres[photo.file]!;
      found.points.forEach((p, k) => {
        const quality = found.quality[k];
        // A dot that cannot be located is left at its rough centre, and says so.
        expect(quality, `dot ${k} located`).not.toBeNull();
        const off = distance(p, centres[k]!);
        expect(off, `dot ${k}`).toBeLessThan(1);
        // Its stated uncertainty (per axis) covers the distance, allowing 0.15 px for
        // how well the careful centre itself is known.
        expect(off, `dot ${k} within its uncertainty`).toBeLessThan(
          3 * Math.SQRT2 * quality!.uncertainty + 0.15,
        );
      });
    });

    it(`${photo.file}: a click up to 10 px off snaps within 1 px of the detected centre`, () => {
      const found = detectFiducials(images[i]!)!;
      for (const centre of found.points) {
        for (let k = 0; k < 8; k++) {
          const angle = (k * Math.PI) / 4 + 0.3;
          const click: Vec2 = [centre[0] + 10 * Math.cos(angle), centre[1] + 10 * Math.sin(angle)];
          const snapped = findDot(images[i]!, click);
          if (!snapped.ok)
            throw new Error(`${photo.file} at ${click.join(', ')}: ${snapped.message}`);
          expect(distance(snapped.centre, centre)).toBeLessThan(1);
        }
      }
    });

    it(`${photo.file}: the ruler ticks between the scale points agree with 40 mm`, () => {
      const ticks = measureRulerTicks(images[i]!, photo.scale[0], photo.scale[1]);
      expect(ticks).not.toBeNull();
      const check = checkScale(ticks!, DEMO_SCALE_LENGTH_MM)!;
      expect(check.tickMm).toBe(0.5);
      expect(check.agrees).toBe(true);
    });
  }

  it('tracking carries the marks 0 mm -> 15 mm -> 30 mm, though the camera moved', () => {
    let previous = detectFiducials(images[0]!)!.points;
    for (const i of [1, 2]) {
      const tracked = trackFiducials(images[i]!, previous);
      tracked.points.forEach((p, k) =>
        expect(distance(p, DEMO_PHOTOS[i]!.fiducials[k]!)).toBeLessThan(4),
      );
      expect(tracked.tracked.every((t) => t.status === 'snapped')).toBe(true);
      previous = tracked.points;
    }
  });
});
