// Is a located centre unbiased under uneven light, and does its stated uncertainty predict
// its real error? Checked on synthetic dots whose true centres are known (dotSet.ts), on a
// draw (seed 3) that played no part in setting the uncertainty model.
import { describe, expect, it } from 'vitest';
import { findDot } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { locateAll, summarise } from './dotAccuracy';
import { freeDotCases, shadedDotCases } from './dotSet';
import { render } from './render';
import { shadowScene } from './scenes';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('located centres and their uncertainty', () => {
  it('are unbiased and honestly uncertain on dots of 6-80 px under uneven light and shadows', () => {
    // 104 free dots (8 of each size) and 40 partly shaded ones (8 per kind of shade).
    const free = locateAll(freeDotCases(104, 3));
    const shaded = locateAll(shadedDotCases(8, 13));
    const f = summarise(free);
    const all = summarise([...free, ...shaded]);
    // Measured on this draw: free dots 0.023 px RMS, mean error 0.004 px at most along x,
    // y and the light's rise; free and shaded together, error / uncertainty RMS 0.90 and
    // 97 % of the errors within two uncertainties. The tolerances are the budget
    // (0.05 px RMS), twice the bias budget (this set is small), and the target ranges of
    // the calibration figures widened by a tenth.
    expect(f.found).toBeGreaterThanOrEqual(100);
    expect(f.rmsPx).toBeLessThan(0.05);
    expect(f.biasPx).toBeLessThan(0.02);
    expect(all.rmsNormalised).toBeGreaterThan(0.63);
    expect(all.rmsNormalised).toBeLessThan(1.54);
    expect(all.within2).toBeGreaterThan(0.81);
    expect(all.within2).toBeLessThanOrEqual(0.99);
  }, 60_000);

  it('keeps a large dot where it is when part of the light across it is added glare', () => {
    // A 50 px disc with the light rising to the right by a tenth of its contrast across
    // it, all of it glare (as bright on the ink as on the paper): weighing the darkness as
    // a fraction of the paper's level put its centre 0.3 px towards the darker side.
    const centre: Vec2 = [100.37, 99.81];
    const image = render({
      width: 200,
      height: 200,
      groups: [[{ kind: 'ellipse', centre, a: 25, b: 25 }]],
      gradient: [(0.1 * 0.906) / 50, 0],
      glare: 1,
      blur: 1,
      noise: 2,
      seed: 5,
    });
    const found = findDot(image, [103, 97]);
    if (!found.ok) throw new Error(found.message);
    // Tolerance: a few times the pixel-noise spread (about 0.005 px here).
    expect(Math.abs(found.centre[0] - centre[0])).toBeLessThan(0.03);
    expect(distance(found.centre, centre)).toBeLessThan(3 * Math.SQRT2 * found.quality.uncertainty);
  });

  it('keeps a large dot where it is under light curved like a lamp close by', () => {
    // A 60 x 44 px ellipse under a bowl of light whose lowest point lies 40 px to its
    // left: across the dot the light changes by a fifth of its contrast, most of it the
    // bend. A plane through the ring around the dot left it 0.05 px off.
    const centre: Vec2 = [110.41, 109.77];
    const q = 0.00004;
    for (const glare of [0, 1]) {
      const image = render({
        width: 220,
        height: 220,
        groups: [[{ kind: 'ellipse', centre, a: 30, b: 22, angle: 0.4 }]],
        gradient: [2 * q * 40, 0],
        curvature: [q, 0, q],
        glare,
        blur: 1.2,
        noise: 2,
        seed: 3,
      });
      const found = findDot(image, [112, 108]);
      if (!found.ok) throw new Error(found.message);
      // Tolerance: a few times the pixel-noise spread (about 0.005 px here).
      expect(distance(found.centre, centre), `glare ${glare}`).toBeLessThan(0.02);
    }
  });

  it('states a wide uncertainty for a small dot under a shadow band that reads as free', () => {
    // A 12 px disc with a broad shadow band over 40 % of it, drawn from the dot set: the
    // centroid lands about 0.85 px off, and the uncertainty once said 0.004 px (pixel
    // noise alone). The band's edge across the background ring says how uncertain the
    // background under the dot is.
    const scene = shadowScene({
      kind: 'band',
      diameter: 12,
      overlap: 0.412,
      normal: 5.451,
      width: 22.35,
      depth: 0.555,
      offset: [0.325, 0.393],
      blur: 0.948,
      noise: 3.1,
      gradient: [-5e-5, -3.5e-5],
      seed: 12102,
    });
    const found = findDot(scene.image, [129.5, 129.66]);
    if (!found.ok) return; // refusing it would be as honest
    const error = distance(found.centre, scene.truth);
    expect(error).toBeLessThan(3 * Math.SQRT2 * found.quality.uncertainty);
  });
});
