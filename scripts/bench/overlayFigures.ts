// The strain overlay's figures: the longest main-thread task while zooming and panning a
// 12 MP photo with the overlay drawn, and while the flip book plays the marked sequence
// (scripts/bench/overlay.ts). The budget is the app's: no task over 50 ms; the aim, a frame.
import type { Figure } from './figures';
import { FRAME_MS } from './interactions';
import type { OverlayRuns } from './overlay';
import { LONG_TASK_MS } from './probes';
import { spread } from './stats';

const SECTION = 'Strain overlay and flip book (12 MP photos)';

export function overlayFigures(runs: OverlayRuns): Figure[] {
  const figures: Figure[] = [];
  if (runs.zoom.length > 0) {
    figures.push({
      section: SECTION,
      name: 'Zoom and pan with the overlay: longest main-thread task (traced)',
      unit: 'ms',
      value: spread(runs.zoom.map((g) => g.longestTraced)),
      reference: { name: 'idle page', value: spread(runs.zoom.map((g) => g.idle.longest)) },
      budget: LONG_TASK_MS,
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
        name: `Flip book playing ${photos} photos: longest main-thread task (traced)`,
        unit: 'ms',
        value: spread(runs.play.map((p) => p.longestTraced)),
        budget: LONG_TASK_MS,
        aim: FRAME_MS,
        judge: 'max',
        note: `tasks over one frame per play: ${spread(runs.play.map((p) => p.overFrame)).median} (median); over 50 ms: ${spread(runs.play.map((p) => p.tasks.over50)).max} (worst).`,
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
  return figures;
}
