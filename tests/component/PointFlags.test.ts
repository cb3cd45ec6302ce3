// Flags that lead somewhere, as a user meets them: a dot in doubt after detection or
// "Mark the whole sequence" is flagged by name ("Fiducial 2 (bottom-right) is hard to
// locate"); activating the flag (click or Enter) opens its photo zoomed and centred on the
// point, selected, with the keys on the photo; and the flag leaves every list once the point
// is moved, re-snapped or kept.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { dotIssues } from '../../src/core';
import type { DotQuality, Vec2 } from '../../src/core';
import type { DetectResponse, SnapResponse, TrackResponse } from '../../src/client/engine';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import { fitZoom, imageToScreen } from '../../src/state/viewport';
import SequenceSummary from '../../src/ui/annotate/SequenceSummary.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import { fakePhoto, stubMarkingDom } from './annotate-fixtures';
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

const POOR: DotQuality = { ...QUALITY, grade: 'poor', snr: 4, uncertainty: 0.3 };
/** Fiducial 2 hard to locate, the others good. */
const QUALITIES = PATTERN.map((_, i) => (i === 2 ? POOR : QUALITY));
const FLAG_TEXT = 'Fiducial 2 (bottom-right) is hard to locate.';
const BOTTOM_RIGHT = { kind: 'fiducial', index: 2 } as const;

/** A stand-in worker whose detection and tracking find fiducial 2 hard to locate. */
function fakeEngine(): MarkingEngine {
  const reasons = dotIssues(QUALITIES).map((issue) => issue.text);
  return {
    async snapPhotoPoint(_id: string, near: Vec2): Promise<SnapResponse> {
      return { ok: true, centre: [near[0] + 1, near[1]], quality: QUALITY, ...timing };
    },
    async detectPhotoFiducials(): Promise<DetectResponse> {
      const found = detectedPattern();
      return found.ok ? { ...found, quality: QUALITIES, confidence: 0.5, reasons } : found;
    },
    async trackPhotoFiducials(_id: string, previous: Vec2[]): Promise<TrackResponse> {
      const tracked = trackedFiducials(previous);
      tracked.tracked.forEach((t, i) => (t.quality = QUALITIES[i]!));
      return { ok: true, ...tracked, needsReview: true, reasons, ...timing };
    },
  };
}

stubMarkingDom(VIEW);

async function view(p: ProjectState) {
  const annotation = new AnnotationState();
  const assist = new AssistState(fakeEngine(), () => Promise.resolve());
  render(AnnotationView, {
    project: p,
    photo: fakePhoto(p.selectedId!, PHOTO.width, PHOTO.height),
    annotation,
    assist,
  });
  // The sequence's report, which sits with the photo list.
  render(SequenceSummary, { project: p, annotation, assist });
  await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
  return { annotation, assist };
}

/** Detects the dots on the open photo and accepts them. */
async function detectAndAccept() {
  await fireEvent.click(screen.getByRole('button', { name: 'Detect dots' }));
  const offer = await screen.findByRole('region', { name: 'Proposed points' });
  // The offer names the dot in doubt, not only how many.
  expect(offer).toHaveTextContent(FLAG_TEXT);
  await fireEvent.click(within(offer).getByRole('button', { name: 'Accept' }));
}

const photoFlags = () => screen.queryByRole('list', { name: 'Points to check on this photo' });

/** Where the view puts an image point, and whether that is the view's centre. */
function centredOn(annotation: AnnotationState, p: ProjectState, point: Vec2): boolean {
  const v = annotation.viewportFor({ id: p.selectedId!, ...PHOTO });
  const [x, y] = imageToScreen(v, point);
  return Math.abs(x - VIEW.width / 2) < 1e-6 && Math.abs(y - VIEW.height / 2) < 1e-6;
}

describe('a flag on the open photo', () => {
  it('names its point, and Enter on it zooms the view onto the point with the keys on the photo', async () => {
    const p = project(1);
    const { annotation } = await view(p);
    await detectAndAccept();
    const flag = within(photoFlags()!).getByRole('button', { name: FLAG_TEXT });

    flag.focus();
    await userEvent.keyboard('{Enter}');
    const image = { id: 'img-0', ...PHOTO };
    expect(annotation.selectedSlotIn('img-0')).toEqual(BOTTOM_RIGHT);
    expect(annotation.viewportFor(image).zoom).toBeGreaterThan(2 * fitZoom(PHOTO, VIEW));
    expect(centredOn(annotation, p, PATTERN[2]!)).toBe(true);
    const canvas = screen.getByRole('application', { name: /photo step-0\.png/i });
    await waitFor(() => expect(document.activeElement).toBe(canvas));
    expect(canvas.dataset['zoom']).toBe(String(annotation.viewportFor(image).zoom));
  });

  it('leaves when its point is moved with the keys', async () => {
    const p = project(1);
    await view(p);
    await detectAndAccept();
    await fireEvent.click(screen.getByRole('button', { name: FLAG_TEXT }));
    const canvas = screen.getByRole('application', { name: /photo step-0\.png/i });
    await waitFor(() => expect(document.activeElement).toBe(canvas));
    await userEvent.keyboard('{ArrowLeft}');
    expect(p.pointAt('img-0', BOTTOM_RIGHT)).toEqual([PATTERN[2]![0] - 1, PATTERN[2]![1]]);
    expect(photoFlags()).toBeNull();
    expect(screen.queryByText(FLAG_TEXT)).toBeNull();
  });

  it('leaves when the point is re-snapped, or kept as it is', async () => {
    const p = project(1);
    await view(p);
    await detectAndAccept();
    await fireEvent.click(
      screen.getByRole('button', { name: /Re-snap fiducial 2 \(bottom-right\)/ }),
    );
    await waitFor(() => expect(photoFlags()).toBeNull());
    expect(p.pointAt('img-0', BOTTOM_RIGHT)).toEqual([PATTERN[2]![0] + 1, PATTERN[2]![1]]);

    await detectAndAccept();
    expect(photoFlags()).not.toBeNull();
    await fireEvent.click(screen.getByRole('button', { name: /Keep fiducial 2 \(bottom-right\)/ }));
    expect(photoFlags()).toBeNull();
    // Kept: the point stays where it was.
    expect(p.pointAt('img-0', BOTTOM_RIGHT)).toEqual(PATTERN[2]);
  });
});

describe("the sequence's report", () => {
  it('lists each image with its flags; a flag opens that image zoomed onto the point', async () => {
    const p = project(3);
    p.selectedId = 'img-0';
    const { annotation } = await view(p);
    p.setFiducials('img-0', PATTERN);
    flushSync();
    await fireEvent.click(screen.getByRole('button', { name: 'Mark the whole sequence' }));
    const report = screen.getByRole('status', { name: 'Marking the sequence' });
    await waitFor(() => expect(report).toHaveTextContent(/2 need a look/));
    const second = within(report).getByRole('list', { name: 'Points to check on step-1.png' });
    await fireEvent.click(within(second).getByRole('button', { name: FLAG_TEXT }));
    expect(p.selectedId).toBe('img-1');
    expect(annotation.selectedSlotIn('img-1')).toEqual(BOTTOM_RIGHT);
    expect(centredOn(annotation, p, p.pointAt('img-1', BOTTOM_RIGHT)!)).toBe(true);

    // Moved, the flag leaves the report, and so does the image it was all that was left of.
    const at = p.pointAt('img-1', BOTTOM_RIGHT)!;
    p.setPoint('img-1', BOTTOM_RIGHT, [at[0] + 2, at[1]]);
    flushSync();
    expect(
      within(report).queryByRole('list', { name: 'Points to check on step-1.png' }),
    ).toBeNull();
    expect(within(report).queryByRole('button', { name: 'step-1.png' })).toBeNull();
    expect(report).toHaveTextContent(/1 needs a look/);
  });
});

describe("a marking check's flag over the photo", () => {
  it('zooms onto the marker it names', async () => {
    const p = project(2);
    p.setFiducials('img-0', PATTERN);
    const off: Vec2 = [PATTERN[4]![0] + 40, PATTERN[4]![1]];
    p.setFiducials('img-1', [...PATTERN.slice(0, 4), off]);
    p.selectedId = 'img-1';
    const { annotation } = await view(p);
    const flag = screen.getByRole('region', { name: /^Check the marks/ });
    expect(flag).toHaveTextContent(/Fiducial 4 \(centre\) sits/);
    await fireEvent.click(within(flag).getByRole('button', { name: 'Zoom to it' }));
    expect(annotation.selectedSlotIn('img-1')).toEqual({ kind: 'fiducial', index: 4 });
    expect(centredOn(annotation, p, off)).toBe(true);
  });
});
