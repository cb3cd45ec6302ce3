// Markers off their located dot: the rule that rings them on the strain overlay. A mark on
// its located centre, or within three combined uncertainties of it, is not ringed; one
// farther is, with the distance and the limit it passed; a marker whose dot was never
// located, or not yet marked, is left alone.
import { describe, expect, it } from 'vitest';
import { OFF_DOT_SIGMAS, offDotMarkers } from '../../../src/core';
import type { LocatedDot, Vec2 } from '../../../src/core';

const dot = (centre: Vec2, uncertainty = 0.3): LocatedDot => ({ centre, uncertainty });
const HAND = 0.4;
/** Three times hypot(0.3, 0.4) = 1.5 px. */
const LIMIT = OFF_DOT_SIGMAS * 0.5;

describe('markers off their located dot', () => {
  it('rings only the marks farther from their centre than the uncertainties allow', () => {
    const located = [dot([100, 100]), dot([200, 100]), dot([200, 200]), dot([100, 200]), null];
    const marked: (Vec2 | null)[] = [
      [100, 100], // on its dot
      [201.4, 100], // within the limit
      [210, 200], // 10 px off
      null, // not marked yet
      [150, 150], // never located
    ];
    const off = offDotMarkers(marked, located, HAND);
    expect(off).toHaveLength(1);
    expect(off[0]?.marker).toBe(2);
    expect(off[0]?.located).toEqual([200, 200]);
    expect(off[0]?.marked).toEqual([210, 200]);
    expect(off[0]?.distance).toBeCloseTo(10, 12);
    expect(off[0]?.limit).toBeCloseTo(LIMIT, 12);
  });

  it('allows a poorly located dot more room', () => {
    // A dot half in shadow, located to ±2 px: 5 px is within 3 × hypot(2, 0.4) ≈ 6.1 px.
    expect(offDotMarkers([[105, 100]], [dot([100, 100], 2)], HAND)).toEqual([]);
    expect(offDotMarkers([[110, 100]], [dot([100, 100], 2)], HAND)).toHaveLength(1);
  });
});
