// Snapping to a dot that touches a shadow or a dark edge, on synthetic renders whose true
// centres are known: a disc or ellipse with a dark half-plane (the specimen's dark edge),
// a shadow's edge, a shadow band or a dark band of various widths, or a soft (gradient)
// shadow over 0-45 % of its width, under blur, noise and uneven light. The centre then
// comes from the part of the outline that borders lighter ground; what cannot be located
// that way is refused or graded poor, with an uncertainty that says how far off it may be.
import { describe, expect, it } from 'vitest';
import { findDot } from '../../../src/core';
import type { Vec2 } from '../../../src/core';
import { shadowCases, shadowScene } from './scenes';
import type { ShadowSpec } from './scenes';

const rms = (values: number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);
const distance = (a: Vec2, b: Vec2) => Math.hypot(a[0] - b[0], a[1] - b[1]);

describe('dots touching a shadow or a dark edge', () => {
  it('locates them within 0.15 px RMS, and says how sure it is', () => {
    // 60 scenes: 12 of each kind of shade, discs and ellipses up to 1.3:1.
    const errors: number[] = [];
    const graded: number[] = [];
    const discs: number[] = [];
    let honest = 0;
    const cases = shadowCases(12, 1, 1.3);
    for (const { spec, click } of cases) {
      const scene = shadowScene(spec);
      const found = findDot(scene.image, click);
      if (!found.ok) continue;
      const error = distance(found.centre, scene.truth);
      errors.push(error);
      if (found.quality.grade !== 'poor') graded.push(error);
      if ((spec.aspect ?? 1) === 1) discs.push(error);
      // The uncertainty is per axis, the error a 2D distance.
      if (error <= 3 * Math.SQRT2 * found.quality.uncertainty) honest++;
    }
    // Measured: 50 of 60 found (dots seen less than half way round, whose arc cannot tell
    // a round dot from a flattened one, are refused); 0.13 px RMS over all, 0.08 graded
    // fair, 0.05 for discs; 98 % within three reported standard deviations.
    expect(errors.length).toBeGreaterThanOrEqual(0.8 * cases.length);
    expect(rms(graded)).toBeLessThan(0.15);
    expect(rms(discs)).toBeLessThan(0.1);
    expect(rms(errors)).toBeLessThan(0.2);
    expect(honest / errors.length).toBeGreaterThan(0.8);
  }, 60_000);

  const examples: [string, ShadowSpec][] = [
    [
      'a disc 30 % inside the dark area beyond the specimen',
      { kind: 'dark-edge', diameter: 24, overlap: 0.3, normal: 1.2, offset: [0.31, -0.22] },
    ],
    [
      'a disc touching a dark band',
      {
        kind: 'dark-band',
        diameter: 20,
        overlap: 0.05,
        normal: 2.5,
        width: 30,
        offset: [0.1, 0.4],
      },
    ],
    [
      'an ellipse with its end in a shadow band',
      {
        kind: 'band',
        diameter: 30,
        aspect: 1.4,
        turn: 0.5,
        overlap: 0.25,
        normal: 0.5,
        width: 12,
        depth: 0.7,
        offset: [-0.37, 0.18],
      },
    ],
    [
      'a disc 40 % inside a shadow',
      {
        kind: 'shadow-edge',
        diameter: 30,
        overlap: 0.4,
        normal: 4,
        depth: 0.6,
        offset: [0.2, 0.2],
      },
    ],
  ];
  for (const [name, spec] of examples) {
    it(`finds ${name} from its visible outline`, () => {
      const scene = shadowScene({ blur: 1, noise: 2.5, ...spec });
      const found = findDot(scene.image, scene.truth);
      if (!found.ok) throw new Error(found.message);
      expect(distance(found.centre, scene.truth)).toBeLessThan(0.15);
      expect(found.quality.method).toBe('outline');
      expect(found.quality.touching).toBe(true);
      expect(found.quality.grade).not.toBe('good');
      expect(found.quality.coverage).toBeGreaterThan(0.4);
      expect(found.quality.coverage).toBeLessThan(1);
    });
  }

  it('follows a soft shadow across a dot without being pulled by it', () => {
    const scene = shadowScene({
      kind: 'soft-shadow',
      diameter: 24,
      overlap: 0.3,
      normal: 0.8,
      depth: 0.6,
      softness: 6,
      offset: [0.27, -0.41],
    });
    const found = findDot(scene.image, [scene.truth[0] - 3, scene.truth[1] + 2]);
    if (!found.ok) throw new Error(found.message);
    expect(distance(found.centre, scene.truth)).toBeLessThan(0.15);
  });

  it('refuses a dot mostly hidden in a dark area, or grades it poor', () => {
    const scene = shadowScene({ kind: 'dark-edge', diameter: 24, overlap: 0.75, normal: 0.3 });
    const toward: Vec2 = [scene.truth[0] - 8 * Math.cos(0.3), scene.truth[1] - 8 * Math.sin(0.3)];
    const found = findDot(scene.image, toward);
    if (found.ok) {
      expect(found.quality.grade).toBe('poor');
      expect(found.quality.uncertainty).toBeGreaterThan(distance(found.centre, scene.truth) / 3);
    }
  });

  // A 16 px dot flattened 1.13:1, 40 % under a dark band, seen less than half way round:
  // its visible arc fits a circle about as well as an ellipse, and the circle's centre
  // lies 1.5 px off while its scatter suggests a fifth of that.
  const hiddenFlattened: ShadowSpec = {
    kind: 'dark-band',
    diameter: 16,
    aspect: 1.1325,
    turn: 2.5923,
    overlap: 0.4031,
    normal: 0.9605,
    width: 26.27,
    offset: [-0.4752, 0.1402],
    blur: 1.4666,
    noise: 2.3501,
    gradient: [0.002344, -0.000169],
    seed: 2113,
  };

  it('places a flattened dot seen less than half way round within 1 px, or refuses it', () => {
    const scene = shadowScene(hiddenFlattened);
    const found = findDot(scene.image, [scene.truth[0] - 0.18, scene.truth[1] - 0.26]);
    if (found.ok) {
      expect(distance(found.centre, scene.truth)).toBeLessThan(1);
    } else {
      expect(found.reason).toBe('shape-unclear');
      expect(found.message).toMatch(/round or flattened/);
    }
  });

  it('places every render of that dot within 1 px, or refuses it: fresh noise, shifted', () => {
    // The free ellipse is often as far off as the circle on such an arc, so the refusal
    // cannot rest on their disagreement alone; the flattening the arc could hide decides.
    const outcomes = Array.from({ length: 12 }, (_, k) => {
      const spec: ShadowSpec = {
        ...hiddenFlattened,
        seed: 5000 + k,
        offset: [((k * 0.37) % 1) - 0.5, ((k * 0.61) % 1) - 0.5],
      };
      const scene = shadowScene(spec);
      const found = findDot(scene.image, scene.truth);
      return found.ok ? distance(found.centre, scene.truth) : found.message;
    });
    for (const outcome of outcomes) {
      // A refusal always says why.
      if (typeof outcome === 'number') expect(outcome).toBeLessThan(1);
      else expect(outcome.length).toBeGreaterThan(20);
    }
  }, 30_000);

  it('places small flattened dots a third or more under a band within 1 px, or refuses them', () => {
    // 12 and 16 px dots flattened by 15 and 25 %, 35-45 % of their width under a shadow
    // band, turned and shifted: a ring half in shadow once tilted the light plane, the
    // shadowed edges passed for clean ones, and 6 of these 16 renders came out 1.3-3.4 px
    // off while stating 0.1-0.65 px.
    const family: [ShadowSpec['kind'], number, number, number][] = [
      ['band', 16, 1.25, 0.45],
      ['band', 12, 1.15, 0.35],
    ];
    for (const [kind, diameter, aspect, overlap] of family) {
      for (let k = 0; k < 8; k++) {
        const scene = shadowScene({
          ...hiddenFlattened,
          kind,
          diameter,
          aspect,
          overlap,
          turn: hiddenFlattened.turn! + 0.4 * k,
          seed: 7000 + k,
          offset: [((k * 0.37) % 1) - 0.5, ((k * 0.61) % 1) - 0.5],
        });
        const found = findDot(scene.image, scene.truth);
        const what = `${kind} ${diameter} px ${aspect}:1, ${overlap} under, render ${k}`;
        if (found.ok) expect(distance(found.centre, scene.truth), what).toBeLessThan(1);
        else expect(found.message.length, what).toBeGreaterThan(20);
      }
    }
  }, 20_000);

  it('finds a round dot under the same band once more than half of it shows', () => {
    // Seen less than half way round, even a round dot could be a flattened one as far as
    // its arc tells, and may be refused; with a little more of it in the light, it is
    // found from its outline.
    const scene = shadowScene({ ...hiddenFlattened, aspect: 1, overlap: 0.25, seed: 6001 });
    const found = findDot(scene.image, [scene.truth[0] - 2.5, scene.truth[1] - 2.5]);
    if (!found.ok) throw new Error(found.message);
    expect(distance(found.centre, scene.truth)).toBeLessThan(0.25);
    expect(found.quality.method).toBe('outline');
    expect(found.quality.touching).toBe(true);
  });

  it('lands on the same centre wherever on the visible part the click falls', () => {
    const scene = shadowScene({ kind: 'dark-edge', diameter: 30, overlap: 0.3, normal: 1.9 });
    const [x, y] = scene.truth;
    const answers = [
      [x, y],
      [x + 4, y - 5],
      [x - 6, y - 2],
    ].map((p) => {
      const found = findDot(scene.image, p as unknown as Vec2);
      if (!found.ok) throw new Error(found.message);
      return found.centre;
    });
    for (const a of answers) expect(distance(a, answers[0]!)).toBeLessThan(0.02);
  });
});
