// Which photos of a project show a marking mistake the user has not confirmed: the core's
// checks run against the photo the analysis compares with (README.md, "Checks while
// marking"). Pure functions of the document, so the project can derive them. Each photo's
// check is remembered with the plain copies it was made from, so an edit of one photo of
// 5000 (or an undo of it) checks that photo again, not all of them.
import { FIDUCIAL_COUNT, checkSequenceMarks, countPlaced } from '../core/basics';
import { checkMarks } from '../core/markChecks/check';
import type { MarkCheckOptions, MarkFinding, MarkedPoints } from '../core/index';
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

/** Each photo copy's check, with the reference copy and the scale length it was made with. */
const checkedOf = new WeakMap<
  MarkedPoints,
  { reference: MarkedPoints; scaleLength: number | null | undefined; finding: MarkFinding | null }
>();

/** The core's check of one photo, remembered for copies that are never changed afterwards. */
function rememberedCheck(
  current: MarkedPoints,
  reference: MarkedPoints,
  options: MarkCheckOptions = {},
): MarkFinding | null {
  const known = checkedOf.get(current);
  if (known?.reference === reference && known.scaleLength === options.scaleLength) {
    return known.finding;
  }
  const finding = checkMarks(current, reference, options);
  checkedOf.set(current, { reference, scaleLength: options.scaleLength, finding });
  return finding;
}

/** The last answer, given again while it holds the same findings (see openMarkFindings). */
let lastOpen: Record<string, MarkFinding> = {};

const sameFindings = (a: Record<string, MarkFinding>, b: Record<string, MarkFinding>) => {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((id) => a[id] === b[id]);
};

/**
 * Each photo's unconfirmed marking finding, by image id (photos without one are absent).
 * `doc` is a plain copy whose images are never changed afterwards (ProjectState's copies),
 * so each photo's check is remembered; and an answer with the same findings as the last is
 * that very object, so what is derived from it need not be worked out again.
 */
export function openMarkFindings(
  doc: Pick<ProjectDocument, 'images' | 'reference' | 'scaleLength'>,
): Record<string, MarkFinding> {
  const open: Record<string, MarkFinding> = {};
  const referenceIndex = checkReferenceIndex(doc);
  if (referenceIndex < 0) return open;
  const options = { scaleLength: doc.scaleLength };
  const findings = checkSequenceMarks(doc.images, referenceIndex, options, rememberedCheck);
  findings.forEach((finding, i) => {
    const image = doc.images[i];
    if (finding && image && !isConfirmed(image, finding)) open[image.id] = finding;
  });
  if (sameFindings(open, lastOpen)) return lastOpen;
  lastOpen = open;
  return open;
}
