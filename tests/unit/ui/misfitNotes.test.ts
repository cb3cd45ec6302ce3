// The results' note on the fit residual: even across the markers for the demo block, which
// barrels, and one fiducial's when one dot is clicked off its place.
import { describe, expect, it } from 'vitest';
import { analyseSequence } from '../../../src/core';
import type { SequenceRequest, Vec2 } from '../../../src/core';
import { misfitNotes } from '../../../src/ui/results/misfitNotes';
import { DEMO_PHOTOS, DEMO_SCALE_LENGTH_MM } from '../../e2e/support/demo';

function requestOf(fiducials: readonly (readonly Vec2[])[]): SequenceRequest {
  return {
    images: DEMO_PHOTOS.map((photo, i) => ({
      name: photo.file,
      fiducials: fiducials[i] as Vec2[],
      scalePoints: photo.scale,
      pressTravel: photo.travel,
    })),
    scaleLength: DEMO_SCALE_LENGTH_MM,
    measure: 'small',
    reference: { kind: 'total', referenceIndex: 0 },
  };
}

describe('misfit notes', () => {
  it('the demo residuals (up to 3.7 mm) are even across markers; the reference has none', () => {
    const request = requestOf(DEMO_PHOTOS.map((photo) => photo.fiducials));
    expect(misfitNotes(analyseSequence(request), request.images)).toEqual([
      null,
      'even across markers',
      'even across markers',
    ]);
  });

  it('a centre clicked 30 px off an evenly squeezed block is mostly fiducial 4', () => {
    // The reference's marks squeezed by a homogeneous deformation: no misfit of its own.
    const reference = DEMO_PHOTOS[0]!.fiducials;
    const squeezed = reference.map(([x, y]): Vec2 => [
      460 + 1.1 * (x - 460),
      640 + 0.8 * (y - 640),
    ]);
    const off = squeezed.map((p, k): Vec2 => (k === 4 ? [p[0] + 24, p[1] - 18] : p));
    const request = requestOf([reference, off, squeezed]);
    const notes = misfitNotes(analyseSequence(request), request.images);
    expect(notes[1]).toBe('mostly fiducial 4');
    // No misfit at all: nothing to say.
    expect(notes[2]).toBeNull();
  });

  it('on a photo that already misfits by a few pixels (the 15 mm demo), 30 px on the centre is not pinned on it', () => {
    // The block's own uneven deformation is of the same size: the note stays "even" rather
    // than name a marker it cannot single out.
    const marks = DEMO_PHOTOS.map((photo) => photo.fiducials);
    const off = marks[1]!.map((p, k): Vec2 => (k === 4 ? [p[0] + 24, p[1] - 18] : p));
    const request = requestOf([marks[0]!, off, marks[2]!]);
    expect(misfitNotes(analyseSequence(request), request.images)[1]).toBe('even across markers');
  });
});
