// The marking checks: turned and mirrored corner orders are caught (from three points on)
// with the reordering that restores the marks; a camera turn shown by the ruler is not a
// mistake; one mis-clicked marker is named with the place the others predict, while the
// demo block's barrelling and clicking noise are not flagged.
import { describe, expect, it } from 'vitest';
import { checkMarks, checkSequenceMarks, fitDeformation, misfitSpread } from '../../../src/core';
import type { MarkFinding, MarkedPoints, Vec2 } from '../../../src/core';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from '../../e2e/support/demo';
import { deform, rotation, squareMarkers } from './helpers';

const demo: MarkedPoints[] = DEMO_PHOTOS.map((photo) => ({
  fiducials: photo.fiducials,
  scalePoints: photo.scale,
}));
const [reference, at15, at30] = demo as [MarkedPoints, MarkedPoints, MarkedPoints];
const options = { scaleLength: DEMO_SCALE_LENGTH_MM };

/** The fiducials listed in another order: slot k holds the old fiducial order[k]. */
function reorder<T>(points: readonly T[], order: readonly number[]): T[] {
  return order.map((i) => points[i] as T);
}

function applyFix(points: readonly (Vec2 | null)[], finding: MarkFinding): (Vec2 | null)[] {
  if (finding.fix.kind !== 'reorder') throw new Error('expected a reordering');
  return reorder(points, finding.fix.order);
}

/** A small seeded generator, so the noisy cases are the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Turns points about the origin and shifts them: the camera turned and moved. */
function turnPhoto(photo: MarkedPoints, degrees: number): MarkedPoints {
  const R = rotation(degrees);
  const move = (points: readonly (Vec2 | null)[]) =>
    points.map((p) => (p ? (deform([p], R, [2000, 2000])[0] as Vec2) : null));
  return { fiducials: move(photo.fiducials), scalePoints: move(photo.scalePoints) };
}

describe('corner order', () => {
  it('the demo photos as marked are not flagged, one by one or as a sequence', () => {
    expect(checkMarks(at15, reference, options)).toBeNull();
    expect(checkMarks(at30, reference, options)).toBeNull();
    expect(checkSequenceMarks(demo, 0, options)).toEqual([null, null, null]);
  });

  const starts = [
    { start: 'top-right', order: [1, 2, 3, 0, 4], turn: 90 },
    { start: 'bottom-right', order: [2, 3, 0, 1, 4], turn: 180 },
    { start: 'bottom-left', order: [3, 0, 1, 2, 4], turn: 270 },
  ];
  for (const { start, order, turn } of starts) {
    it(`corners marked from the ${start} are a turn of ${turn}°, and the fix restores them`, () => {
      for (const photo of [at15, at30]) {
        const marked = { ...photo, fiducials: reorder(photo.fiducials, order) };
        const finding = checkMarks(marked, reference, options);
        expect(finding?.kind).toBe('turned');
        expect(finding?.key).toBe(`turned-${turn}`);
        expect(finding?.message).toContain(`starting from the ${start}`);
        expect(finding?.message).toContain(`${turn}°`);
        expect(finding?.fix.label).toBe('Reorder corners');
        expect(applyFix(marked.fiducials, finding!)).toEqual(photo.fiducials);
      }
    });
  }

  it('is caught from the third corner on, and the fix puts those corners in their slots', () => {
    // Clicked top-right, bottom-right, bottom-left into slots 0, 1, 2.
    const f = at15.fiducials as Vec2[];
    const clicked = [f[1]!, f[2]!, f[3]!, null, null];
    const finding = checkMarks({ fiducials: clicked, scalePoints: [null, null] }, reference);
    expect(finding?.key).toBe('turned-90');
    expect(applyFix(clicked, finding!)).toEqual([null, f[1], f[2], f[3], null]);
    // Two points cannot show a turn yet.
    const two = [f[1]!, f[2]!, null, null, null];
    expect(checkMarks({ fiducials: two, scalePoints: [null, null] }, reference)).toBeNull();
  });

  const mirrors = [
    { order: [0, 3, 2, 1, 4], start: 'top-left' },
    { order: [1, 0, 3, 2, 4], start: 'top-right' },
    { order: [2, 1, 0, 3, 4], start: 'bottom-right' },
    { order: [3, 2, 1, 0, 4], start: 'bottom-left' },
  ];
  for (const { order, start } of mirrors) {
    it(`a mirrored order starting from the ${start} is caught, and the fix restores it`, () => {
      const marked = { ...at30, fiducials: reorder(at30.fiducials, order) };
      const finding = checkMarks(marked, reference, options);
      expect(finding?.kind).toBe('mirrored');
      expect(finding?.message).toContain('anticlockwise');
      expect(finding?.message).toContain(`starting from the ${start}`);
      expect(applyFix(marked.fiducials, finding!)).toEqual(at30.fiducials);
    });
  }

  it('a camera turned by a quarter turn, ruler and all, is not a mistake', () => {
    for (const degrees of [90, 180, 270, -85]) {
      expect(checkMarks(turnPhoto(at15, degrees), reference, options)).toBeNull();
    }
  });

  it('marks turned on a turned photo are still caught, and fixed to what the camera shows', () => {
    const photo = turnPhoto(at15, 90);
    const marked = { ...photo, fiducials: reorder(photo.fiducials, [1, 2, 3, 0, 4]) };
    const finding = checkMarks(marked, reference, options);
    expect(finding?.kind).toBe('turned');
    expect(applyFix(marked.fiducials, finding!)).toEqual(photo.fiducials);
  });

  it('without the ruler the markers alone are judged: a turned specimen is flagged', () => {
    const photo = turnPhoto(at15, 90);
    const finding = checkMarks({ ...photo, scalePoints: [null, null] }, reference, options);
    // Turned clockwise on the screen, the top-left dot shows where the top-right was.
    expect(finding?.key).toBe('turned-90');
  });

  it('scale points clicked in the other order do not make correct corners look turned', () => {
    const [s1, s2] = at15.scalePoints as [Vec2, Vec2];
    const swapped = { ...at15, scalePoints: [s2, s1] };
    expect(checkMarks(swapped, reference, options)).toBeNull();
  });

  it('a reference marked in a turned order is flagged there, not on every other photo', () => {
    const turnedReference = {
      ...reference,
      fiducials: reorder(reference.fiducials, [1, 2, 3, 0, 4]),
    };
    const findings = checkSequenceMarks([turnedReference, at15, at30], 0, options);
    expect(findings[1]).toBeNull();
    expect(findings[2]).toBeNull();
    expect(findings[0]?.kind).toBe('turned');
    expect(applyFix(turnedReference.fiducials, findings[0]!)).toEqual(reference.fiducials);
  });

  it('with a single photo against the reference, that photo takes the flag', () => {
    const turned = { ...at15, fiducials: reorder(at15.fiducials, [2, 3, 0, 1, 4]) };
    const findings = checkSequenceMarks([reference, turned, at30], 0, options);
    expect(findings.map((f) => f?.key ?? null)).toEqual([null, 'turned-180', null]);
  });
});

describe('one stray marker', () => {
  const square = squareMarkers(400, 300, 120);
  const F = [
    [1.08, 0.03],
    [-0.02, 0.86],
  ] as [[number, number], [number, number]];
  const deformed = deform(square, F, [30, -12]);
  /** RMS distance of the corners from the centre: the marker spacing. */
  const spacing = Math.sqrt(
    [0, 1, 2, 3].reduce(
      (s, i) =>
        s +
        ((deformed[i] as Vec2)[0] - (deformed[4] as Vec2)[0]) ** 2 +
        ((deformed[i] as Vec2)[1] - (deformed[4] as Vec2)[1]) ** 2,
      0,
    ) / 4,
  );
  const moved = (points: readonly Vec2[], k: number, fraction: number, angle = 0.7) =>
    points.map((p, i): Vec2 =>
      i === k
        ? [p[0] + fraction * spacing * Math.cos(angle), p[1] + fraction * spacing * Math.sin(angle)]
        : p,
    );
  const asPhoto = (fiducials: readonly Vec2[]): MarkedPoints => ({
    fiducials,
    scalePoints: [null, null],
  });

  it('a centre moved by 4% of the spacing is named, and re-snapped where it was (1e-9 px)', () => {
    const finding = checkMarks(asPhoto(moved(deformed, 4, 0.04)), asPhoto(square));
    expect(finding?.kind).toBe('stray');
    expect(finding?.markers).toEqual([4]);
    expect(finding?.message).toMatch(/^Fiducial 4 \(centre\) sits \d+(\.\d)? px from where/);
    expect(finding?.fix.label).toBe('Re-snap fiducial 4');
    const [candidate] = finding!.fix.kind === 'resnap' ? finding!.fix.candidates : [];
    expect(
      Math.hypot(candidate!.at[0] - deformed[4]![0], candidate!.at[1] - deformed[4]![1]),
    ).toBeLessThan(1e-9);
    expect(finding?.offsetPx).toBeCloseTo(0.04 * spacing, 6);
  });

  it('a corner moved by 4% is named with the opposite corner a perfect square cannot tell from it', () => {
    for (const k of [0, 1, 2, 3]) {
      const finding = checkMarks(asPhoto(moved(deformed, k, 0.04)), asPhoto(square));
      expect(finding?.kind).toBe('stray');
      expect(finding?.markers).toEqual([Math.min(k, (k + 2) % 4), Math.max(k, (k + 2) % 4)]);
      const own =
        finding!.fix.kind === 'resnap'
          ? finding!.fix.candidates.find((c) => c.marker === k)
          : undefined;
      expect(Math.hypot(own!.at[0] - deformed[k]![0], own!.at[1] - deformed[k]![1])).toBeLessThan(
        1e-9,
      );
    }
  });

  it('on the demo reference (not a parallelogram) a corner moved by 4% is named alone', () => {
    const ref = reference.fiducials as Vec2[];
    const current = deform(ref, F, [-40, 25]);
    const refSpacing = Math.sqrt(
      [0, 1, 2, 3].reduce(
        (s, i) =>
          s +
          ((current[i] as Vec2)[0] - current[4]![0]) ** 2 +
          ((current[i] as Vec2)[1] - current[4]![1]) ** 2,
        0,
      ) / 4,
    );
    for (const k of [0, 1, 2, 3, 4]) {
      const off = current.map((p, i): Vec2 => (i === k ? [p[0] + 0.04 * refSpacing, p[1]] : p));
      const finding = checkMarks(asPhoto(off), asPhoto(ref));
      expect(finding?.markers).toEqual([k]);
    }
  });

  it('gives the distance in mm once the scale is known', () => {
    const photo = {
      fiducials: moved(deformed, 4, 0.04),
      scalePoints: [
        [0, 0],
        [0, 400],
      ] as Vec2[],
    };
    const finding = checkMarks(photo, asPhoto(square), { scaleLength: 40 });
    // 4% of the spacing at 0.1 mm/px.
    const mm = 0.04 * spacing * 0.1;
    expect(finding?.message).toContain(`sits ${mm.toPrecision(2)} mm from where`);
  });

  it('a barrelled square (quadratic bulge, uneven top to bottom) is not flagged', () => {
    // Compressed along y; the sides bulge most at mid-height, more near the bottom, and
    // the centre sinks: every non-affine mode of five markers is present.
    for (const bulge of [0.05, 0.15, 0.3]) {
      const barrelled = square.map(([x0, y0]): Vec2 => {
        const x = (x0 - 400) / 120;
        const y = (y0 - 300) / 120;
        const u = x * (0.1 + bulge * (1 - y * y) + 0.6 * bulge * y);
        const v = -0.25 * y + 0.4 * bulge * (1 - x * x) * (1 - y * y) + 0.2 * bulge * x * y;
        return [x0 + 120 * u, y0 + 120 * v];
      });
      expect(fitDeformation(square, barrelled).residualRms).toBeGreaterThan(bulge * 10);
      expect(checkMarks(asPhoto(barrelled), asPhoto(square))).toBeNull();
    }
  });

  it('the demo block misfits evenly: 3.7 mm at 30 mm, and no one marker stands out', () => {
    const mm = (photo: MarkedPoints) => {
      const [s0, s1] = photo.scalePoints as [Vec2, Vec2];
      const k = DEMO_SCALE_LENGTH_MM / Math.hypot(s1[0] - s0[0], s1[1] - s0[1]);
      return (photo.fiducials as Vec2[]).map((p): Vec2 => [(p[0] - s0[0]) * k, (p[1] - s0[1]) * k]);
    };
    // The fit residual the results show, for the record (to 0.1 mm).
    expect(fitDeformation(mm(reference), mm(at30)).residualRms).toBeCloseTo(3.76, 1);
    const spread = misfitSpread(at30.fiducials as Vec2[], reference.fiducials as Vec2[]);
    expect(spread?.marker).toBeNull();
    expect(Math.max(...spread!.restRms) / Math.min(...spread!.restRms)).toBeLessThan(2);
  });

  it('clicking noise of 0.5 px on 300 random deformations flags nothing', () => {
    const next = random(7);
    const gauss = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    for (let trial = 0; trial < 300; trial++) {
      const G = [
        [0.7 + 0.6 * next(), 0.2 * (next() - 0.5)],
        [0.2 * (next() - 0.5), 0.7 + 0.6 * next()],
      ] as [[number, number], [number, number]];
      const noisy = deform(square, G).map((p): Vec2 => [
        p[0] + 0.5 * gauss(),
        p[1] + 0.5 * gauss(),
      ]);
      expect(checkMarks(asPhoto(noisy), asPhoto(square))).toBeNull();
    }
  });

  it('a mis-clicked reference marker is flagged on the reference when most photos show it', () => {
    const ref = moved(square, 4, 0.05);
    const photos = [
      asPhoto(ref),
      asPhoto(deform(square, F)),
      asPhoto(deform(square, rotation(3))),
      asPhoto(square),
    ];
    const findings = checkSequenceMarks(photos, 0);
    expect(findings[0]?.markers).toEqual([4]);
    expect(findings.slice(1)).toEqual([null, null, null]);
  });
});

describe('distances in the stray message', () => {
  const square: Vec2[] = [
    [0, 0],
    [400, 0],
    [400, 400],
    [0, 400],
    [200, 200],
  ];
  const withCentreAt = (centre: Vec2): MarkedPoints => ({
    fiducials: [...square.slice(0, 4), centre],
    scalePoints: [
      [500, 0],
      [500, 400],
    ],
  });
  const sentence = (offset: number, scaleLength?: number) =>
    checkMarks(withCentreAt([200 + offset, 200]), withCentreAt([200, 200]), { scaleLength })
      ?.message;

  it('read in mm with two significant digits, whole from 10 on, else in px', () => {
    // 400 px between the scale points.
    expect(sentence(15, 40)).toContain('sits 1.5 mm from');
    expect(sentence(30, 40)).toContain('sits 3 mm from');
    expect(sentence(110, 40)).toContain('sits 11 mm from');
    expect(sentence(123, 400)).toContain('sits 123 mm from');
    expect(sentence(15)).toContain('sits 15 px from');
    expect(sentence(7.25)).toContain('sits 7.3 px from');
  });
});
