// Scale points carried over as a user meets them, with a stand-in for the worker: opening
// the next photo offers the previous photo's S1 and S2 found again with its fiducials, and
// Accept places all seven as one undo step; a scale point in doubt is named and left for a
// click; "Mark the whole sequence" carries the scale points along and its report names the
// doubtful ones.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ScaleTracking, Vec2 } from '../../src/core';
import type {
  DetectResponse,
  ScaleCarryOver,
  SnapResponse,
  TrackResponse,
} from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import SequenceSummary from '../../src/ui/annotate/SequenceSummary.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import { fakePhoto, recordCanvasCalls, stubDialog, stubLayout } from './annotate-fixtures';
import {
  detectedPattern,
  moved,
  PHOTO,
  project,
  timing,
  trackedFiducials,
} from './assist-fixtures';

const PATTERN: Vec2[] = [
  [300, 200],
  [900, 210],
  [890, 800],
  [310, 790],
  [600, 500],
];
const SCALE: [Vec2, Vec2] = [
  [1500, 100],
  [1500, 900],
];
const S2_IN_DOUBT =
  'S2 could as well be on a neighbouring tick (the ruler looks the same there): click it.';

interface Call {
  photoId: string;
  scale?: ScaleCarryOver;
}

/** A stand-in worker whose tracking moves every point by (5, -3); S2 is in doubt on `doubt`. */
function fakeEngine(doubt: string[] = []): MarkingEngine & { tracks: Call[] } {
  const tracks: Call[] = [];
  return {
    tracks,
    async snapPhotoPoint(): Promise<SnapResponse> {
      return { ok: false, reason: 'flat', message: 'No dark dot here.', ...timing };
    },
    async detectPhotoFiducials(): Promise<DetectResponse> {
      return detectedPattern(null);
    },
    async trackPhotoFiducials(
      photoId: string,
      previous: Vec2[],
      scale?: ScaleCarryOver,
    ): Promise<TrackResponse> {
      // What crosses to the worker must be plain data (live state cannot be cloned).
      tracks.push(structuredClone({ photoId, scale }));
      const fiducials = trackedFiducials(previous, null);
      if (!scale) return { ok: true, ...fiducials, ...timing };
      const found: [Vec2, Vec2] = [moved(scale.points[0]), moved(scale.points[1])];
      const inDoubt = doubt.includes(photoId);
      const tracking: ScaleTracking = {
        points: inDoubt ? [found[0], null] : found,
        tracked: found.map((point, k) => ({
          point,
          status: inDoubt && k === 1 ? 'ambiguous' : 'tracked',
          score: 0.97,
          ambiguity: inDoubt && k === 1 ? 0.95 : 0.5,
        })) as ScaleTracking['tracked'],
        zoom: 1,
        previousDistance: 800,
        distance: 800,
        distanceChange: 0,
        needsReview: inDoubt,
        reasons: inDoubt ? [S2_IN_DOUBT] : [],
      };
      return { ok: true, ...fiducials, scale: { ok: true, ...tracking }, ...timing };
    },
  };
}

/** The first image fully marked by hand: five fiducials and both scale points. */
function markFirst(p: ProjectState) {
  p.setFiducials('img-0', PATTERN);
  p.setPoint('img-0', { kind: 'scale', index: 0 }, SCALE[0]);
  p.setPoint('img-0', { kind: 'scale', index: 1 }, SCALE[1]);
}

function view(p: ProjectState, assist: AssistState) {
  const annotation = new AnnotationState();
  render(AnnotationView, {
    project: p,
    photo: fakePhoto(p.selectedId!, PHOTO.width, PHOTO.height),
    annotation,
    assist,
  });
  // The sequence's report, which sits with the photo list.
  render(SequenceSummary, { project: p, annotation, assist });
}

beforeEach(() => {
  recordCanvasCalls();
  stubLayout(1016, 616);
  stubDialog();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('carrying the scale points over', () => {
  it('offers S1 and S2 found again with the fiducials; Accept places all as one undo step', async () => {
    const p = project(2);
    markFirst(p);
    p.selectedId = 'img-1';
    const engine = fakeEngine();
    view(p, new AssistState(engine));
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(offer).toHaveTextContent(/carried over/);
    expect(offer).toHaveTextContent('S1 and S2 found again on the ruler.');
    expect(engine.tracks).toEqual([
      { photoId: 'img-1', scale: { fromPhotoId: 'img-0', points: SCALE } },
    ]);
    await fireEvent.click(within(offer).getByRole('button', { name: 'Accept' }));
    expect(p.image('img-1')!.fiducials).toEqual(PATTERN.map(moved));
    expect(p.image('img-1')!.scalePoints).toEqual(SCALE.map(moved));
    expect(screen.getByText('All points placed')).toBeInTheDocument();
    p.undo();
    expect(p.image('img-1')!.fiducials.every((f) => f === null)).toBe(true);
    expect(p.image('img-1')!.scalePoints).toEqual([null, null]);
  });

  it('names a scale point in doubt and leaves it for a click', async () => {
    const p = project(2);
    markFirst(p);
    p.selectedId = 'img-1';
    view(p, new AssistState(fakeEngine(['img-1'])));
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(offer).toHaveTextContent('S1 found again on the ruler; click the other.');
    expect(within(offer).getByRole('listitem')).toHaveTextContent(S2_IN_DOUBT);
    expect(offer).toHaveTextContent(/Not sure: check each one/);
    await fireEvent.click(within(offer).getByRole('button', { name: 'Accept' }));
    expect(p.image('img-1')!.scalePoints).toEqual([moved(SCALE[0]), null]);
    expect(screen.getByText('Next: scale point S2')).toBeInTheDocument();
  });

  it('carries no scale points from a photo that has none', async () => {
    const p = project(2);
    p.setFiducials('img-0', PATTERN);
    p.selectedId = 'img-1';
    const engine = fakeEngine();
    view(p, new AssistState(engine));
    const offer = await screen.findByRole('region', { name: 'Proposed points' });
    expect(offer).not.toHaveTextContent(/S1/);
    expect(engine.tracks[0]!.scale).toBeUndefined();
  });
});

describe('marking the whole sequence', () => {
  it('carries the scale points along and names the doubtful one in the report', async () => {
    const p = project(4);
    markFirst(p);
    view(p, new AssistState(fakeEngine(['img-2'])));
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    const report = screen.getByRole('status', { name: 'Marking the sequence' });
    await waitFor(() => expect(report).toHaveTextContent(/Marked the sequence: 4 of 4 images/));
    expect(p.image('img-1')!.scalePoints).toEqual(SCALE.map(moved));
    expect(p.image('img-2')!.scalePoints).toEqual([moved(moved(SCALE[0])), null]);
    // The chain goes on from the last photo with both points: img-1's for img-3.
    expect(p.image('img-3')!.scalePoints).toEqual(SCALE.map((s) => moved(moved(s))));
    expect(report).toHaveTextContent(/1 needs a look/);
    const item = within(report).getByRole('listitem');
    expect(item).toHaveTextContent(`step-2.png: ${S2_IN_DOUBT}`);
  });

  it('adds the scale points to photos whose fiducials are marked already, one undo step each', async () => {
    const p = project(2);
    markFirst(p);
    p.setFiducials('img-1', PATTERN);
    const engine = fakeEngine();
    view(p, new AssistState(engine));
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    await waitFor(() => expect(p.image('img-1')!.scalePoints).toEqual(SCALE.map(moved)));
    // Its own fiducials stay as they were.
    expect(p.image('img-1')!.fiducials).toEqual(PATTERN);
    p.undo();
    expect(p.image('img-1')!.scalePoints).toEqual([null, null]);
    expect(p.image('img-1')!.fiducials).toEqual(PATTERN);
  });
});
