// The fixed order of the five fiducial markers and the two scale points, in the user's words.
// The diagram, its legend and its text alternative all read from here so they cannot disagree.

export interface FiducialInfo {
  readonly index: number;
  /** Where the dot sits on the specimen, as seen in the photo. */
  readonly position: string;
}

export const FIDUCIALS: readonly FiducialInfo[] = [
  { index: 0, position: 'top-left corner' },
  { index: 1, position: 'top-right corner' },
  { index: 2, position: 'bottom-right corner' },
  { index: 3, position: 'bottom-left corner' },
  { index: 4, position: 'centre' },
];

export interface ScalePointInfo {
  readonly label: string;
  readonly description: string;
}

export const SCALE_POINTS: readonly ScalePointInfo[] = [
  { label: 'S1', description: 'a mark on the ruler' },
  { label: 'S2', description: 'a second mark, the scale length away from S1' },
];

/** One sentence listing the fiducial order, for text alternatives. */
export const FIDUCIAL_ORDER_TEXT = FIDUCIALS.map((f) => `${f.index} ${f.position}`).join(', ');
