// Marking frames of a video: beside "Mark the whole sequence" a checkbox (checked) follows the
// dots through the video's frames in between, and the sequence's report says how many were
// followed; unchecked, each frame is tracked from the one before; photos get no checkbox.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { Vec2 } from '../../src/core';
import type { TrackResponse } from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import type { FramePair } from '../../src/state/followFrames';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import SequenceSummary from '../../src/ui/annotate/SequenceSummary.svelte';
import { fakePhoto, recordCanvasCalls, stubDialog, stubLayout } from './annotate-fixtures';
import { detectedPattern, PHOTO, project, timing, trackedFiducials, VIEW } from './assist-fixtures';

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

function fakeEngine(): MarkingEngine & { calls: string[] } {
  const calls: string[] = [];
  const tracked = (previous: Vec2[]): TrackResponse => ({
    ok: true,
    ...trackedFiducials(previous),
    ...timing,
  });
  return {
    calls,
    snapPhotoPoint: () => Promise.reject(new Error('no snapping here')),
    detectPhotoFiducials: () => Promise.resolve(detectedPattern()),
    trackPhotoFiducials: (_id, previous) => {
      calls.push('plain');
      return Promise.resolve(tracked(previous));
    },
    trackThroughVideo: (_id, previous, pair: FramePair) => {
      calls.push(`through ${pair.from}-${pair.to}`);
      return Promise.resolve({
        ...tracked(previous),
        through: { followed: true, frames: 12, unsure: 0 },
      });
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
  render(SequenceSummary, { project: p, annotation, assist });
  await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
}

async function markSequence() {
  await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
  await waitFor(() =>
    expect(screen.getByText(/Marked the sequence: 3 of 3 images/)).toBeInTheDocument(),
  );
}

it('follows the dots through the frames in between and says how many', async () => {
  const p = frames();
  const engine = fakeEngine();
  await view(p, new AssistState(engine));
  expect(screen.getByLabelText(FOLLOW)).toBeChecked();
  await markSequence();
  expect(engine.calls).toEqual(['through 0-1', 'through 1-2']);
  expect(screen.getByText('Followed the dots through 24 frames in between.')).toBeInTheDocument();
});

it('tracks each frame from the one before alone once the box is unchecked', async () => {
  const p = frames();
  const engine = fakeEngine();
  await view(p, new AssistState(engine));
  await fireEvent.click(screen.getByLabelText(FOLLOW));
  await markSequence();
  expect(engine.calls).toEqual(['plain', 'plain']);
  expect(screen.queryByText(/Followed the dots/)).toBeNull();
});

it('offers no such box for photos', async () => {
  await view(project(3), new AssistState(fakeEngine()));
  expect(screen.queryByLabelText(FOLLOW)).toBeNull();
});
