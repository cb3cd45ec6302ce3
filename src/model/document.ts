// The project document: what a user's work is made of (every photo's marks, press
// travels and the analysis settings), as the app edits it, autosaves it and writes it
// to project files and bundles. Plain data only; src/model/schema.ts checks it.
import {
  FIDUCIAL_COUNT,
  HAND_PLACED_UNCERTAINTY_PX,
  SCALE_POINT_COUNT,
  emptyMarks,
} from '../core/basics';
import type { DotGrade, ImageMarks, PointSlot, StrainMeasure, Vec2 } from '../core/index';
import type { ForceLog, QuantityDefinition, Specimen } from './quantities';

/** One photo of the sequence and its marks. */
export interface ProjectImage {
  /** Which decoded photo this is: the worker's id, or a placeholder until the photo is added. */
  id: string;
  /** The photo's file name; photos added later are matched to their image by it. */
  name: string;
  /** Full-resolution width after EXIF orientation, px; 0 while the photo is not known yet. */
  width: number;
  /** Height, as the width (0 with it, never alone). */
  height: number;
  /** Five slots in marker order (0 TL, 1 TR, 2 BR, 3 BL, 4 centre), image px; null while empty. */
  fiducials: (Vec2 | null)[];
  /** The two ruler points S1 and S2, image px; null while empty. */
  scalePoints: (Vec2 | null)[];
  /**
   * Standard uncertainty (px, per axis) of each fiducial located on its dot by a snap, a
   * detection or tracking; null for a point placed or moved by hand, which takes the
   * document's handPlacedUncertainty. Absent only in documents from before it was kept.
   */
  fiducialUncertainty?: (number | null)[];
  /** The same for the two scale points. */
  scaleUncertainty?: (number | null)[];
  /**
   * How well each located fiducial's dot showed (good, fair or poor), kept with its
   * uncertainty so the point table says the same after a reload; null where the point was
   * placed by hand or its grade is not known (documents from before grades were kept).
   */
  fiducialGrade?: (DotGrade | null)[];
  /** The same for the two scale points. */
  scaleGrade?: (DotGrade | null)[];
  /** Press travel ("deformation distance") in mm, or null when not entered. */
  pressTravel: number | null;
  /**
   * Keys of the marking checks the user kept as marked ("Keep as marked"); cleared when a
   * fiducial of this image changes, absent when there are none.
   */
  confirmedChecks?: string[];
  /**
   * Set when the user leaves this photo out of the trend fits, with the reason they typed:
   * its strain is still computed and shown, the fits use the other photos. Absent (or
   * null) while it counts, and in documents from before it existed.
   */
  leftOut?: LeftOut | null;
  /**
   * For a frame taken from a video: its presentation time in the video, s (the decoded
   * frame's own timestamp, not the time asked for). Absent for a photo.
   */
  time?: number;
}

/** Why a photo is left out of the trend fits, in the user's words. */
export interface LeftOut {
  reason: string;
}

/** What each photo is compared with: one image (null: the first), or the one before it. */
export type ReferenceChoice = { kind: 'total'; imageId: string | null } | { kind: 'incremental' };

export interface ProjectDocument {
  /** The photos in sequence order. */
  images: ProjectImage[];
  /** The real distance between the scale points, mm; null while the input holds no valid number. */
  scaleLength: number | null;
  /** The strain measure the analysis reports. */
  strainMeasure: StrainMeasure;
  /** The reference image by id, or incremental mode. */
  reference: ReferenceChoice;
  /**
   * Standard uncertainty (px, per axis) of every hand-placed point, set by the user; absent
   * only in documents from before it existed, which then take HAND_PLACED_UNCERTAINTY_PX.
   */
  handPlacedUncertainty?: number;
  /** The specimen's initial cross-section; absent until entered. */
  specimen?: Specimen;
  /** The testing machine's force log; absent without one. */
  forceLog?: ForceLog | null;
  /** The user's own quantities, in column order; absent when there are none. */
  quantities?: QuantityDefinition[];
}

/** A decoded photo about to join the sequence. */
export interface NewPhoto {
  /** The worker's id for the decoded photo. */
  id: string;
  /** Its file name. */
  name: string;
  /** Its size after EXIF orientation, px. */
  width: number;
  height: number;
  /** Press travel read from the file name, offered as the initial value. */
  suggestedTravel: number | null;
  /** Its time in the video it was taken from, s; absent for a photo. */
  time?: number;
}

export const DEFAULT_SCALE_LENGTH = 10;

/** A new project: no images, the default settings. */
export function emptyDocument(): ProjectDocument {
  return {
    images: [],
    scaleLength: DEFAULT_SCALE_LENGTH,
    strainMeasure: 'small',
    reference: { kind: 'total', imageId: null },
    handPlacedUncertainty: HAND_PLACED_UNCERTAINTY_PX,
  };
}

/** A photo as a new image of the sequence: nothing marked yet, its suggested travel entered. */
export function newImage(photo: NewPhoto): ProjectImage {
  const marks = emptyMarks();
  return {
    id: photo.id,
    name: photo.name,
    width: photo.width,
    height: photo.height,
    fiducials: marks.fiducials,
    scalePoints: marks.scalePoints,
    ...handPlacedLists(),
    pressTravel: photo.suggestedTravel,
    ...(photo.time === undefined ? {} : { time: photo.time }),
  };
}

/** All-null uncertainty lists: every point hand-placed (or not placed yet). */
export function handPlacedLists(): Pick<ProjectImage, 'fiducialUncertainty' | 'scaleUncertainty'> {
  return { fiducialUncertainty: nulls(FIDUCIAL_COUNT), scaleUncertainty: nulls(SCALE_POINT_COUNT) };
}

/** The uncertainty a hand-placed point of this document takes, px. */
export function handPlacedUncertaintyOf(
  doc: Pick<ProjectDocument, 'handPlacedUncertainty'>,
): number {
  const value = doc.handPlacedUncertainty;
  return isUsableUncertainty(value) && value > 0 ? value : HAND_PLACED_UNCERTAINTY_PX;
}

/** A located point's standard uncertainty worth keeping: a finite number of pixels, not negative. */
export function isUsableUncertainty(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** The located uncertainty of the point in a slot, or null when it was placed by hand. */
export function pointUncertainty(
  image: Pick<ProjectImage, 'fiducialUncertainty' | 'scaleUncertainty'>,
  slot: PointSlot,
): number | null {
  const list = slot.kind === 'fiducial' ? image.fiducialUncertainty : image.scaleUncertainty;
  const value = list?.[slot.index];
  return isUsableUncertainty(value) ? value : null;
}

/** How precisely a located point is known: its uncertainty (px) and, when graded, its dot's grade. */
export interface LocatedPrecision {
  uncertainty: number;
  grade?: DotGrade | null;
}

/** What an edit says of a point's precision: located (graded or not), or null for by hand. */
export type PointPrecision = LocatedPrecision | number | null;

/** The grade of the located dot under the point in a slot, or null (hand-placed, or not known). */
export function pointGrade(
  image: Pick<ProjectImage, 'fiducialGrade' | 'scaleGrade'>,
  slot: PointSlot,
): DotGrade | null {
  const list = slot.kind === 'fiducial' ? image.fiducialGrade : image.scaleGrade;
  return list?.[slot.index] ?? null;
}

/** How precisely the point in a slot is known, or null when it was placed by hand. */
export function precisionAt(image: ProjectImage, slot: PointSlot): LocatedPrecision | null {
  const uncertainty = pointUncertainty(image, slot);
  return uncertainty === null ? null : { uncertainty, grade: pointGrade(image, slot) };
}

/**
 * Records how precisely a slot's point is known (a bare number: an uncertainty without a
 * grade; null: placed by hand), creating the image's lists when it had none.
 */
export function setPointUncertainty(
  image: ProjectImage,
  slot: PointSlot,
  value: PointPrecision,
): void {
  const located = typeof value === 'number' ? { uncertainty: value } : value;
  const kept = located && isUsableUncertainty(located.uncertainty) ? located : null;
  const count = slot.kind === 'fiducial' ? FIDUCIAL_COUNT : SCALE_POINT_COUNT;
  const key = slot.kind === 'fiducial' ? 'fiducial' : 'scale';
  const uncertainties = (image[`${key}Uncertainty`] ??= nulls(count));
  uncertainties[slot.index] = kept?.uncertainty ?? null;
  // Grade lists appear with the first graded point, so documents without grades keep their shape.
  const grade = kept?.grade ?? null;
  if (grade === null && !image[`${key}Grade`]) return;
  const grades = (image[`${key}Grade`] ??= nulls(count));
  grades[slot.index] = grade;
}

/**
 * Moves the point at `slot` of image `imageId` from `from` to `to` in `doc`, with the
 * uncertainty it was located to (a snap refining a placed point); nothing when that point is
 * no longer at `from`. The same change applies to the live document and to the history's copies.
 */
export function refinePointIn(
  doc: Pick<ProjectDocument, 'images'>,
  imageId: string,
  slot: PointSlot,
  [from, to]: readonly [Vec2, Vec2],
  uncertainty: PointPrecision,
): void {
  const image = doc.images.find((one) => one.id === imageId);
  const list = image && (slot.kind === 'fiducial' ? image.fiducials : image.scalePoints);
  const point = list?.[slot.index];
  if (!image || !list || !point || point[0] !== from[0] || point[1] !== from[1]) return;
  list[slot.index] = [to[0], to[1]];
  setPointUncertainty(image, slot, uncertainty);
}

function nulls(count: number): null[] {
  return Array.from({ length: count }, () => null);
}

/**
 * A fully marked image as the analysis takes it: every point with its standard uncertainty,
 * its own when it was located on a dot, else `handPlaced`.
 */
export function analysisMarks(image: ProjectImage, handPlaced: number): ImageMarks {
  return {
    name: image.name,
    fiducials: image.fiducials as Vec2[],
    scalePoints: image.scalePoints as [Vec2, Vec2],
    pressTravel: image.pressTravel,
    fiducialUncertainty: image.fiducials.map(
      (_, index) => pointUncertainty(image, { kind: 'fiducial', index }) ?? handPlaced,
    ),
    scaleUncertainty: [0, 1].map(
      (index) => pointUncertainty(image, { kind: 'scale', index }) ?? handPlaced,
    ) as [number, number],
    ...(image.leftOut ? { leftOut: { reason: image.leftOut.reason } } : {}),
  };
}

/** How many points are placed in the whole document. */
export function countPoints(doc: Pick<ProjectDocument, 'images'>): number {
  let points = 0;
  for (const image of doc.images) {
    for (const point of [...image.fiducials, ...image.scalePoints]) if (point) points++;
  }
  return points;
}
