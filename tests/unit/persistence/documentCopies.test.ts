// The plain copies of the live document after a whole document is put in place (a project
// opened, a session restored): the copy the opener already holds becomes the starting point,
// so the next copies read no image of the live document until it is edited. In the app the
// live document is Svelte's reactive wrapper, whose first full walk costs some 300 ms at
// 5000 images; here a proxy counts the reads instead.
import { describe, expect, it } from 'vitest';
import { emptyDocument, newImage } from '../../../src/model/document';
import type { ProjectDocument, ProjectImage } from '../../../src/model/document';
import { DocumentCopies } from '../../../src/state/documentCopies';
import { plainCopy } from '../../../src/state/plainCopy';

function documentOf(count: number): ProjectDocument {
  const images = Array.from({ length: count }, (_, i) =>
    newImage({ id: `img-${i}`, name: `p${i}.png`, width: 40, height: 30, suggestedTravel: i }),
  );
  return { ...emptyDocument(), images };
}

/** `doc` with each image behind a proxy that counts the reads of its fields. */
function watched(doc: ProjectDocument): { live: ProjectDocument; reads: () => number } {
  let reads = 0;
  const images = doc.images.map(
    (image) =>
      new Proxy(image, {
        get(target, key, receiver) {
          reads++;
          return Reflect.get(target, key, receiver) as unknown;
        },
      }) as ProjectImage,
  );
  return { live: { ...doc, images }, reads: () => reads };
}

/** Copies that adopted a plain copy of a 50-image document, the live one behind counting proxies. */
function adopted() {
  const source = documentOf(50);
  const { live, reads } = watched(source);
  const copies = new DocumentCopies();
  // The project notes the change that put the document in place, then hands over its copy.
  copies.changed();
  copies.adopt(live, plainCopy(source));
  return { source, live, reads, copies };
}

describe('DocumentCopies.adopt', () => {
  it('copies a document just put in place without reading any of its images', () => {
    const { source, live, reads, copies } = adopted();
    const copy = copies.copy(live);
    expect(copy).toEqual(source);
    expect(copy.images).not.toBe(source.images);
    expect(reads()).toBe(0);
  });

  it('then copies an edited image again, and only that one', () => {
    const { live, reads, copies } = adopted();
    const before = copies.copy(live);
    live.images[7]!.pressTravel = 12.75;
    copies.edited('img-7', 1);
    const after = copies.copy(live);
    expect(after.images[7]!.pressTravel).toBe(12.75);
    expect(before.images[7]!.pressTravel).toBe(7);
    expect(after.images[6]).toBe(before.images[6]);
    // The edit itself and the one image copied again: no walk through the other 49.
    expect(reads()).toBeLessThan(40);
  });

  it('reuses the adopted image copies when something besides single images changes', () => {
    const { source, live, reads, copies } = adopted();
    live.scaleLength = 30;
    copies.changed();
    const copy = copies.copy(live);
    expect(copy.scaleLength).toBe(30);
    expect(copy.images).toEqual(source.images);
    expect(reads()).toBe(0);
  });
});
