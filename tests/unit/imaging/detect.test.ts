// Automatic detection of the five fiducials on synthetic photos with known marker centres:
// the order under rotation and shear, never a ruler tick, a digit or a speck, an honest
// confidence when the choice is unclear, and the strain of a known homogeneous deformation.
import { describe, expect, it } from 'vitest';
import { CONFIDENT, detectFiducials, findFiducials } from '../../../src/core';
import type { Mat2, Vec2 } from '../../../src/core';
import { detectedStrainErrors, STRAIN_DEFORMATIONS } from './detectedStrain';
import { disc } from './render';
import { multiply, patternScene, rotationF } from './scenes';
import type { PatternSpec } from './scenes';

const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A 900 x 700 photo: the pattern, a ruler of 0.5 mm ticks with digits, text and specks. */
function busyScene(F: Mat2, seed = 3, extra: Partial<PatternSpec> = {}) {
  return patternScene({
    width: 900,
    height: 700,
    centre: [400, 350],
    half: 140,
    F,
    dot: 22,
    ruler: { x: 720, y0: 60, y1: 640, spacing: 7.5 },
    text: [
      [100, 80],
      [130, 590],
      [590, 610],
    ],
    specks: 40,
    seed,
    ...extra,
  });
}

describe('detectFiducials', () => {
  const shapes: [string, Mat2][] = [
    ['upright', rotationF(0)],
    ['turned 20 degrees', rotationF(20)],
    ['turned -35 degrees', rotationF(-35)],
    [
      'sheared',
      multiply(rotationF(5), [
        [1, 0.3],
        [0, 1],
      ]),
    ],
    [
      'squashed (compressed 30 %, widened 30 %)',
      [
        [1.3, 0],
        [0, 0.7],
      ],
    ],
    [
      'squashed and turned',
      multiply(rotationF(-15), [
        [1.2, 0.1],
        [0, 0.8],
      ]),
    ],
  ];
  for (const [name, F] of shapes) {
    it(`finds the five dots in marker order, ${name}, beside a ruler and text`, () => {
      const scene = busyScene(F);
      const found = detectFiducials(scene.image);
      expect(found).not.toBeNull();
      found!.points.forEach((p, k) => expect(distance(p, scene.truth[k]!)).toBeLessThan(0.1));
      expect(found!.confidence).toBeGreaterThanOrEqual(CONFIDENT);
      expect(found!.quality.every((q) => q !== null)).toBe(true);
    });
  }

  it('is unsure, and says why, when the specimen is turned near 45 degrees', () => {
    const scene = busyScene(rotationF(44));
    const found = findFiducials(scene.image);
    if (!found.ok) throw new Error(found.message);
    expect(found.confidence).toBeLessThan(CONFIDENT);
    expect(found.reasons.join(' ')).toMatch(/45 degrees/);
    // The dots are still the right five, in a clockwise order.
    for (const t of scene.truth)
      expect(Math.min(...found.points.map((p) => distance(p, t)))).toBeLessThan(0.1);
  });

  it('is unsure when two groups of dots fit equally well, and offers the other', () => {
    // Two identical patterns side by side.
    const left = busyScene(rotationF(0), 5, {
      ruler: undefined,
      text: [],
      centre: [230, 350],
      half: 100,
      width: 1000,
    });
    const twin = patternScene({
      width: 1000,
      height: 700,
      centre: [760, 350],
      half: 100,
      dot: 22,
      seed: 6,
    });
    // Draw both: put the second pattern's dark pixels into the first photo.
    const data = left.image.data;
    for (let i = 0; i < data.length; i++) data[i] = Math.min(data[i]!, twin.image.data[i]!);
    const found = findFiducials(left.image);
    if (!found.ok) throw new Error(found.message);
    expect(found.confidence).toBeLessThan(CONFIDENT);
    expect(found.reasons.join(' ')).toMatch(/almost as well/);
    expect(found.alternatives.length).toBeGreaterThan(0);
  });

  it('never takes ruler ticks, digits or specks for fiducials when a dot is missing', () => {
    const scene = busyScene(rotationF(0), 4);
    // Paint over the centre dot: only four dots remain.
    const { image, truth } = scene;
    const [cx, cy] = truth[4]!;
    for (let y = Math.floor(cy - 16); y < cy + 16; y++) {
      for (let x = Math.floor(cx - 16); x < cx + 16; x++) {
        const i = (y * image.width + x) * 4;
        const v = image.data[(Math.floor(cy - 20) * image.width + x) * 4]!;
        image.data[i] = image.data[i + 1] = image.data[i + 2] = v;
      }
    }
    const found = findFiducials(image);
    if (found.ok) {
      // Whatever it offers, it must not be sure of it.
      expect(found.confidence).toBeLessThan(CONFIDENT);
    } else {
      expect(['too-few-dots', 'no-pattern']).toContain(found.reason);
    }
  });

  it('returns null with a reason on a photo without dots', () => {
    const scene = patternScene({ width: 400, height: 300, centre: [-500, -500], half: 10, dot: 8 });
    expect(detectFiducials(scene.image)).toBeNull();
    const found = findFiducials(scene.image);
    expect(found).toMatchObject({ ok: false, reason: 'too-few-dots' });
  });

  it('ignores lone dots of other sizes off the pattern', () => {
    const scene = busyScene(rotationF(10), 8, {
      extra: [[disc([800, 110], 40)], [disc([620, 520], 12)], [disc([120, 330], 22)]],
    });
    const found = detectFiducials(scene.image);
    expect(found).not.toBeNull();
    found!.points.forEach((p, k) => expect(distance(p, scene.truth[k]!)).toBeLessThan(0.1));
  });
});

describe('strain from detected markers', () => {
  // The budget: the strain error of a known homogeneous deformation under 2e-4.
  for (const [k, F] of STRAIN_DEFORMATIONS.entries()) {
    it(`recovers the small strain of deformation ${k + 1} within 2e-4`, () => {
      const errors = detectedStrainErrors(F, [500.37, 400.61], [507.7, 396.5], [20 + k, 30 + k]);
      for (const error of errors) expect(error).toBeLessThan(2e-4);
    });
  }
});
