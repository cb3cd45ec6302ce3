// Which photos of a project show a marking mistake the user has not confirmed: the core's
// checks run against the photo the analysis compares with (README.md, "Checks while
// marking"). Pure functions of the document, so the project can derive them.
import { FIDUCIAL_COUNT, checkSequenceMarks, countPlaced } from '../core/basics';
import type { MarkFinding } from '../core/index';
import type { ProjectDocument, ProjectImage } from '../model/document';

/**
 * The photo the others are checked against: the chosen reference, else the first photo
 * with all five fiducials (the first photo is the reference by default, and in
 * incremental mode each step's errors of order show against it just the same).
 */
export function checkReferenceIndex(doc: Pick<ProjectDocument, 'images' | 'reference'>): number {
  const { images, reference } = doc;
  if (reference.kind === 'total' && reference.imageId !== null) {
    const chosen = images.findIndex((image) => image.id === reference.imageId);
    if (chosen >= 0) return chosen;
  }
  return images.findIndex((image) => countPlaced(image.fiducials) === FIDUCIAL_COUNT);
}

/** Whether the user kept this finding's marks as they are ("Keep as marked"). */
export function isConfirmed(image: Pick<ProjectImage, 'confirmedChecks'>, finding: MarkFinding) {
  return image.confirmedChecks?.includes(finding.key) ?? false;
}

/** Each photo's unconfirmed marking finding, by image id (photos without one are absent). */
export function openMarkFindings(
  doc: Pick<ProjectDocument, 'images' | 'reference' | 'scaleLength'>,
): Record<string, MarkFinding> {
  const open: Record<string, MarkFinding> = {};
  const referenceIndex = checkReferenceIndex(doc);
  if (referenceIndex < 0) return open;
  const findings = checkSequenceMarks(doc.images, referenceIndex, { scaleLength: doc.scaleLength });
  findings.forEach((finding, i) => {
    const image = doc.images[i];
    if (finding && image && !isConfirmed(image, finding)) open[image.id] = finding;
  });
  return open;
}
