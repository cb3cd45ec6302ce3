// The strain overlay's figures beyond the long tasks of its zoom and pan (assemble.ts): the
// longest traced task of those gestures against the one-frame aim, and the flip book playing
// the marked sequence and its video being saved (scripts/bench/overlay.ts) against the app's
// budget, no task over 50 ms.
import type { Figure } from './figures';
import { FRAME_MS } from './interactions';
import type { OverlayRuns } from './overlay';
import { LONG_TASK_MS } from './probes';
import { spread } from './stats';

export const OVERLAY_SECTION = 'Strain overlay and flip book (12 MP photos)';
const SECTION = OVERLAY_SECTION;

export function overlayFigures(runs: OverlayRuns): Figure[] {
  const figures: Figure[] = [];
  if (runs.zoom.length > 0) {
    // The long-task figures of the same gestures come from assemble.ts's taskFigures.
    figures.push({
      section: SECTION,
      name: 'Zoom and pan with the overlay: longest main-thread task of any length (traced)',
      unit: 'ms',
      value: spread(runs.zoom.map((g) => g.longestTraced)),
      aim: FRAME_MS,
      judge: 'max',
      note: `tasks over one frame per gesture: ${spread(runs.zoom.map((g) => g.overFrame)).median} (median).`,
    });
  }
  if (runs.play.length > 0) {
    const photos = runs.play[0]?.photos ?? 0;
    figures.push(
      {
        section: SECTION,
        name: `Flip book playing ${photos} photos: longest main-thread task`,
        unit: 'ms',
        value: spread(runs.play.map((p) => p.tasks.longest)),
        budget: LONG_TASK_MS,
        judge: 'max',
        note: `tasks over 50 ms in a play: ${spread(runs.play.map((p) => p.tasks.over50)).max} (worst).`,
      },
      {
        section: SECTION,
        name: 'Flip book: time a photo is on screen at its fastest speed (8 a second asked)',
        unit: 'ms',
        value: spread(runs.play.map((p) => p.ms / Math.max(1, p.photos - 1))),
        note: 'each photo waits until it is decoded and drawn before its time starts.',
      },
    );
  }
  const video = runs.video ?? [];
  if (video.length > 0) {
    figures.push({
      section: SECTION,
      name: `Saving ${video[0]?.photos ?? 0} photos as a video: longest main-thread task`,
      unit: 'ms',
      value: spread(video.map((v) => v.tasks.longest)),
      budget: LONG_TASK_MS,
      judge: 'max',
      note: `1280 × 720, 2 frames a photo, made in ${Math.round(spread(video.map((v) => v.ms)).median)} ms.`,
    });
  }
  return figures;
}
