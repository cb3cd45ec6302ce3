// Snapping to a dot's centre (locateDot / findDot) on synthetic renders whose true centres
// are known: anti-aliased discs and ellipses of 8-60 px at sub-pixel positions, with blur,
// noise and a lighting gradient; a dot touching a line; and the shapes that are no dot.
import { describe, expect, it } from 'vitest';
import { findDot, locateDot } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { glyph } from './scenes';
import { disc, random, render } from './render';
import type { Shape } from './render';

const rms = (values: number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A square photo with the shapes in it, mild blur and noise, light falling off across it. */
function photo(groups: Shape[][], size = 200, seed = 7) {
  return render({
    width: size,
    height: size,
    groups,
    blur: 1,
    noise: 3,
    gradient: [0.002, -0.0015],
    seed,
  });
}

describe('locateDot on synthetic dots', () => {
  // Tolerance: the budget of 0.05 px RMS (2D distance); this set measures near 0.013.
  it('finds the centre of discs and ellipses of 8 to 60 px within 0.05 px RMS (aim 0.02)', () => {
    const rand = random(11);
    const errors: number[] = [];
    for (const d of [8, 12, 20, 30, 45, 60]) {
      for (let k = 0; k < 6; k++) {
        const size = Math.ceil(2.6 * d + 40);
        const centre: Vec2 = [size / 2 + rand() - 0.5, size / 2 + rand() - 0.5];
        const aspect = k % 2 === 0 ? 1 : 1.3 + rand();
        const image = render({
          width: size,
          height: size,
          groups: [[{ kind: 'ellipse', centre, a: d / 2, b: d / 2 / aspect, angle: rand() * 3 }]],
          blur: 0.7 + rand() * 0.8,
          noise: 2 + rand() * 2,
          gradient: [(rand() - 0.5) * 0.006, (rand() - 0.5) * 0.006],
          seed: 100 * d + k,
        });
        const near: Vec2 = [centre[0] + (rand() - 0.5) * 8, centre[1] + (rand() - 0.5) * 8];
        const found = locateDot(image, near);
        expect(found, `a ${d} px dot`).not.toBeNull();
        errors.push(distance(found!.centre, centre));
      }
    }
    expect(rms(errors)).toBeLessThan(0.05);
    expect(Math.max(...errors)).toBeLessThan(0.1);
  });

  it('lands on the same centre wherever around the dot the click falls', () => {
    const centre: Vec2 = [100.4, 99.3];
    const image = photo([[disc(centre, 24)]]);
    const answers = [
      [100, 100],
      [112, 95],
      [90, 110],
      [101, 85],
    ].map((p) => locateDot(image, p as unknown as Vec2)!.centre);
    for (const a of answers) expect(distance(a, answers[0]!)).toBeLessThan(1e-9);
  });

  it('reports a quality: contrast, noise, size, a good grade and a small uncertainty', () => {
    const centre: Vec2 = [100.2, 100.7];
    const found = locateDot(photo([[disc(centre, 20)]]), [104, 97])!;
    const q = found.quality;
    expect(q.grade).toBe('good');
    expect(q.method).toBe('centroid');
    expect(q.touching).toBe(false);
    expect(q.diameter).toBeGreaterThan(18);
    expect(q.diameter).toBeLessThan(22);
    expect(q.snr).toBeGreaterThan(20);
    expect(q.uncertainty).toBeGreaterThan(0);
    expect(q.uncertainty).toBeLessThan(0.03);
    expect(q.fit).toBeGreaterThan(0.95);
  });

  it('ignores another dot and specks nearby', () => {
    const centre: Vec2 = [100.3, 99.6];
    const image = photo([[disc(centre, 20)], [disc([126, 112], 14)], [disc([88, 120], 3)]]);
    expect(distance(locateDot(image, [104, 96])!.centre, centre)).toBeLessThan(0.05);
  });
});

describe('a dot touching a dark line or shadow', () => {
  // Part of the dot's outline is hidden by the line: the centre comes from the visible part.
  // Tolerance 0.3 px, and the quality says what happened.
  const centre: Vec2 = [100.3, 99.7];
  const cases: [string, Shape[]][] = [
    [
      'a line overlapping its lower edge',
      [disc(centre, 20), { kind: 'bar', from: [20, 112], to: [190, 108], width: 4 }],
    ],
    [
      'a thick shadow line below it',
      [disc(centre, 20), { kind: 'bar', from: [20, 113], to: [190, 113], width: 8 }],
    ],
    [
      'a line through it',
      [disc(centre, 20), { kind: 'bar', from: [20, 102], to: [190, 98], width: 4 }],
    ],
    [
      'a line along its side',
      [disc(centre, 24), { kind: 'bar', from: [113, 20], to: [111, 190], width: 3 }],
    ],
    [
      'a line at the tip of a flattened dot',
      [
        { kind: 'ellipse', centre, a: 15, b: 5, angle: 0.3 },
        { kind: 'bar', from: [114, 130], to: [118, 60], width: 3 },
      ],
    ],
  ];
  for (const [name, shapes] of cases) {
    it(`separates the dot from ${name}`, () => {
      const found = findDot(photo([shapes]), [106, 95]);
      if (!found.ok) throw new Error(found.message);
      expect(distance(found.centre, centre)).toBeLessThan(0.3);
      expect(found.quality.touching).toBe(true);
      expect(found.quality.grade).not.toBe('good');
    });
  }
});

describe('no dot: the click stays, with a reason', () => {
  const cases: [string, Shape[][], Vec2, string[]][] = [
    ['a flat area', [], [100, 100], ['flat']],
    [
      'an edge of a large dark area',
      [[{ kind: 'bar', from: [130, -50], to: [130, 260], width: 60 }]],
      [100, 100],
      ['too-large', 'not-dot-shaped', 'flat'],
    ],
    [
      'a long line',
      [[{ kind: 'bar', from: [20, 100], to: [190, 100], width: 4 }]],
      [100, 100],
      ['not-dot-shaped'],
    ],
    [
      'a ruler tick',
      [[{ kind: 'bar', from: [80, 100], to: [120, 100], width: 3 }]],
      [100, 100],
      ['not-dot-shaped'],
    ],
    ['a digit', [glyph([85, 75], 45, 0)], [100, 100], ['not-dot-shaped']],
    ['a letter T', [glyph([80, 80], 45, 2)], [100, 100], ['not-dot-shaped']],
    ['a dot too far away', [[disc([100, 100], 20)]], [170, 100], ['flat', 'no-dot']],
  ];
  for (const [name, groups, near, reasons] of cases) {
    it(`says there is no dot at ${name}`, () => {
      const found = findDot(photo(groups), near);
      expect(found.ok).toBe(false);
      if (found.ok) return;
      expect(reasons).toContain(found.reason);
      expect(found.message.length).toBeGreaterThan(10);
      expect(locateDot(photo(groups), near)).toBeNull();
    });
  }

  it('refuses a point outside the photo and a dot cut by its edge', () => {
    const image = photo([[disc([3, 100], 20)]]);
    expect(findDot(image, [-5, 100])).toMatchObject({ ok: false, reason: 'outside' });
    expect(findDot(image, [4, 100])).toMatchObject({ ok: false, reason: 'cut-by-edge' });
  });
});
