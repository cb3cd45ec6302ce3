// How often each thing is repeated: enough for a median and a range worth reading, few enough
// that the whole bench takes under ten minutes on two cores. BENCH_QUICK=1 runs everything once
// or a few times, on a 20-photo "large" project: a check that the instrument works, not figures.

export const QUICK = process.env.BENCH_QUICK === '1';

export const PLAN = {
  photos: 30,
  ingestRuns: QUICK ? 1 : 5,
  zoomGesturesPerRun: QUICK ? 1 : 3,
  markSequenceRuns: QUICK ? 1 : 3,
  markerPhotos: QUICK ? 3 : 9,
  nodeOnPhotoRuns: QUICK ? 2 : 5,
  analysisImages: 1000,
  analysisRuns: QUICK ? 3 : 15,
  edits: QUICK ? 3 : 15,
  overlayGestures: QUICK ? 1 : 3,
  flipBookPlays: QUICK ? 1 : 2,
  largeProjectPhotos: QUICK ? 20 : 200,
  largeProjectReloads: QUICK ? 1 : 3,
  hugeProjectImages: QUICK ? 500 : 5000,
  hugeProjectRuns: QUICK ? 1 : 3,
  lighthouseRuns: QUICK ? 1 : 3,
};

const began = Date.now();

export const elapsedMinutes = () => (Date.now() - began) / 60_000;

/** Progress on stderr, so that stdout is the table alone. */
export const log = (message: string) =>
  console.error(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(4)} s] ${message}`);
