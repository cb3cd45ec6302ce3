// Whether the analysis can run on the document as it stands: the request for the
// worker when it can, and otherwise why not, in words a user can act on.
import { imageStatus, missingWork } from '../core/index';
import type { ImageMarks, MarkFinding, SequenceRequest } from '../core/index';
import { analysisMarks, handPlacedUncertaintyOf } from '../model/document';
import type { ProjectDocument, ProjectImage } from '../model/document';

export interface Readiness {
  request: SequenceRequest | null;
  /** Images included in the analysis, in order. */
  included: ProjectImage[];
  messages: string[];
}

export const MIN_IMAGES_FOR_ANALYSIS = 3;

/**
 * The analysis request for a document, or what stands in its way. `flagged` holds each
 * photo's marking mistake not yet fixed or confirmed: such a photo stays out, and says why.
 */
export function readinessOf(
  doc: ProjectDocument,
  flagged: Readonly<Record<string, MarkFinding>>,
): Readiness {
  const { images, scaleLength, strainMeasure, reference } = doc;
  const messages: string[] = [];
  if (images.length === 0)
    return { request: null, included: [], messages: ['Add photos to begin.'] };
  const included = images.filter(
    (image) => imageStatus(image) === 'complete' && !flagged[image.id],
  );
  images.forEach((image, i) => {
    const todo = missingWork(image);
    if (todo.length > 0) messages.push(`Image ${i + 1} (${image.name}): ${todo.join(', ')}.`);
    const finding = flagged[image.id];
    if (finding) {
      messages.push(
        `Image ${i + 1} (${image.name}) is left out until its marks are checked: ${finding.message}`,
      );
    }
  });
  if (scaleLength === null || !(scaleLength > 0)) {
    messages.unshift('Enter the scale length in mm (a positive number).');
  }
  if (included.length < MIN_IMAGES_FOR_ANALYSIS) {
    messages.unshift(
      `The analysis needs at least ${MIN_IMAGES_FOR_ANALYSIS} complete images; ${included.length} ${included.length === 1 ? 'is' : 'are'} complete.`,
    );
    return { request: null, included, messages };
  }
  let referenceIndex = 0;
  if (reference.kind === 'total' && reference.imageId !== null) {
    referenceIndex = included.findIndex((image) => image.id === reference.imageId);
    if (referenceIndex < 0) {
      const chosen = images.find((image) => image.id === reference.imageId);
      messages.unshift(
        `The reference image ${chosen ? `(${chosen.name}) ` : ''}is not complete; complete it or pick another reference.`,
      );
      return { request: null, included, messages };
    }
  }
  if (scaleLength === null || !(scaleLength > 0)) return { request: null, included, messages };
  // Every point carries its standard uncertainty into the analysis: its own when it was
  // located on a dot, else the project's hand-placed value.
  const handPlaced = handPlacedUncertaintyOf(doc);
  const marks: ImageMarks[] = included.map((image) => analysisMarks(image, handPlaced));
  const request: SequenceRequest = {
    images: marks,
    scaleLength,
    measure: strainMeasure,
    reference:
      reference.kind === 'incremental'
        ? { kind: 'incremental' }
        : { kind: 'total', referenceIndex },
  };
  return { request, included, messages };
}
