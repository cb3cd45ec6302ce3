// The point table: each slot of the open image with its coordinates in image pixels (or
// "not placed"); selecting a row selects the point in the view and brings it into view.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import PointTable from '../../src/ui/annotate/PointTable.svelte';
import { isInView } from '../../src/state/viewport';
import {
  IMAGE_ID,
  fakePhoto,
  markingStates,
  projectWithPhoto,
  recordCanvasCalls,
  stubDialog,
  stubLayout,
} from './annotate-fixtures';

const VIEW = { width: 800, height: 600 };
const PHOTO = { width: 4000, height: 3000 };

beforeEach(() => {
  recordCanvasCalls();
  stubLayout(VIEW.width, VIEW.height);
  stubDialog();
});

afterEach(() => {
  vi.restoreAllMocks();
});

function table() {
  return screen.getByRole('table', { name: /points on deformation-00mm-force\.png/i });
}

function rowFor(name: RegExp) {
  return within(table()).getByRole('row', { name });
}

describe('PointTable', () => {
  it('lists every slot, with coordinates to 2 decimals or "not placed"', () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 0 }, [100.123, 2000.5]);
    project.setPoint(IMAGE_ID, { kind: 'scale', index: 1 }, [3999.999, 0.004]);
    render(PointTable, { project, ...markingStates() });

    const rows = within(table()).getAllByRole('row');
    expect(rows).toHaveLength(1 + 7);
    const headers = within(rows[0]!)
      .getAllByRole('columnheader')
      .map((h) => h.textContent?.trim());
    expect(headers.slice(0, 4)).toEqual(['Type', 'Number', 'x (px)', 'y (px)']);

    const first = within(rows[1]!).getAllByRole('cell');
    expect(first[0]).toHaveTextContent('Fiducial');
    expect(within(rows[1]!).getByRole('rowheader')).toHaveTextContent('0 (top-left)');
    expect(first[1]).toHaveTextContent('100.12');
    expect(first[2]).toHaveTextContent('2000.50');

    expect(within(rows[3]!).getByRole('rowheader')).toHaveTextContent('2 (bottom-right)');
    expect(within(rows[3]!).getByText('not placed')).toBeInTheDocument();
    expect(within(rows[5]!).getByRole('rowheader')).toHaveTextContent('4 (centre)');

    const s2 = within(rows[7]!).getAllByRole('cell');
    expect(s2[0]).toHaveTextContent('Scale');
    expect(within(rows[7]!).getByRole('rowheader')).toHaveTextContent('2');
    expect(s2[1]).toHaveTextContent('4000.00');
    expect(s2[2]).toHaveTextContent('0.00');
    expect(within(rows[6]!).getByText('not placed')).toBeInTheDocument();
  });

  it('gives a located point its own uncertainty and a hand-placed one the settings’ value', async () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    // Fiducial 0 located on its dot (a snap); fiducial 1 and S1 placed by hand.
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 0 }, [100, 200], 0.034);
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 1 }, [300, 200]);
    project.setPoint(IMAGE_ID, { kind: 'scale', index: 0 }, [50, 50]);
    render(PointTable, { project, ...markingStates() });
    expect(within(table()).getByRole('columnheader', { name: 'Precision (1σ)' })).toBeVisible();
    expect(rowFor(/fiducial 0/i)).toHaveTextContent('±0.03 px, located');
    expect(rowFor(/fiducial 1/i)).toHaveTextContent(
      'hand-placed, ±0.5 px (set in analysis settings)',
    );
    const s1 = within(table()).getAllByRole('row')[6]!;
    expect(s1).toHaveTextContent('Scale');
    expect(s1).toHaveTextContent('hand-placed, ±0.5 px');
    // The setting changes what every hand-placed point says.
    project.setHandPlacedUncertainty(0.8);
    await waitFor(() =>
      expect(rowFor(/fiducial 1/i)).toHaveTextContent(
        'hand-placed, ±0.8 px (set in analysis settings)',
      ),
    );
    // Moving the located point by hand makes it hand-placed.
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 0 }, [101, 200]);
    await waitFor(() => expect(rowFor(/fiducial 0/i)).toHaveTextContent('hand-placed, ±0.8 px'));
  });

  it('follows edits: a new point shows up, a deleted one says "not placed"', async () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    render(PointTable, { project, ...markingStates() });
    project.placeNext(IMAGE_ID, [12.345, 67.891]);
    await waitFor(() => expect(within(table()).getByText('12.35')).toBeInTheDocument());
    expect(within(table()).getByText('67.89')).toBeInTheDocument();

    await fireEvent.click(screen.getByRole('button', { name: 'Delete fiducial 0 (top-left)' }));
    expect(project.pointAt(IMAGE_ID, { kind: 'fiducial', index: 0 })).toBeNull();
    expect(within(table()).getAllByText('not placed')).toHaveLength(7);
    expect(screen.queryByRole('button', { name: /^Delete/ })).toBeNull();
  });

  it('selecting a row selects that point in the view and brings it into view', async () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 0 }, [150, 150]);
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 2 }, [3800.25, 2900.75]);
    const { annotation, assist } = markingStates();
    render(AnnotationView, {
      project,
      photo: fakePhoto(IMAGE_ID, PHOTO.width, PHOTO.height),
      annotation,
      assist,
    });
    render(PointTable, { project, annotation, assist });
    await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
    const image = { id: IMAGE_ID, ...PHOTO };

    // Zoom in on the top-left corner, so fiducial 2 is far off-screen.
    for (let i = 0; i < 8; i++)
      await fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    annotation.setViewport(image, { ...annotation.viewportFor(image), offsetX: 0, offsetY: 0 });
    expect(isInView(annotation.viewportFor(image), [3800.25, 2900.75], VIEW)).toBe(false);

    const select = screen.getByRole('button', { name: 'Select fiducial 2 (bottom-right)' });
    expect(select).toHaveAttribute('aria-pressed', 'false');
    await fireEvent.click(select);
    expect(select).toHaveAttribute('aria-pressed', 'true');
    expect(rowFor(/bottom-right/)).toHaveClass('selected');
    expect(screen.getByRole('status')).toHaveTextContent('Selected: fiducial 2 (bottom-right)');
    expect(isInView(annotation.viewportFor(image), [3800.25, 2900.75], VIEW, 32)).toBe(true);

    // The selection is the view's: the arrow keys now nudge that point.
    await fireEvent.keyDown(screen.getByRole('application'), { key: 'ArrowLeft' });
    expect(project.pointAt(IMAGE_ID, { kind: 'fiducial', index: 2 })).toEqual([3799.25, 2900.75]);
    expect(within(rowFor(/bottom-right/)).getByText('3799.25')).toBeInTheDocument();

    // And selecting in the view shows in the table.
    await fireEvent.click(screen.getByRole('button', { name: 'Select fiducial 0 (top-left)' }));
    expect(
      screen.getByRole('button', { name: 'Select fiducial 2 (bottom-right)' }),
    ).toHaveAttribute('aria-pressed', 'false');
  });

  it('has no unplaced point to select', () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    render(PointTable, { project, ...markingStates() });
    expect(screen.queryByRole('button', { name: /^Select/ })).toBeNull();
  });
});
