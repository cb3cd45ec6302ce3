// The public API of Strain Seer's science core: pure TypeScript, no DOM, no
// Svelte, no worker globals. The worker and the tests use only what is here.
export type { Mat2, StrainMeasure, Vec2 } from './types';
export { STRAIN_MEASURES, STRAIN_MEASURE_LABELS, isStrainMeasure } from './types';
export type { Problem, StrainErrorCode } from './errors';
export {
  DegenerateMarkersError,
  InsufficientDataError,
  InvalidInputError,
  InvalidScaleError,
  InvertedConfigurationError,
  RegressionError,
  StrainSeerError,
  toProblem,
} from './errors';
export { millimetresPerPixel, normalizeByScale } from './scale';
export type { DeformationFit } from './deformation';
export { deformationGradient, fitDeformation } from './deformation';
export { rightCauchyGreen, strainTensor } from './strain';
export type { PrincipalStrains } from './principal';
export { principalStrains } from './principal';
export type { VolumeConstancyStrains } from './kinematics';
export { areaChange, rotationAngle, volumeConstancyStrains } from './kinematics';
export type { LinearRegression } from './regression';
export { confidenceBand, linearRegression } from './regression';
export type {
  ImageOutcome,
  ImageStrain,
  ReferenceMode,
  SequenceAnalysis,
  SequenceRequest,
} from './sequence';
export { analyseSequence } from './sequence';
export type { FitOmission, StrainComponent, TrendOutcome } from './trends';
export { STRAIN_COMPONENTS, omissionList } from './trends';
export type {
  MarkCheckOptions,
  MarkFinding,
  MarkFindingKind,
  MarkFix,
  MarkedPoints,
  ResnapCandidate,
} from './markChecks/findings';
export { MARKER_NAMES } from './markChecks/findings';
export type { MisfitSpread } from './markChecks/stray';
export { misfitSpread } from './markChecks/stray';
export { checkMarks, checkSequenceMarks } from './markChecks/check';
export type { PrincipalUncertainty, StrainResolution } from './uncertainty';
export { strainResolution } from './uncertainty';
export { HAND_PLACED_UNCERTAINTY_PX } from './pointUncertainty';
export { naturalCompare, travelFromFileName } from './filenames';
export type { ImageMarks, ImageMarksDraft, ImageStatus, PointKind, PointSlot } from './marks';
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
export type {
  CandidateOptions,
  CandidateSearch,
  DetectFiducialsOptions,
  DotCandidate,
  DotGrade,
  DotIssue,
  DotLocation,
  DotQuality,
  DotRejection,
  DotSearch,
  FiducialDetection,
  FiducialSearch,
  FiducialTracking,
  LocateDotOptions,
  RgbaImage,
  RulerOptions,
  ScaleCheck,
  ScalePatchSize,
  ScalePatches,
  ScalePointStatus,
  ScaleTrackOptions,
  ScaleTracking,
  TickMeasurement,
  TickSearch,
  TrackOptions,
  TrackStatus,
  TrackedPoint,
  TrackedScalePoint,
  FollowedThrough,
} from './imaging';
export {
  AMBIGUOUS,
  CONFIDENT,
  DISTANCE_TOLERANCE,
  checkScale,
  cutScalePatches,
  detectFiducials,
  dotIssues,
  fiducialName,
  findCandidates,
  findDot,
  findFiducials,
  findRulerTicks,
  followThroughFrames,
  locateDot,
  measureRulerTicks,
  trackFiducials,
  trackScalePatches,
  trackScalePoints,
} from './imaging';
export type {
  AxisKind,
  ImageOverlay,
  MisfitVector,
  OverlayScales,
  OverlaySource,
  PrincipalAxis,
  SequenceOverlays,
} from './overlay';
export {
  imageOverlay,
  mapReferencePoint,
  markerResiduals,
  overlayScales,
  overlaySources,
  sequenceOverlays,
} from './overlay';
export type { LocatedDot, OffDotMarker } from './overlayOffDot';
export { OFF_DOT_SIGMAS, offDotMarkers } from './overlayOffDot';
export type { ReferencePath, StrainPathPoint } from './strainPath';
export { REFERENCE_PATHS, referenceSegments, strainPath } from './strainPath';
