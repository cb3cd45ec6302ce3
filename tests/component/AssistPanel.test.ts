// Marking help as a user meets it, with a stand-in for the worker: a click snaps to the dot
// within the same undo step (Alt places exactly; no dot leaves the point and says so), the
// point table shows each snapped point's precision, "Detect dots" offers five points to
// accept, an unmarked next image is offered the previous points carried over, and "Mark the
// whole sequence" fills every image and reports which need a look; for frames of a video, a
// checkbox beside it (checked) follows the dots through the frames in between.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Vec2 } from '../../src/core';
import type { DetectResponse, SnapResponse, TrackResponse } from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import type { FramePair } from '../../src/state/followFrames';
import { ProjectState } from '../../src/state/project.svelte';
import SequenceSummary from '../../src/ui/annotate/SequenceSummary.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import PointTable from '../../src/ui/annotate/PointTable.svelte';
import { fakePhoto, recordCanvasCalls, stubDialog, stubLayout } from './annotate-fixtures';
import {
  detectedPattern,
  PATTERN,
  PHOTO,
  project,
  QUALITY,
  timing,
  trackedFiducials,
  VIEW,
} from './assist-fixtures';

/** A stand-in worker: snaps to the nearest pattern dot within 20 px, else no dot. */
function fakeEngine(): MarkingEngine & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    async snapPhotoPoint(_id: string, near: Vec2): Promise<SnapResponse> {
      calls.push('snap');
      structuredClone(near);
      const dot = PATTERN.find((p) => Math.hypot(p[0] - near[0], p[1] - near[1]) < 20);
      return dot
        ? { ok: true, centre: dot, quality: QUALITY, ...timing }
        : { ok: false, reason: 'flat', message: 'No dark dot here.', ...timing };
    },
    async detectPhotoFiducials(): Promise<DetectResponse> {
      calls.push('detect');
      return detectedPattern();
    },
    async trackPhotoFiducials(_id: string, previous: Vec2[]): Promise<TrackResponse> {
      calls.push('track');
      // What crosses to the worker must be plain data (live state cannot be cloned).
      structuredClone(previous);
      return { ok: true, ...trackedFiducials(previous), ...timing };
    },
    async trackThroughVideo(_id: string, previous: Vec2[], pair: FramePair) {
      calls.push(`through ${pair.from}-${pair.to}`);
      const through = { followed: true as const, frames: 12, unsure: 0 };
      return { ok: true as const, ...trackedFiducials(previous), ...timing, through };
    },
  };
}

beforeEach(() => {
  recordCanvasCalls();
  stubLayout(VIEW.width, VIEW.height);
  stubDialog();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function view(p: ProjectState, assist: AssistState) {
  const annotation = new AnnotationState();
  render(AnnotationView, {
    project: p,
    photo: fakePhoto(p.selectedId!, PHOTO.width, PHOTO.height),
    annotation,
    assist,
  });
  render(PointTable, { project: p, annotation, assist });
  // The sequence's report, which sits with the photo list.
  render(SequenceSummary, { project: p, annotation, assist });
  await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
  return screen.getByRole('application', { name: /^photo /i });
}

/** A click at an image point (zoom 0.5, offset (8, 58) for this view and photo). */
async function clickAt(canvas: Element, point: Vec2, options: { altKey?: boolean } = {}) {
  const x = 8 + point[0] * 0.5;
  const y = 58 + point[1] * 0.5;
  const init = {
    clientX: x,
    clientY: y,
    button: 0,
    pointerId: 1,
    pointerType: 'mouse',
    ...options,
  };
  await fireEvent.pointerDown(canvas, { ...init, buttons: 1 });
  await fireEvent.pointerUp(canvas, { ...init, buttons: 0 });
}

describe('snapping a click', () => {
  it('moves the point to the dot centre, as one undo step, and shows its precision', async () => {
    const p = project();
    const engine = fakeEngine();
    const canvas = await view(p, new AssistState(engine));
    await clickAt(canvas, [304, 196]);
    await waitFor(() =>
      expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toEqual(PATTERN[0]),
    );
    const table = screen.getByRole('table', { name: /Points on step-0\.png/ });
    expect(within(table).getByText('±0.01 px; dot good')).toBeInTheDocument();
    // The located dot's uncertainty is kept with the point, for the analysis and the file.
    expect(p.image('img-0')!.fiducialUncertainty).toEqual([
      QUALITY.uncertainty,
      null,
      null,
      null,
      null,
    ]);
    p.undo();
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toBeNull();
    expect(p.image('img-0')!.fiducialUncertainty![0]).toBeNull();
    p.redo();
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toEqual(PATTERN[0]);
    expect(p.image('img-0')!.fiducialUncertainty![0]).toBe(QUALITY.uncertainty);
  });

  it('with Alt held, places exactly where clicked without asking the worker', async () => {
    const p = project();
    const engine = fakeEngine();
    const canvas = await view(p, new AssistState(engine));
    await clickAt(canvas, [304, 196], { altKey: true });
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toEqual([304, 196]);
    expect(engine.calls).not.toContain('snap');
    // Hand-placed: no uncertainty of its own; the table says which one it gets.
    expect(p.image('img-0')!.fiducialUncertainty![0]).toBeNull();
    const table = screen.getByRole('table', { name: /Points on step-0\.png/ });
    expect(
      within(table).getByText('hand-placed, ±0.5 px (set in analysis settings)'),
    ).toBeVisible();
  });

  it('keeps the point where clicked when there is no dot, and says so', async () => {
    const p = project();
    const canvas = await view(p, new AssistState(fakeEngine()));
    await clickAt(canvas, [1500, 100]);
    await waitFor(() =>
      expect(
        screen.getByText(/No dark dot here\. The point stays where you clicked\./),
      ).toBeInTheDocument(),
    );
    expect(p.pointAt('img-0', { kind: 'fiducial', index: 0 })).toEqual([1500, 100]);
  });
});

describe('detecting and carrying over', () => {
  it('"Detect dots" offers five points; Accept puts them in place as one undo step', async () => {
    const p = project();
    await view(p, new AssistState(fakeEngine()));
    await fireEvent.click(screen.getByRole('button', { name: 'Detect dots' }));
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(within(offer).getByText(/confidence 90 %/)).toBeInTheDocument();
    expect(p.image('img-0')!.fiducials.every((f) => f === null)).toBe(true);
    await fireEvent.click(within(offer).getByRole('button', { name: 'Accept' }));
    expect(p.image('img-0')!.fiducials).toEqual(PATTERN);
    expect(p.image('img-0')!.fiducialUncertainty).toEqual(PATTERN.map(() => QUALITY.uncertainty));
    p.undo();
    expect(p.image('img-0')!.fiducials.every((f) => f === null)).toBe(true);
    expect(p.image('img-0')!.fiducialUncertainty).toEqual([null, null, null, null, null]);
  });

  it("offers the previous image's points, carried over, when an unmarked image opens", async () => {
    const p = project(2);
    p.setFiducials('img-0', PATTERN);
    p.selectedId = 'img-1';
    const assist = new AssistState(fakeEngine());
    render(AnnotationView, {
      project: p,
      photo: fakePhoto(p.selectedId!, PHOTO.width, PHOTO.height),
      annotation: new AnnotationState(),
      assist,
    });
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(within(offer).getByText(/carried over/)).toBeInTheDocument();
    await fireEvent.click(within(offer).getByRole('button', { name: 'Dismiss' }));
    expect(p.image('img-1')!.fiducials.every((f) => f === null)).toBe(true);
    expect(assist.canCarryOver(p, 'img-1')).toBe(false);
  });

  it('"Mark the whole sequence" detects the first image, tracks the rest, and reports', async () => {
    const p = project(3);
    const engine = fakeEngine();
    await view(p, new AssistState(engine));
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    await waitFor(() =>
      expect(
        screen.getByText(/Marked the sequence: 3 of 3 images\. None needs a look\./),
      ).toBeInTheDocument(),
    );
    expect(engine.calls.filter((c) => c === 'detect')).toHaveLength(1);
    expect(engine.calls.filter((c) => c === 'track')).toHaveLength(2);
    expect(p.image('img-2')!.fiducials[0]).toEqual([PATTERN[0]![0] + 10, PATTERN[0]![1] - 6]);
    // Tracked points keep the uncertainty of the dot each was re-snapped to.
    expect(p.image('img-2')!.fiducialUncertainty).toEqual(PATTERN.map(() => QUALITY.uncertainty));
  });

  it('"Mark the whole sequence" asks for the next image only once the page has caught up', async () => {
    const p = project(3);
    const engine = fakeEngine();
    const waits: (() => void)[] = [];
    const assist = new AssistState(engine, () => new Promise<void>((go) => waits.push(go)));
    await view(p, assist);
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    await waitFor(() => expect(waits).toHaveLength(1));
    // The first image is marked and shown; the worker is not asked for the second yet.
    expect(engine.calls).toEqual(['detect']);
    expect(p.image('img-0')!.fiducials.every((f) => f !== null)).toBe(true);
    waits[0]!();
    await waitFor(() => expect(waits).toHaveLength(2));
    expect(engine.calls).toEqual(['detect', 'track']);
    waits[1]!();
    await waitFor(() => expect(waits).toHaveLength(3));
    waits[2]!();
    await waitFor(() =>
      expect(screen.getByText(/Marked the sequence: 3 of 3 images/)).toBeInTheDocument(),
    );
  });
});

describe('frames of a video', () => {
  const FOLLOW = "Follow the dots through the video's frames in between";

  /** Three frames of press.mp4, a second apart. */
  function frames(): ProjectState {
    const p = new ProjectState();
    p.addImages(
      [0, 1, 2].map((time) => ({
        id: `frame-${time}`,
        name: `press@${time.toFixed(3)}s.png`,
        width: PHOTO.width,
        height: PHOTO.height,
        suggestedTravel: time,
        time,
      })),
    );
    return p;
  }

  async function markSequence() {
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    await waitFor(() =>
      expect(screen.getByText(/Marked the sequence: 3 of 3 images/)).toBeInTheDocument(),
    );
  }

  it('are followed through the frames in between, and the report says how many', async () => {
    const engine = fakeEngine();
    await view(frames(), new AssistState(engine));
    expect(screen.getByLabelText(FOLLOW)).toBeChecked();
    await markSequence();
    expect(engine.calls).toEqual(['detect', 'through 0-1', 'through 1-2']);
    expect(screen.getByText('Followed the dots through 24 frames in between.')).toBeInTheDocument();
  });

  it('are tracked each from the one before alone once the box is unchecked', async () => {
    const engine = fakeEngine();
    await view(frames(), new AssistState(engine));
    await fireEvent.click(screen.getByLabelText(FOLLOW));
    await markSequence();
    expect(engine.calls).toEqual(['detect', 'track', 'track']);
    expect(screen.queryByText(/Followed the dots/)).toBeNull();
  });

  it("are offered the frame before's points followed through the frames in between", async () => {
    const p = frames();
    p.setFiducials('frame-0', PATTERN);
    p.selectedId = 'frame-1';
    const engine = fakeEngine();
    render(AnnotationView, {
      project: p,
      photo: fakePhoto(p.selectedId, PHOTO.width, PHOTO.height),
      annotation: new AnnotationState(),
      assist: new AssistState(engine),
    });
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(
      within(offer).getByText('Followed the dots through 12 frames in between.'),
    ).toBeVisible();
    expect(engine.calls).toEqual(['through 0-1']);
  });

  it('are the only images offered the box', async () => {
    await view(project(3), new AssistState(fakeEngine()));
    expect(screen.queryByLabelText(FOLLOW)).toBeNull();
  });
});
