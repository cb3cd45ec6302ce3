// The annotation canvases are left alone while they have nothing to show: a marker canvas
// with no points, a photo canvas whose photo is still decoding. Sizing and clearing such a
// canvas allocates and uploads a backing store of the whole view for nothing, in the frame
// where a photo first opens; once something was drawn, an empty layer clears it again.
import { beforeEach, describe, expect, it } from 'vitest';
import { paintMarkers, paintPhoto } from '../../src/ui/annotate/draw';
import type { MarkerLayer, PhotoLayer } from '../../src/ui/annotate/draw';
import { fakeBitmap, recordCanvasCalls } from './annotate-fixtures';
import type { RecordedCall } from './annotate-fixtures';

const view = { width: 400, height: 300 };
const viewport = { zoom: 0.5, offsetX: 0, offsetY: 0 };
const marker = {
  slot: { kind: 'fiducial' as const, index: 0 },
  point: [100, 80] as [number, number],
};

function markerLayer(markers: MarkerLayer['markers']): MarkerLayer {
  return { viewport, view, dpr: 2, markers, selected: null, proposal: undefined };
}

function photoLayer(photo: PhotoLayer['photo']): PhotoLayer {
  return { photo, image: { width: 800, height: 600 }, viewport, view, dpr: 2 };
}

describe('painting the annotation layers', () => {
  let calls: RecordedCall[];
  beforeEach(() => {
    calls = recordCanvasCalls();
  });

  it('leaves a marker canvas untouched until there is a point, and clears it when none is left', () => {
    const canvas = document.createElement('canvas');
    paintMarkers(canvas, markerLayer([]));
    expect(calls).toEqual([]);
    expect([canvas.width, canvas.height]).toEqual([300, 150]); // never sized

    paintMarkers(canvas, markerLayer([marker]));
    expect([canvas.width, canvas.height]).toEqual([800, 600]);
    expect(calls.some((c) => c.name === 'fillText' && c.args[0] === '0')).toBe(true);

    calls.length = 0;
    paintMarkers(canvas, markerLayer([]));
    expect(calls.map((c) => c.name)).toContain('clearRect');
    expect(calls.some((c) => c.name === 'fillText')).toBe(false);

    calls.length = 0;
    paintMarkers(canvas, markerLayer([]));
    expect(calls).toEqual([]);
  });

  it('leaves a photo canvas untouched while the photo decodes, then draws it', () => {
    const canvas = document.createElement('canvas');
    paintPhoto(canvas, photoLayer(null));
    expect(calls).toEqual([]);

    paintPhoto(canvas, photoLayer(fakeBitmap(800, 600)));
    expect(calls.filter((c) => c.name === 'drawImage')).toHaveLength(1);

    // Another image opening: its photo not decoded yet, the last one must not stay on show.
    calls.length = 0;
    paintPhoto(canvas, photoLayer(null));
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['clearRect']));
    expect(calls.some((c) => c.name === 'drawImage')).toBe(false);
  });
});
