// A frame's time in its video is part of the document: it survives the project file, and
// files without it (every photo, and projects from before videos) stay valid.
import { describe, expect, it } from 'vitest';
import { parseProjectFile, serializeProject } from '../../../src/io/projectFile';
import { emptyDocument, newImage } from '../../../src/model/document';

const frame = newImage({
  id: 'f1',
  name: 'press@1.250s.png',
  width: 640,
  height: 480,
  suggestedTravel: 2.5,
  time: 1.25,
});
const photo = newImage({
  id: 'p1',
  name: 'step-5mm.png',
  width: 640,
  height: 480,
  suggestedTravel: 5,
});

describe("a video frame's time", () => {
  it('is kept by the project file, and a photo has none', () => {
    const doc = { ...emptyDocument(), images: [frame, photo] };
    const read = parseProjectFile(serializeProject(doc));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.document.images.map((image) => image.time)).toEqual([1.25, undefined]);
    expect('time' in read.document.images[1]!).toBe(false);
  });

  it('must be a finite number of seconds', () => {
    const text = serializeProject({ ...emptyDocument(), images: [frame] }).replace(
      '"time": 1.25',
      '"time": "soon"',
    );
    const read = parseProjectFile(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.problems[0]?.message).toMatch(/seconds into the video/);
  });
});
