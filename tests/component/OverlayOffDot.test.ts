// A marker moved off its dot, ringed on the strain overlay: each fiducial of the open photo
// snapped on its dot, then one moved 2 px by hand (on this evenly deforming specimen a few
// pixels more would trip the stray-marker check, which leaves the photo out of the analysis
// and so without an overlay). The overlay rings that marker (and no other) where it is marked
// now, draws the line from the located centre to it, says so in the legend, and drops the
// ring when the marker is back on its dot.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DetectResponse, SnapResponse, TrackResponse } from '../../src/client/engine';
import type { Vec2 } from '../../src/core';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import { imageToScreen } from '../../src/state/viewport';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import type { DrawnOverlay } from '../../src/ui/overlay/drawOverlay';
import { OFF_DOT_RING_RADIUS } from '../../src/ui/overlay/offDotRings';
import { fakePhoto, recordCanvasCalls, stubMarkingDom } from './annotate-fixtures';
import type { RecordedCall } from './annotate-fixtures';
import { QUALITY, timing } from './assist-fixtures';
import { analyseInProcess, pressProject } from './results-helpers';

stubMarkingDom({ width: 1016, height: 616 });

let calls: RecordedCall[];
analyseInProcess();
beforeEach(() => {
  calls = recordCanvasCalls();
});

/** A stand-in worker that finds a dot wherever it is asked: each point is on its dot. */
const onItsDot: MarkingEngine = {
  snapPhotoPoint: async (_id: string, near: Vec2): Promise<SnapResponse> => ({
    ok: true,
    centre: [near[0], near[1]],
    quality: QUALITY,
    ...timing,
  }),
  detectPhotoFiducials: (): Promise<DetectResponse> => Promise.reject(new Error('not used')),
  trackPhotoFiducials: (): Promise<TrackResponse> => Promise.reject(new Error('not used')),
} as unknown as MarkingEngine;

const IMAGE = 'img-2';
const MOVED = { kind: 'fiducial', index: 2 } as const;

function drawnNow(): DrawnOverlay {
  const layer = document.querySelector<HTMLCanvasElement>('[data-testid="strain-overlay"]');
  return JSON.parse(layer?.dataset.overlay ?? 'null') as DrawnOverlay;
}

async function openSnapped(): Promise<{ project: ProjectState; annotation: AnnotationState }> {
  const project = pressProject([0, 5, 10, 15]);
  project.selectedId = IMAGE;
  const annotation = new AnnotationState();
  const assist = new AssistState(onItsDot);
  for (let index = 0; index < 5; index++) {
    await assist.resnapFlagged(project, IMAGE, { kind: 'fiducial', index });
  }
  const { width, height } = project.image(IMAGE) as { width: number; height: number };
  render(AnnotationView, { project, photo: fakePhoto(IMAGE, width, height), annotation, assist });
  await fireEvent.click(await screen.findByRole('checkbox', { name: 'Show strain overlay' }));
  await waitFor(() => expect(drawnNow()).not.toBeNull());
  return { project, annotation };
}

describe('a marker off its dot on the strain overlay', () => {
  it('is ringed where it is marked, with the line from its located centre', async () => {
    const { project, annotation } = await openSnapped();
    expect(drawnNow().offDot).toEqual([]);
    expect(screen.queryByText(/Yellow dashed ring/)).toBeNull();

    const dot = project.pointAt(IMAGE, MOVED) as Vec2;
    const marked: Vec2 = [dot[0] + 2, dot[1]];
    project.setPoint(IMAGE, MOVED, marked);
    const drawn = await waitFor(() => {
      const now = drawnNow();
      expect(now.offDot).toHaveLength(1);
      return now;
    });
    expect(drawn.offDot[0]).toEqual({
      marker: 2,
      ring: marked,
      from: dot,
      to: marked,
      label: '2.0 px',
    });

    // On the canvas: a ring of the stated radius around the mark, under the view's transform.
    const viewport = annotation.viewportFor(project.image(IMAGE) as never);
    const [x, y] = imageToScreen(viewport, marked);
    const ringsAt = ([cx, cy]: Vec2) =>
      calls.filter(
        (call) =>
          call.name === 'arc' &&
          call.args[2] === OFF_DOT_RING_RADIUS &&
          Math.abs((call.args[0] as number) - cx) < 1e-6 &&
          Math.abs((call.args[1] as number) - cy) < 1e-6,
      );
    expect(ringsAt([x, y]).length).toBeGreaterThan(0);
    // Ringed alone: no ring of that size anywhere else.
    const all = calls.filter((c) => c.name === 'arc' && c.args[2] === OFF_DOT_RING_RADIUS);
    expect(all.length).toBe(ringsAt([x, y]).length);
    // The line from the located centre ends at the mark.
    const [fx, fy] = imageToScreen(viewport, dot);
    const starts = calls.filter((c) => c.name === 'moveTo' && c.args[0] === fx && c.args[1] === fy);
    expect(starts.length).toBeGreaterThan(0);
    expect(calls.some((call) => call.name === 'setLineDash')).toBe(true);

    expect(screen.getByRole('list', { name: 'Overlay legend' })).toHaveTextContent(
      'Yellow dashed ring: marker off its dot: fiducial 2 (bottom-right) 2.0 px from the centre located on it',
    );
  });

  it('loses its ring once back on its dot', async () => {
    const { project } = await openSnapped();
    const dot = project.pointAt(IMAGE, MOVED) as Vec2;
    project.setPoint(IMAGE, MOVED, [dot[0], dot[1] + 2]);
    await waitFor(() => expect(drawnNow().offDot).toHaveLength(1));
    project.setPoint(IMAGE, MOVED, dot);
    await waitFor(() => expect(drawnNow().offDot).toEqual([]));
    expect(screen.queryByText(/Yellow dashed ring/)).toBeNull();
  });
});
