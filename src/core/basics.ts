// The part of the core the first screen needs (marks and their status, file names, the marking
// checks, the confidence threshold), as a door of its own. The page's first screen imports from
// here, the lazily loaded views from index.ts: with one door shared by both, the bundler put the
// analysis, the fits' statistics library and the overlay in the chunk every first visit loads.
export {
  FIDUCIAL_COUNT,
  IMAGE_STATUS_LABELS,
  SCALE_POINT_COUNT,
  countPlaced,
  emptyMarks,
  flaggedStatus,
  imageStatus,
  missingWork,
  nextEmptySlot,
} from './marks';
export { HAND_PLACED_UNCERTAINTY_PX } from './pointUncertainty';
export { STRAIN_MEASURES } from './types';
export { naturalCompare, travelFromFileName } from './filenames';
export { checkSequenceMarks } from './markChecks/check';
export { dotIssues } from './imaging/fiducials/dotIssues';
export { CONFIDENT } from './imaging/fiducials/confidence';
export type { ImageStatus } from './marks';
