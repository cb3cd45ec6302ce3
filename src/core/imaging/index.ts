// The imaging core's public face: what the worker and researchers call, on RGBA buffers.
// Everything else in this folder is the machinery behind these answers, free to change.
//
// Rooms: raster/ (pixels, grey levels, the shared sampler and plane fit), dot/ (the
// sub-pixel centre of one dot), fiducials/ (the five-dot pattern: detection and tracking),
// patch/ (following a patch of texture from photo to photo), scale/ (ruler ticks and the
// two scale points).
export type { RgbaImage } from './raster/image';
export type {
  DotGrade,
  DotLocation,
  DotQuality,
  DotRejection,
  DotSearch,
  LocateDotOptions,
} from './dot/types';
export { findDot, locateDot } from './dot/locate';
export type { CandidateOptions, CandidateSearch, DotCandidate } from './fiducials/candidates';
export { findCandidates } from './fiducials/candidates';
export type { DetectFiducialsOptions, FiducialDetection, FiducialSearch } from './fiducials/detect';
export { CONFIDENT } from './fiducials/confidence';
export { detectFiducials, findFiducials } from './fiducials/detect';
export type { DotIssue } from './fiducials/dotIssues';
export { dotIssues, fiducialName } from './fiducials/dotIssues';
export type {
  FiducialTracking,
  TrackOptions,
  TrackStatus,
  TrackedPoint,
} from './fiducials/tracking';
export { trackFiducials } from './fiducials/tracking';
export type { FollowedThrough, TakenStep } from './fiducials/throughFrames';
export { followThroughFrames, nextStride, safeMove, sureStep } from './fiducials/throughFrames';
export type { RulerOptions, ScaleCheck, TickMeasurement, TickSearch } from './scale/rulerTicks';
export { checkScale, findRulerTicks, measureRulerTicks } from './scale/rulerTicks';
export type { ScalePatchSize, ScalePatches, ScaleTrackOptions } from './scale/tracking';
export { cutScalePatches, trackScalePatches, trackScalePoints } from './scale/tracking';
export type { ScalePointStatus, ScaleTracking, TrackedScalePoint } from './scale/verdict';
export { AMBIGUOUS, DISTANCE_TOLERANCE } from './scale/verdict';
