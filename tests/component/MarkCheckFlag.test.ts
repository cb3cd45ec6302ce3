// The marking checks as a user meets them: a photo marked in a turned or mirrored corner
// order, or with one stray fiducial, is flagged on the photo and in the status table as the
// point is placed, stays out of the analysis with a message naming it, and the flag's one
// action (reorder, or re-snap through the worker) or "Keep as marked" clears it, undoably.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { DetectResponse, SnapResponse, TrackResponse } from '../../src/client/engine';
import type { Vec2 } from '../../src/core';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import type { MarkingEngine } from '../../src/state/assist.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import { RemovalUndo } from '../../src/state/removalUndo.svelte';
import MarkCheckFlag from '../../src/ui/annotate/MarkCheckFlag.svelte';
import StatusTable from '../../src/ui/images/StatusTable.svelte';
import TodoList from '../../src/ui/images/TodoList.svelte';
import { QUALITY, timing } from './assist-fixtures';

/** A specimen's five dots in marker order, and the same specimen squeezed a little. */
const REFERENCE: Vec2[] = [
  [300, 200],
  [700, 205],
  [690, 800],
  [310, 795],
  [500, 500],
];
const SQUEEZED: Vec2[] = REFERENCE.map(([x, y]): Vec2 => [
  500 + 1.05 * (x - 500),
  500 + 0.9 * (y - 500),
]);
const SCALE: Vec2[] = [
  [900, 100],
  [900, 900],
];

/** Three photos; `second` gives the fiducials of the middle one, clicked in that order. */
function projectWith(second: readonly Vec2[]): ProjectState {
  const project = new ProjectState();
  project.addImages(
    ['a-0mm.png', 'b-1mm.png', 'c-2mm.png'].map((name, i) => ({
      id: `img-${i}`,
      name,
      width: 1000,
      height: 1000,
      suggestedTravel: i,
    })),
  );
  const marks = [REFERENCE, second, SQUEEZED];
  marks.forEach((fiducials, i) => {
    for (const point of [...fiducials, ...SCALE]) project.placeNext(`img-${i}`, point);
  });
  project.setScaleLength(40);
  project.selectedId = 'img-1';
  return project;
}

const turned = (points: readonly Vec2[]) => [1, 2, 3, 0, 4].map((i) => points[i] as Vec2);
const mirrored = (points: readonly Vec2[]) => [0, 3, 2, 1, 4].map((i) => points[i] as Vec2);

/** A stand-in worker that finds a dot only at the true centres of the squeezed specimen. */
function engine(): MarkingEngine {
  return {
    async snapPhotoPoint(_id: string, near: Vec2): Promise<SnapResponse> {
      const dot = SQUEEZED.find((p) => Math.hypot(p[0] - near[0], p[1] - near[1]) < 15);
      return dot
        ? { ok: true, centre: dot, quality: QUALITY, ...timing }
        : { ok: false, reason: 'flat', message: 'No dark dot here.', ...timing };
    },
    async detectPhotoFiducials(): Promise<DetectResponse> {
      throw new Error('not used');
    },
    async trackPhotoFiducials(): Promise<TrackResponse> {
      throw new Error('not used');
    },
  };
}

function renderBoth(project: ProjectState, assist = new AssistState(engine())) {
  render(MarkCheckFlag, { project, assist, imageId: 'img-1' });
  render(StatusTable, { project, removals: new RemovalUndo(project) });
  render(TodoList, { project, annotation: new AnnotationState(), assist });
  return userEvent.setup();
}

const rowOf = (name: string) =>
  screen.getByRole('button', { name: `Open ${name}` }).closest('tr') as HTMLElement;

afterEach(() => {
  vi.useRealTimers();
});

describe('marking checks', () => {
  it('a turned corner order shows on the photo and in the table, and Reorder corners fixes it', async () => {
    const project = projectWith(turned(SQUEEZED));
    const user = renderBoth(project);

    const flag = screen.getByRole('region', { name: 'Check the marks: Corners turned 90°' });
    expect(within(flag).getByText(/starting from the top-right/)).toBeInTheDocument();
    expect(within(rowOf('b-1mm.png')).getByText('Check marks')).toBeInTheDocument();
    expect(within(rowOf('b-1mm.png')).getByText('Corners turned 90°')).toBeInTheDocument();
    const todo = screen.getByRole('button', { name: 'Image 2 (b-1mm.png)' }).closest('li');
    expect(todo).toHaveTextContent(/Image 2 \(b-1mm.png\): check the marks/);
    // Left out of the analysis, and said so.
    expect(project.readiness.included.map((image) => image.id)).toEqual(['img-0', 'img-2']);
    expect(project.readiness.messages.join(' ')).toMatch(/Image 2 \(b-1mm.png\) is left out/);

    await user.click(within(flag).getByRole('button', { name: 'Reorder corners' }));
    expect(project.image('img-1')?.fiducials).toEqual(SQUEEZED);
    expect(screen.queryByRole('region', { name: /Check the marks/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Corners reordered/)).toBeInTheDocument();
    expect(within(rowOf('b-1mm.png')).getByText('Complete')).toBeInTheDocument();
    expect(project.readiness.included).toHaveLength(3);

    // One undo step puts the marks (and the flag) back.
    project.undo();
    flushSync();
    expect(project.image('img-1')?.fiducials).toEqual(turned(SQUEEZED));
    expect(within(rowOf('b-1mm.png')).getByText('Check marks')).toBeInTheDocument();
  });

  it('the table’s check is a button that opens the photo on the marks in question', async () => {
    const project = projectWith(turned(SQUEEZED));
    const oncheckmarks = vi.fn();
    render(StatusTable, { project, removals: new RemovalUndo(project), oncheckmarks });
    const user = userEvent.setup();
    const check = within(rowOf('b-1mm.png')).getByRole('button', {
      name: 'Check the marks of b-1mm.png: Corners turned 90°',
    });
    expect(check).toHaveTextContent('Corners turned 90°');
    await user.click(check);
    expect(oncheckmarks).toHaveBeenCalledExactlyOnceWith('img-1');
    // Answered, the check leaves the row.
    project.setFiducials('img-1', SQUEEZED);
    flushSync();
    expect(
      within(rowOf('b-1mm.png')).queryByRole('button', { name: /Check the marks/ }),
    ).toBeNull();
  });

  it('a mirrored order is flagged from the third click, and fixed from the keyboard', async () => {
    const project = projectWith(REFERENCE);
    project.addImages([
      { id: 'img-3', name: 'd-3mm.png', width: 1000, height: 1000, suggestedTravel: 3 },
    ]);
    render(MarkCheckFlag, { project, assist: new AssistState(engine()), imageId: 'img-3' });
    render(StatusTable, { project, removals: new RemovalUndo(project) });
    const user = userEvent.setup();
    // Top-left, then anticlockwise: bottom-left, bottom-right.
    const clicks = mirrored(SQUEEZED);
    project.placeNext('img-3', clicks[0]!);
    project.placeNext('img-3', clicks[1]!);
    flushSync();
    expect(within(rowOf('d-3mm.png')).getByText('Incomplete')).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: /Check the marks/ })).not.toBeInTheDocument();
    project.placeNext('img-3', clicks[2]!);
    flushSync();
    expect(within(rowOf('d-3mm.png')).getByText('Check marks')).toBeInTheDocument();
    expect(within(rowOf('d-3mm.png')).getByText('Corners mirrored')).toBeInTheDocument();
    const flag = screen.getByRole('region', { name: 'Check the marks: Corners mirrored' });
    expect(within(flag).getByText(/anticlockwise, starting from the top-left/)).toBeInTheDocument();

    // The fix is the first control in the flag: Tab reaches it, Enter applies it.
    await user.tab();
    expect(within(flag).getByRole('button', { name: 'Reorder corners' })).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(project.image('img-3')?.fiducials).toEqual([
      SQUEEZED[0],
      null,
      SQUEEZED[2],
      SQUEEZED[3],
      null,
    ]);
    expect(within(rowOf('d-3mm.png')).getByText('Incomplete')).toBeInTheDocument();
  });

  it('Keep as marked includes the photo; moving a fiducial afterwards asks again', async () => {
    const project = projectWith(turned(SQUEEZED));
    const user = renderBoth(project);
    await user.click(screen.getByRole('button', { name: 'Keep as marked' }));
    expect(within(rowOf('b-1mm.png')).getByText('Complete')).toBeInTheDocument();
    expect(project.readiness.included).toHaveLength(3);
    expect(project.image('img-1')?.confirmedChecks).toEqual(['turned-90']);

    project.setPoint('img-1', { kind: 'fiducial', index: 4 }, [501, 500]);
    flushSync();
    expect(within(rowOf('b-1mm.png')).getByText('Check marks')).toBeInTheDocument();
  });

  it('a stray fiducial is named, and Re-snap moves it to its dot through the worker', async () => {
    const stray = SQUEEZED.map((p, i): Vec2 => (i === 4 ? [p[0] + 12, p[1] - 9] : p));
    const project = projectWith(stray);
    const user = renderBoth(project);
    const flag = screen.getByRole('region', { name: 'Check the marks: Fiducial 4 off' });
    expect(
      within(flag).getByText(/^Fiducial 4 \(centre\) sits 0\.75 mm from where/),
    ).toBeInTheDocument();
    expect(within(rowOf('b-1mm.png')).getByText('Check marks')).toBeInTheDocument();

    await user.click(within(flag).getByRole('button', { name: 'Re-snap fiducial 4' }));
    expect(await screen.findByText(/Fiducial 4 re-snapped/)).toBeInTheDocument();
    expect(project.image('img-1')?.fiducials).toEqual(SQUEEZED);
    // Snapped to a dot: the point carries the dot's uncertainty.
    expect(project.image('img-1')?.fiducialUncertainty?.[4]).toBe(QUALITY.uncertainty);
    expect(within(rowOf('b-1mm.png')).getByText('Complete')).toBeInTheDocument();
  });

  it('of two corners the positions cannot tell apart, Re-snap moves the one off its dot', async () => {
    // A parallelogram specimen: a moved top-left and a moved bottom-right misfit alike.
    const project = projectWith(REFERENCE);
    const square: Vec2[] = [
      [300, 200],
      [700, 200],
      [700, 800],
      [300, 800],
      [500, 500],
    ];
    const onDots = square.map(([x, y]): Vec2 => [x + 10, y + 5]);
    const off = onDots.map((p, i): Vec2 => (i === 0 ? [p[0] + 14, p[1] + 9] : p));
    project.setFiducials('img-0', square);
    project.setFiducials('img-1', off);
    project.setFiducials('img-2', onDots);
    const snapEngine: MarkingEngine = {
      ...engine(),
      async snapPhotoPoint(_id: string, near: Vec2): Promise<SnapResponse> {
        const dot = onDots.find((p) => Math.hypot(p[0] - near[0], p[1] - near[1]) < 25);
        return dot
          ? { ok: true, centre: dot, quality: QUALITY, ...timing }
          : { ok: false, reason: 'flat', message: 'No dark dot here.', ...timing };
      },
    };
    const user = renderBoth(project, new AssistState(snapEngine));
    const fix = screen.getByRole('button', { name: 'Re-snap fiducial 0 or 2' });
    await user.click(fix);
    expect(await screen.findByText(/Fiducial 0 re-snapped/)).toBeInTheDocument();
    expect(project.image('img-1')?.fiducials).toEqual(onDots);
  });

  it('the notice of what the fix did leaves the photo after a few seconds', () => {
    vi.useFakeTimers();
    const project = projectWith(turned(SQUEEZED));
    render(MarkCheckFlag, { project, assist: new AssistState(engine()), imageId: 'img-1' });
    void fireEvent.click(screen.getByRole('button', { name: 'Reorder corners' }));
    flushSync();
    expect(screen.getByText(/Corners reordered/)).toBeInTheDocument();
    vi.advanceTimersByTime(4000);
    flushSync();
    expect(screen.getByText(/Corners reordered/)).toBeInTheDocument();
    vi.advanceTimersByTime(1500);
    flushSync();
    expect(screen.queryByText(/Corners reordered/)).not.toBeInTheDocument();
  });

  it('the status badge tells "Check marks" by its own shape as well as its words', () => {
    const project = projectWith(turned(SQUEEZED));
    render(StatusTable, { project, removals: new RemovalUndo(project) });
    const shapeOf = (name: string) =>
      Array.from(rowOf(name).querySelectorAll('.badge path')).map((p) => p.getAttribute('d'));
    const flagged = shapeOf('b-1mm.png');
    expect(flagged).not.toEqual(shapeOf('a-0mm.png'));
    expect(rowOf('b-1mm.png').querySelector('.badge.check-marks')).not.toBeNull();
  });
});
