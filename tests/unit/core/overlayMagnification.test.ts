// The default misfit magnification: a good marking's misfits draw as short, readable
// arrows, a mis-click of 10 px on a 12 MP photo draws many times longer, nothing is drawn
// longer than 0.6 of the marker spacing, and a specimen that deforms unevenly keeps ×1.
import { describe, expect, it } from 'vitest';
import { analyseSequence, sequenceOverlays } from '../../../src/core';
import type { ImageMarks, SequenceRequest, Vec2 } from '../../../src/core';
import {
  LONGEST_MISFIT_REACH,
  SCATTER_FRACTION,
  TYPICAL_MISFIT_REACH,
  defaultMisfitMagnification,
  median,
} from '../../../src/core/overlayMagnification';
import { CAREFUL_PHOTO, CAREFUL_SCALE, carefulFiducials } from '../../support/overlay';

/** Five photos of a specimen deforming homogeneously, clicked with a careful hand. */
function sequence(
  nudge?: { photo: number; marker: number; by: Vec2 },
  uncertainty?: number,
): SequenceRequest {
  const images = Array.from({ length: 5 }, (_, step): ImageMarks => {
    const fiducials = carefulFiducials(step);
    if (nudge?.photo === step) {
      const p = fiducials[nudge.marker] as Vec2;
      fiducials[nudge.marker] = [p[0] + nudge.by[0], p[1] + nudge.by[1]];
    }
    return {
      name: `step-${step}.png`,
      fiducials,
      scalePoints: CAREFUL_SCALE.points,
      pressTravel: step,
      ...(uncertainty ? { fiducialUncertainty: fiducials.map(() => uncertainty) } : {}),
    };
  });
  return {
    images,
    scaleLength: CAREFUL_SCALE.lengthMm,
    measure: 'small',
    reference: { kind: 'total', referenceIndex: 0 },
  };
}

/** Each photo's drawn misfit lengths of the four corners, image pixels. */
function drawnLengths(request: SequenceRequest): { magnification: number; lengths: number[][] } {
  const { scales, overlays } = sequenceOverlays(request, analyseSequence(request));
  return {
    magnification: scales.misfitMagnification,
    lengths: overlays.map((overlay) =>
      (overlay?.misfits ?? [])
        .slice(0, 4)
        .map((m) => Math.hypot(m.to[0] - m.from[0], m.to[1] - m.from[1])),
    ),
  };
}

const SPACING_PX = CAREFUL_PHOTO.half * Math.SQRT2;

const isNice = (m: number) => [1, 2, 5].includes(m / 10 ** Math.floor(Math.log10(m) + 1e-9));

describe('the default misfit magnification', () => {
  it('draws a careful marking’s misfits as short, readable arrows', () => {
    const { magnification, lengths } = drawnLengths(sequence(undefined, 0.5));
    expect(isNice(magnification)).toBe(true);
    expect(magnification).toBeGreaterThanOrEqual(100);
    const drawn = lengths.slice(1).flat();
    // About a tenth of the spacing (rounded down to 1-2-5: between 4 and 10 hundredths).
    expect(median(drawn)).toBeGreaterThan(0.04 * SPACING_PX);
    expect(median(drawn)).toBeLessThanOrEqual(TYPICAL_MISFIT_REACH * SPACING_PX + 1e-6);
    expect(Math.max(...drawn)).toBeLessThanOrEqual(LONGEST_MISFIT_REACH * SPACING_PX);
  });

  it('draws a 10 px mis-click several times longer than the other misfits, within the photo', () => {
    const { magnification, lengths } = drawnLengths(
      sequence({ photo: 3, marker: 1, by: [10, 0] }, 0.5),
    );
    const [tl, tr, br, bl] = lengths[3] as number[];
    // The nudged corner and the opposite one share the misfit: the five markers cannot tell
    // a corner from its opposite (README, "Checks while marking").
    expect(bl).toBeCloseTo(tr as number, 0);
    const others = [...(lengths.slice(1, 3).flat() as number[]), tl as number, br as number];
    expect(tr).toBeGreaterThan(3 * Math.max(...others));
    expect(tr).toBeGreaterThan(5 * median(others));
    // Long enough to see at a 12 MP photo's fit zoom (a quarter): over 50 screen pixels...
    expect((tr as number) / 4).toBeGreaterThan(50);
    // ...and no longer than 0.6 of the spacing: the arrow stays near its corner.
    expect(tr).toBeLessThanOrEqual(LONGEST_MISFIT_REACH * SPACING_PX);
    expect(magnification).toBeGreaterThanOrEqual(50);
  });

  it('keeps ×1 where the specimen itself misfits by a sizeable part of the spacing', () => {
    expect(
      defaultMisfitMagnification({ lengths: [3.1, 2.2, 4.0, 2.9], spacing: 18, uncertainties: [] }),
    ).toBe(1);
  });

  it('does not magnify misfits below the points’ stated uncertainty as if they meant something', () => {
    const exact = { lengths: [1e-9, 2e-9, 1e-9, 3e-9], spacing: 10 };
    // Typical misfit taken as the stated 0.02 mm: a tenth of 10 mm over it is 50.
    expect(defaultMisfitMagnification({ ...exact, uncertainties: [0.02, 0.02, 0.03] })).toBe(50);
    // Without one, as SCATTER_FRACTION of the spacing: 0.1 / 5e-4 = 200.
    expect(defaultMisfitMagnification({ ...exact, uncertainties: [] })).toBe(
      TYPICAL_MISFIT_REACH / SCATTER_FRACTION,
    );
  });

  it('lets the longest misfit bound the factor, and never goes below 1', () => {
    // Typical 0.01 of 10 mm would give ×100; the longest (0.5 mm) allows at most 0.6 × 10 / 0.5 = 12.
    expect(
      defaultMisfitMagnification({
        lengths: [0.01, 0.01, 0.01, 0.5],
        spacing: 10,
        uncertainties: [],
      }),
    ).toBe(10);
    expect(defaultMisfitMagnification({ lengths: [], spacing: 0, uncertainties: [] })).toBe(1);
  });
});
