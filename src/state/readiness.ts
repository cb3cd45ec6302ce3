// Whether the analysis can run on the document as it stands: the request for the
// worker when it can, and otherwise why not, in words a user can act on.
//
// It is worked out again after every edit, so what it finds of each image is kept with the
// image's plain copy (copies are never changed, and an image's copy is made anew only when
// it is edited): typing a travel in a project of 5000 photos looks again at one of them.
import { imageStatus, missingWork } from '../core/basics';
import type { ImageMarks, MarkFinding, SequenceRequest } from '../core/index';
import { analysisMarks, handPlacedUncertaintyOf } from '../model/document';
import type { ProjectDocument, ProjectImage } from '../model/document';
import { sameData } from '../model/sameData';

/** What keeps an image out of the analysis, by kind, for lists too long to read one by one. */
export type PendingKind = 'fiducials' | 'scale' | 'travel' | 'check';

/** An image with something still to do, and what kinds of thing. */
export interface PendingImage {
  id: string;
  /** Its place in the sequence, from 0. */
  index: number;
  name: string;
  kinds: PendingKind[];
}

export interface Readiness {
  request: SequenceRequest | null;
  /** Images included in the analysis, in order. */
  included: ProjectImage[];
  messages: string[];
  /** The image a message is about, by the message: what it asks for is done on that photo. */
  imageOf: ReadonlyMap<string, string>;
  /** The images the messages are about, in order. */
  pending: PendingImage[];
}

export const MIN_IMAGES_FOR_ANALYSIS = 3;

interface Facts {
  complete: boolean;
  todo: string[];
  kinds: PendingKind[];
}

/** Each image copy's status and what is still to do on it. */
const factsOf = new WeakMap<ProjectImage, Facts>();
/** Each image copy's marks for the analysis, with the hand-placed uncertainty they used. */
const marksOf = new WeakMap<ProjectImage, { handPlaced: number; marks: ImageMarks }>();

/** What is still to do on an image, from its plain copy (never changed afterwards). */
export function workOn(image: ProjectImage): readonly string[] {
  return facts(image).todo;
}

const missing = (points: readonly unknown[]) => points.some((point) => point === null);

function facts(image: ProjectImage): Facts {
  let known = factsOf.get(image);
  if (!known) {
    const kinds: PendingKind[] = [];
    if (missing(image.fiducials)) kinds.push('fiducials');
    if (missing(image.scalePoints)) kinds.push('scale');
    if (image.pressTravel === null) kinds.push('travel');
    known = { complete: imageStatus(image) === 'complete', todo: missingWork(image), kinds };
    factsOf.set(image, known);
  }
  return known;
}

function marks(image: ProjectImage, handPlaced: number): ImageMarks {
  const known = marksOf.get(image);
  if (known?.handPlaced === handPlaced) return known.marks;
  const made = analysisMarks(image, handPlaced);
  marksOf.set(image, { handPlaced, marks: made });
  return made;
}

/** The last readiness worked out, with what it was worked out from. */
let last: {
  doc: ProjectDocument;
  flagged: Readonly<Record<string, MarkFinding>>;
  readiness: Readiness;
  /** Each included image's place among the included, by id (made when first needed). */
  includedAt: Map<string, number> | null;
} | null = null;

/** Whether an image copy is in the analysis with nothing to say about it. */
const quietlyIncluded = (image: ProjectImage, flagged: Readonly<Record<string, MarkFinding>>) =>
  facts(image).complete && facts(image).todo.length === 0 && !flagged[image.id];

/**
 * The last readiness with a few complete images edited in place (a travel typed, a point
 * nudged): the same images are in, the messages are the same, and only those images' marks
 * change. Null when anything else changed; the readiness is then worked out whole.
 */
function patched(
  doc: ProjectDocument,
  flagged: Readonly<Record<string, MarkFinding>>,
): Readiness | null {
  if (!last || last.flagged !== flagged) return null;
  const before = last.doc;
  const { images } = doc;
  if (
    images.length !== before.images.length ||
    doc.scaleLength !== before.scaleLength ||
    doc.strainMeasure !== before.strainMeasure ||
    !sameData(doc.reference, before.reference) ||
    handPlacedUncertaintyOf(doc) !== handPlacedUncertaintyOf(before)
  ) {
    return null;
  }
  const edited: number[] = [];
  for (let i = 0; i < images.length; i++) {
    if (images[i] === before.images[i]) continue;
    const [now, then] = [images[i]!, before.images[i]!];
    if (edited.length === 8 || now.id !== then.id) return null;
    if (!quietlyIncluded(now, flagged) || !quietlyIncluded(then, flagged)) return null;
    edited.push(i);
  }
  const { readiness } = last;
  last.includedAt ??= new Map(readiness.included.map((image, k) => [image.id, k]));
  const included = readiness.included.slice();
  const marked = readiness.request?.images.slice();
  const handPlaced = handPlacedUncertaintyOf(doc);
  for (const i of edited) {
    const image = images[i]!;
    const k = last.includedAt.get(image.id);
    if (k === undefined) return null;
    included[k] = image;
    if (marked) marked[k] = marks(image, handPlaced);
  }
  const request = readiness.request && marked ? { ...readiness.request, images: marked } : null;
  return { ...readiness, included, request };
}

/**
 * The analysis request for a document, or what stands in its way. `flagged` holds each
 * photo's marking mistake not yet fixed or confirmed: such a photo stays out, and says why.
 * `doc` is a plain copy whose images are never changed afterwards (ProjectState's copies).
 * After an edit of a few complete images it starts from the last one worked out, so typing
 * a travel in a project of 5000 photos does not go through all of them again.
 */
export function readinessOf(
  doc: ProjectDocument,
  flagged: Readonly<Record<string, MarkFinding>>,
): Readiness {
  const fromLast = patched(doc, flagged);
  const readiness = fromLast ?? wholeReadiness(doc, flagged);
  last = {
    doc,
    flagged,
    readiness,
    includedAt: fromLast && last ? last.includedAt : null,
  };
  return readiness;
}

/** The readiness worked out from nothing (readinessOf starts from the last one where it can). */
export function wholeReadiness(
  doc: ProjectDocument,
  flagged: Readonly<Record<string, MarkFinding>>,
): Readiness {
  const { images, scaleLength, strainMeasure, reference } = doc;
  const messages: string[] = [];
  const imageOf = new Map<string, string>();
  const pending: PendingImage[] = [];
  if (images.length === 0)
    return { request: null, included: [], messages: ['Add photos to begin.'], imageOf, pending };
  const included = images.filter((image) => facts(image).complete && !flagged[image.id]);
  images.forEach((image, i) => {
    const about = (message: string) => {
      messages.push(message);
      imageOf.set(message, image.id);
    };
    const { todo, kinds } = facts(image);
    if (todo.length > 0) about(`Image ${i + 1} (${image.name}): ${todo.join(', ')}.`);
    const finding = flagged[image.id];
    if (finding) {
      about(
        `Image ${i + 1} (${image.name}) is left out until its marks are checked: ${finding.message}`,
      );
    }
    const all: PendingKind[] = finding ? [...kinds, 'check'] : kinds;
    if (all.length > 0) pending.push({ id: image.id, index: i, name: image.name, kinds: all });
  });
  if (scaleLength === null || !(scaleLength > 0)) {
    messages.unshift('Enter the scale length in mm (a positive number).');
  }
  if (included.length < MIN_IMAGES_FOR_ANALYSIS) {
    messages.unshift(
      `The analysis needs at least ${MIN_IMAGES_FOR_ANALYSIS} complete images; ${included.length} ${included.length === 1 ? 'is' : 'are'} complete.`,
    );
    return { request: null, included, messages, imageOf, pending };
  }
  let referenceIndex = 0;
  if (reference.kind === 'total' && reference.imageId !== null) {
    referenceIndex = included.findIndex((image) => image.id === reference.imageId);
    if (referenceIndex < 0) {
      const chosen = images.find((image) => image.id === reference.imageId);
      messages.unshift(
        `The reference image ${chosen ? `(${chosen.name}) ` : ''}is not complete; complete it or pick another reference.`,
      );
      return { request: null, included, messages, imageOf, pending };
    }
  }
  if (scaleLength === null || !(scaleLength > 0))
    return { request: null, included, messages, imageOf, pending };
  // Every point carries its standard uncertainty into the analysis: its own when it was
  // located on a dot, else the project's hand-placed value.
  const handPlaced = handPlacedUncertaintyOf(doc);
  const request: SequenceRequest = {
    images: included.map((image) => marks(image, handPlaced)),
    scaleLength,
    measure: strainMeasure,
    reference:
      reference.kind === 'incremental'
        ? { kind: 'incremental' }
        : { kind: 'total', referenceIndex },
  };
  return { request, included, messages, imageOf, pending };
}
