// The photo canvas is left alone while its photo is still decoding: sizing and clearing it
// would allocate and upload a backing store of the whole view for nothing, in the frame
// where the view first appears; once a photo was drawn, the next image's wait clears it.
import { beforeEach, describe, expect, it } from 'vitest';
import { paintPhoto } from '../../src/ui/annotate/draw';
import type { PhotoLayer } from '../../src/ui/annotate/draw';
import { fakePhoto, recordCanvasCalls } from './annotate-fixtures';
import type { RecordedCall } from './annotate-fixtures';

const view = { width: 400, height: 300 };
const viewport = { zoom: 0.5, offsetX: 0, offsetY: 0 };
function photoLayer(photo: PhotoLayer['photo']): PhotoLayer {
  return { photo, image: { width: 800, height: 600 }, viewport, view, dpr: 2 };
}

describe('painting the photo layer', () => {
  let calls: RecordedCall[];
  beforeEach(() => {
    calls = recordCanvasCalls();
  });

  it('leaves a photo canvas untouched while the photo decodes, then draws it', () => {
    const canvas = document.createElement('canvas');
    paintPhoto(canvas, photoLayer(null));
    expect(calls).toEqual([]);

    paintPhoto(canvas, photoLayer(fakePhoto('photo-1', 800, 600)));
    expect(calls.filter((c) => c.name === 'drawImage')).toHaveLength(1);

    // Another image opening: its photo not decoded yet, the last one must not stay on show.
    calls.length = 0;
    paintPhoto(canvas, photoLayer(null));
    expect(calls.map((c) => c.name)).toEqual(expect.arrayContaining(['clearRect']));
    expect(calls.some((c) => c.name === 'drawImage')).toBe(false);
  });
});
