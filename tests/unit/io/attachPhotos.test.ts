// Photos added after opening a project without them are matched to its images
// by file name: ids and sizes come from the photos, the reference follows, and
// what does not match is reported, never guessed.
import { describe, expect, it } from 'vitest';
import { attachPhotos } from '../../../src/io/attachPhotos';
import type {
  ProjectDocument as SavedDocument,
  ProjectImage as SavedImage,
} from '../../../src/model/document';

const image = (id: string, name: string, width = 0, height = 0): SavedImage => ({
  id,
  name,
  width,
  height,
  fiducials: [[1, 2], null, null, null, null],
  scalePoints: [null, null],
  pressTravel: 1,
});

const doc = (images: SavedImage[], imageId: string | null = null): SavedDocument => ({
  images,
  scaleLength: 10,
  strainMeasure: 'small',
  reference: { kind: 'total', imageId },
});

const photo = (id: string, name: string, width = 640, height = 480) => ({
  id,
  name,
  width,
  height,
});

describe('attachPhotos', () => {
  it('gives matched images the photo id and size, keeping order, marks and the reference', () => {
    const before = doc([image('a', 'a.png'), image('b', 'b.png'), image('c', 'c.png')], 'b');
    const result = attachPhotos(before, [photo('P2', 'b.png', 800, 600), photo('P1', 'a.png')]);
    expect(result.document.images.map((i) => [i.id, i.name, i.width, i.height])).toEqual([
      ['P1', 'a.png', 640, 480],
      ['P2', 'b.png', 800, 600],
      ['c', 'c.png', 0, 0],
    ]);
    expect(result.document.images[0]?.fiducials).toEqual(before.images[0]?.fiducials);
    expect(result.document.reference).toEqual({ kind: 'total', imageId: 'P2' });
    expect(result.waiting).toEqual(['c.png']);
    expect(result.unmatched).toEqual([]);
    expect(result.attached).toEqual([
      { name: 'b.png', from: 'b', to: 'P2' },
      { name: 'a.png', from: 'a', to: 'P1' },
    ]);
    // The input is left as it was.
    expect(before.images[0]?.id).toBe('a');
  });

  it('matches ignoring case and Unicode normalisation, but only when unambiguous', () => {
    const nfd = 'e\u0301tape.png';
    const result = attachPhotos(doc([image('a', 'IMG_1.JPG'), image('b', '\u00e9tape.png')]), [
      photo('P1', 'img_1.jpg'),
      photo('P2', nfd),
    ]);
    expect(result.document.images.map((i) => i.id)).toEqual(['P1', 'P2']);
    const twins = attachPhotos(doc([image('a', 'x.PNG'), image('b', 'X.png')]), [
      photo('P', 'x.png'),
    ]);
    expect(twins.unmatched.map((p) => p.id)).toEqual(['P']);
  });

  it('reports photos with no waiting image, and leaves images that already have a photo alone', () => {
    const hasPhoto = new Set(['a']);
    const result = attachPhotos(
      doc([image('a', 'a.png'), image('b', 'b.png')]),
      [photo('P1', 'a.png'), photo('P2', 'new.png'), photo('P3', 'b.png')],
      (i) => !hasPhoto.has(i.id),
    );
    expect(result.unmatched.map((p) => p.id)).toEqual(['P1', 'P2']);
    expect(result.document.images.map((i) => i.id)).toEqual(['a', 'P3']);
  });

  it('refuses a photo whose size differs from the size the project recorded', () => {
    const result = attachPhotos(doc([image('a', 'a.png', 4000, 3000)]), [
      photo('P', 'a.png', 3000, 4000),
    ]);
    expect(result.document.images[0]?.id).toBe('a');
    expect(result.mismatched[0]?.message).toMatch(/3000 x 4000 pixels.*was 4000 x 3000/);
    expect(result.waiting).toEqual(['a.png']);
  });

  it('attaches each photo to one image only', () => {
    const result = attachPhotos(doc([image('a', 'a.png')]), [
      photo('P1', 'a.png'),
      photo('P2', 'a.png'),
    ]);
    expect(result.document.images[0]?.id).toBe('P1');
    expect(result.unmatched.map((p) => p.id)).toEqual(['P2']);
  });
});
