// While "Mark the whole sequence" fills the other photos, the open photo's point table and
// canvas stay as they are: they depend on the open photo's points only, so another photo's
// marks cause no DOM change and no repaint (each such update used to cost a re-render on the
// main thread). And the undo history of the run stays one step a photo,
// with gestures that change nothing leaving no step.
import { render, screen, waitFor } from '@testing-library/svelte';
import { tick } from 'svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Vec2 } from '../../src/core';
import type { DetectResponse, TrackResponse } from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import PointTable from '../../src/ui/annotate/PointTable.svelte';
import { fakePhoto, recordCanvasCalls, stubLayout } from './annotate-fixtures';
import {
  detectedPattern,
  PATTERN,
  PHOTO,
  project,
  timing,
  trackedFiducials,
  VIEW,
} from './assist-fixtures';
import type { RecordedCall } from './annotate-fixtures';

/** A stand-in worker: detection finds the pattern, tracking moves it by (5, -3). */
const marking: MarkingEngine = {
  snapPhotoPoint: () => Promise.reject(new Error('not used')),
  detectPhotoFiducials: async (): Promise<DetectResponse> => detectedPattern(),
  trackPhotoFiducials: async (_id: string, previous: Vec2[]): Promise<TrackResponse> => ({
    ok: true,
    ...trackedFiducials(previous),
    ...timing,
  }),
};

/** Lets effects run and the next animation frame (where the canvas paints) pass. */
async function settle(): Promise<void> {
  await tick();
  await new Promise((resolve) => requestAnimationFrame(() => resolve(undefined)));
  await tick();
}

let canvasCalls: RecordedCall[];

beforeEach(() => {
  canvasCalls = recordCanvasCalls();
  stubLayout(VIEW.width, VIEW.height);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the open photo while the sequence is marked', () => {
  async function mount(p: ProjectState, assist: AssistState) {
    const annotation = new AnnotationState();
    render(AnnotationView, {
      project: p,
      photo: fakePhoto(p.selectedId!, PHOTO.width, PHOTO.height),
      annotation,
      assist,
    });
    render(PointTable, { project: p, annotation, assist });
    await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
    await settle();
    // The photo is on its canvas before the run starts (so later calls are repaints).
    await waitFor(() => expect(canvasCalls.some((call) => call.name === 'drawImage')).toBe(true));
    const table = screen.getByRole('table', { name: /points on step-0\.png/i });
    const changes: MutationRecord[] = [];
    new MutationObserver((records) => changes.push(...records)).observe(table, {
      subtree: true,
      childList: true,
      characterData: true,
      attributes: true,
    });
    // Everything painted so far is the first paint; only later calls count.
    canvasCalls.length = 0;
    return { table, changes };
  }

  it('neither changes the point table nor repaints when other photos get their points', async () => {
    const p = project(4);
    const assist = new AssistState(marking);
    // The open photo is marked already: the run keeps it and tracks the others from it.
    p.setFiducials('img-0', PATTERN);
    const { changes } = await mount(p, assist);
    // Called by every row the table renders: a table rebuilt with the same text shows here.
    const qualityOf = vi.spyOn(assist, 'qualityOf');

    await assist.markSequence(p);
    await settle();

    expect(p.image('img-3')?.fiducials).toEqual(PATTERN.map(([x, y]) => [x + 15, y - 9]));
    expect(changes).toEqual([]);
    expect(qualityOf).not.toHaveBeenCalled();
    expect(canvasCalls.filter((call) => call.name === 'fillText')).toEqual([]);
    expect(canvasCalls).toEqual([]);
  });

  it('does update both when the open photo itself gets its points (the test can see a change)', async () => {
    const p = project(2);
    const assist = new AssistState(marking);
    const { table, changes } = await mount(p, assist);

    await assist.markSequence(p);
    await settle();

    expect(changes.length).toBeGreaterThan(0);
    expect(table.textContent).toContain('300.25');
    // Five fiducial labels, drawn once: one repaint for one change, of the markers only (the
    // photo, on its own canvas below them, is not drawn again).
    expect(canvasCalls.filter((call) => call.name === 'fillText')).toHaveLength(5);
    expect(canvasCalls.filter((call) => call.name === 'drawImage')).toEqual([]);
  });
});

describe('the undo history of a sequence run', () => {
  it('keeps one undo step a photo: undo takes off the last photo marked, then the one before', async () => {
    const p = project(3);
    const assist = new AssistState(marking);
    await assist.markSequence(p);
    expect(p.image('img-2')?.fiducials.every((point) => point !== null)).toBe(true);

    p.undo();
    expect(p.image('img-2')?.fiducials).toEqual([null, null, null, null, null]);
    expect(p.image('img-1')?.fiducials.every((point) => point !== null)).toBe(true);
    p.undo();
    expect(p.image('img-1')?.fiducials).toEqual([null, null, null, null, null]);
    expect(p.image('img-0')?.fiducials).toEqual(PATTERN);
    p.redo();
    p.redo();
    expect(p.image('img-2')?.fiducials).toEqual(PATTERN.map(([x, y]) => [x + 10, y - 6]));
  });

  it('adds no undo step for a gesture that changes nothing, or ends where it began', () => {
    const p = project(1);
    /** How many undo steps the history holds (undoing them all, then redoing them). */
    const steps = () => {
      let count = 0;
      while (p.canUndo) {
        p.undo();
        count++;
      }
      while (p.canRedo) p.redo();
      return count;
    };
    expect(steps()).toBe(1);

    // Focus and blur with no typing.
    p.beginGesture();
    p.endGesture();
    expect(steps()).toBe(1);

    // Typed, then typed the old value back.
    p.beginGesture();
    p.setPressTravel('img-0', 7);
    p.setPressTravel('img-0', 0);
    p.endGesture();
    expect(steps()).toBe(1);

    // A drag that moves a point: one step, and undo puts the photo back as it was.
    p.beginGesture();
    p.setPoint('img-0', { kind: 'fiducial', index: 0 }, [10, 20]);
    p.setPoint('img-0', { kind: 'fiducial', index: 0 }, [11, 21]);
    p.endGesture();
    expect(steps()).toBe(2);
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toEqual([11, 21]);
    p.undo();
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toBeNull();
  });
});
