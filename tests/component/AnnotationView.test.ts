// The annotation view as a user drives it: clicks place points in order at the exact image
// coordinate, points are selected, dragged, nudged and deleted, and undo/redo follow.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Photo } from '../../src/state/openPhoto.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import { screenToImage } from '../../src/state/viewport';
import {
  IMAGE_ID,
  fakePhoto,
  markingStates,
  projectWithPhoto,
  recordCanvasCalls,
  stubDialog,
  stubLayout,
} from './annotate-fixtures';
import type { RecordedCall } from './annotate-fixtures';

// A 2000 x 1000 photo fitted into a 1016 x 616 view: zoom 0.5, offset (8, 58). So a click
// at screen (x, y) is image ((x - 8) / 0.5, (y - 58) / 0.5).
const VIEW = { width: 1016, height: 616 };
const PHOTO = { width: 2000, height: 1000 };
const toImage = (x: number, y: number) => [(x - 8) / 0.5, (y - 58) / 0.5] as const;

const F0 = { kind: 'fiducial', index: 0 } as const;
const F1 = { kind: 'fiducial', index: 1 } as const;

let calls: RecordedCall[];

beforeEach(() => {
  calls = recordCanvasCalls();
  stubLayout(VIEW.width, VIEW.height);
  stubDialog();
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function renderView(options: { photo?: Photo | null; project?: ProjectState } = {}) {
  const project = options.project ?? projectWithPhoto(PHOTO.width, PHOTO.height);
  const { annotation, assist } = markingStates();
  const photo =
    options.photo === undefined ? fakePhoto(IMAGE_ID, PHOTO.width, PHOTO.height) : options.photo;
  render(AnnotationView, { project, photo, annotation, assist });
  // The photo stage is built a task after the rest of the view.
  const canvas = await screen.findByRole('application', {
    name: /photo deformation-00mm-force\.png/i,
  });
  // The view measures itself after mounting.
  await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
  return { project, annotation, canvas };
}

function pointer(
  type: 'pointerDown' | 'pointerMove' | 'pointerUp',
  target: Element,
  x: number,
  y: number,
  init = {},
) {
  return fireEvent[type](target, {
    clientX: x,
    clientY: y,
    button: 0,
    buttons: type === 'pointerUp' ? 0 : 1,
    pointerId: 1,
    pointerType: 'mouse',
    ...init,
  });
}

async function click(target: Element, x: number, y: number) {
  await pointer('pointerDown', target, x, y);
  await pointer('pointerUp', target, x, y);
}

function status() {
  return screen.getByRole('status');
}

describe('AnnotationView', () => {
  it('builds the photo stage a task after the rest of the view, holding its place meanwhile', async () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    const { container } = render(AnnotationView, {
      project,
      photo: fakePhoto(IMAGE_ID, PHOTO.width, PHOTO.height),
      ...markingStates(),
    });
    // Same task as the mount: the toolbar is there, the canvas not yet, its place held.
    expect(screen.getByRole('button', { name: /fit/i })).toBeInTheDocument();
    expect(screen.queryByRole('application')).toBeNull();
    expect(container.querySelector('.stage-placeholder')).not.toBeNull();
    expect(await screen.findByRole('application')).toBeInTheDocument();
    expect(container.querySelector('.stage-placeholder')).toBeNull();
  });

  it('says the photo is loading while there is no bitmap, and places nothing', async () => {
    const { project, canvas } = await renderView({ photo: null });
    expect(screen.getByText('Loading photo…')).toBeInTheDocument();
    await click(canvas, 200, 200);
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
  });

  it('treats the previous photo, still shown while the next one decodes, as loading', async () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    project.addImages([
      { id: 'photo-2', name: 'deformation-05mm-force.png', ...PHOTO, suggestedTravel: 5 },
    ]);
    const { annotation, assist } = markingStates();
    const { rerender } = render(AnnotationView, {
      project,
      photo: fakePhoto(IMAGE_ID, PHOTO.width, PHOTO.height),
      annotation,
      assist,
    });
    await waitFor(() => expect(annotation.viewSize).toEqual(VIEW));
    const canvas = screen.getByRole('application');
    expect(screen.queryByText('Loading photo…')).toBeNull();

    project.selectedId = 'photo-2';
    await waitFor(() => expect(screen.getByText('Loading photo…')).toBeInTheDocument());
    await click(canvas, 108, 158);
    expect(project.pointAt('photo-2', F0)).toBeNull();

    await rerender({ photo: fakePhoto('photo-2', PHOTO.width, PHOTO.height) });
    expect(screen.queryByText('Loading photo…')).toBeNull();
    await click(canvas, 108, 158);
    expect(project.pointAt('photo-2', F0)).toEqual([200, 200]);
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
  });

  it('places fiducial 0 at the exact, unrounded image coordinate under the click, then fiducial 1', async () => {
    const { project, canvas } = await renderView();
    expect(status()).toHaveTextContent('Next: fiducial 0 (top-left)');
    expect(screen.getByText('Zoom 50%')).toBeInTheDocument();

    await click(canvas, 108.3, 158.1);
    const [x0, y0] = project.pointAt(IMAGE_ID, F0) ?? [NaN, NaN];
    expect(x0).toBeCloseTo(200.6, 9);
    expect(y0).toBeCloseTo(200.2, 9);
    expect(status()).toHaveTextContent('Next: fiducial 1 (top-right)');

    await click(canvas, 908.75, 160);
    const [x1, y1] = project.pointAt(IMAGE_ID, F1) ?? [NaN, NaN];
    expect(x1).toBeCloseTo(toImage(908.75, 160)[0], 9);
    expect(y1).toBeCloseTo(toImage(908.75, 160)[1], 9);
    expect(status()).toHaveTextContent('Next: fiducial 2 (bottom-right)');
  });

  it('fills fiducials 0-4 then the scale points, and says when all are placed', async () => {
    const { project, canvas } = await renderView();
    const spots = [100, 200, 300, 400, 500, 600, 700];
    for (const x of spots) await click(canvas, x, 300);
    expect(project.pointAt(IMAGE_ID, { kind: 'fiducial', index: 4 })?.[0]).toBeCloseTo(
      toImage(500, 300)[0],
      9,
    );
    expect(project.pointAt(IMAGE_ID, { kind: 'scale', index: 1 })?.[0]).toBeCloseTo(
      toImage(700, 300)[0],
      9,
    );
    expect(status()).toHaveTextContent('All points placed');
    // A further click on an empty spot places nothing.
    await click(canvas, 800, 400);
    expect(project.selected?.scalePoints.filter(Boolean)).toHaveLength(2);
  });

  it('places the next point at the centre of the view with Alt+Enter, selected for the arrows', async () => {
    const { project, canvas } = await renderView();
    // The view's centre, screen (508, 308), is image (1000, 500).
    await fireEvent.keyDown(canvas, { key: 'Enter', altKey: true });
    await waitFor(() => expect(status()).toHaveTextContent('Selected: fiducial 0 (top-left)'));
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([1000, 500]);
    await fireEvent.keyDown(canvas, { key: 'ArrowLeft', shiftKey: true });
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([990, 500]);

    // Escape, a pan of one step (64 screen px, 128 image px at 50 %), and the next one.
    await fireEvent.keyDown(canvas, { key: 'Escape' });
    await fireEvent.keyDown(canvas, { key: 'ArrowRight' });
    await fireEvent.keyDown(canvas, { key: 'Enter', altKey: true });
    await waitFor(() => expect(status()).toHaveTextContent('Selected: fiducial 1 (top-right)'));
    expect(project.pointAt(IMAGE_ID, F1)).toEqual([1128, 500]);
  });

  it('places nothing with Enter while the view is centred off the photo', async () => {
    const { project, canvas } = await renderView();
    // Far to the left: the centre of the view is left of the photo's edge.
    for (let i = 0; i < 6; i++)
      await fireEvent.keyDown(canvas, { key: 'ArrowLeft', shiftKey: true });
    await fireEvent.keyDown(canvas, { key: 'Enter', altKey: true });
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
    expect(status()).toHaveTextContent('Next: fiducial 0 (top-left)');
  });

  it('draws the photo with drawImage and the markers with vector calls, never reading pixels', async () => {
    const { canvas } = await renderView();
    await click(canvas, 108, 158);
    await waitFor(() => expect(calls.some((c) => c.name === 'drawImage')).toBe(true));
    const draw = calls.find((c) => c.name === 'drawImage');
    expect(draw?.args[0]).toMatchObject({ width: 2000, height: 1000 });
    // The whole photo shows at the fitted zoom: source 2000 x 1000 into 1000 x 500 at (8, 58).
    expect(draw?.args.slice(1)).toEqual([0, 0, 2000, 1000, 8, 58, 1000, 500]);
    await waitFor(() =>
      expect(calls.some((c) => c.name === 'fillText' && c.args[0] === '0')).toBe(true),
    );
    expect(calls.some((c) => c.name === 'getImageData')).toBe(false);
  });

  it('selects a point on click instead of placing, nudges it with the arrows and deletes it', async () => {
    const { project, canvas } = await renderView();
    await click(canvas, 108, 158); // fiducial 0 at (200, 200)
    await click(canvas, 112, 161); // within reach of it: selects
    expect(project.pointAt(IMAGE_ID, F1)).toBeNull();
    expect(status()).toHaveTextContent('Selected: fiducial 0 (top-left)');

    await fireEvent.keyDown(canvas, { key: 'ArrowRight' });
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([201, 200]);
    await fireEvent.keyDown(canvas, { key: 'ArrowUp', shiftKey: true });
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([201, 190]);

    await fireEvent.keyDown(canvas, { key: 'Delete' });
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
    expect(status()).toHaveTextContent('Next: fiducial 0 (top-left)');
  });

  it('undoes and redoes with Ctrl+Z, Shift+Ctrl+Z and Ctrl+Y, but not while typing in a field', async () => {
    const { project, canvas } = await renderView();
    await click(canvas, 108, 158);
    await click(canvas, 208, 158);
    expect(project.pointAt(IMAGE_ID, F1)).toEqual([400, 200]);

    await fireEvent.keyDown(canvas, { key: 'z', ctrlKey: true });
    expect(project.pointAt(IMAGE_ID, F1)).toBeNull();
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([200, 200]);
    await fireEvent.keyDown(canvas, { key: 'Z', ctrlKey: true, shiftKey: true });
    expect(project.pointAt(IMAGE_ID, F1)).toEqual([400, 200]);
    await fireEvent.keyDown(canvas, { key: 'z', metaKey: true });
    expect(project.pointAt(IMAGE_ID, F1)).toBeNull();
    await fireEvent.keyDown(document.body, { key: 'y', ctrlKey: true });
    expect(project.pointAt(IMAGE_ID, F1)).toEqual([400, 200]);

    const field = document.createElement('input');
    field.type = 'number';
    document.body.append(field);
    await fireEvent.keyDown(field, { key: 'z', ctrlKey: true });
    expect(project.pointAt(IMAGE_ID, F1)).toEqual([400, 200]);
    field.remove();
  });

  it('drags a point with the pointer, as one undo step', async () => {
    const { project, canvas } = await renderView();
    await click(canvas, 108, 158); // (200, 200)
    await pointer('pointerDown', canvas, 110, 160); // grabbed 2 px off its centre
    await pointer('pointerMove', canvas, 120, 165);
    await pointer('pointerMove', canvas, 130, 170);
    await pointer('pointerUp', canvas, 130, 170);
    // Moved by (20, 10) screen px = (40, 20) image px, keeping the grab offset.
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([240, 220]);
    expect(project.pointAt(IMAGE_ID, F1)).toBeNull();

    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([200, 200]);
    await fireEvent.click(screen.getByRole('button', { name: 'Redo' }));
    expect(project.pointAt(IMAGE_ID, F0)).toEqual([240, 220]);
  });

  it('zooms with the wheel about the cursor, and Fit goes back', async () => {
    const { project, canvas } = await renderView();
    await fireEvent.wheel(canvas, { deltaY: -200, deltaMode: 0, clientX: 300, clientY: 200 });
    expect(screen.queryByText('Zoom 50%')).toBeNull();
    // The image point under the cursor stayed there.
    await click(canvas, 300, 200);
    const [x, y] = project.pointAt(IMAGE_ID, F0) ?? [NaN, NaN];
    expect(x).toBeCloseTo(toImage(300, 200)[0], 6);
    expect(y).toBeCloseTo(toImage(300, 200)[1], 6);

    await fireEvent.click(screen.getByRole('button', { name: 'Fit' }));
    expect(screen.getByText('Zoom 50%')).toBeInTheDocument();
  });

  it('zooms with the buttons and the + / - / 0 keys', async () => {
    const { canvas } = await renderView();
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom in' }));
    expect(screen.getByText('Zoom 63%')).toBeInTheDocument();
    await fireEvent.keyDown(canvas, { key: '+' });
    expect(screen.getByText('Zoom 78%')).toBeInTheDocument();
    await fireEvent.keyDown(canvas, { key: '-' });
    await fireEvent.click(screen.getByRole('button', { name: 'Zoom out' }));
    expect(screen.getByText('Zoom 50%')).toBeInTheDocument();
    await fireEvent.keyDown(canvas, { key: '+' });
    await fireEvent.keyDown(canvas, { key: '0' });
    expect(screen.getByText('Zoom 50%')).toBeInTheDocument();
  });

  it('pans with Space-drag, middle-drag and the arrow keys, without placing points', async () => {
    const { project, annotation, canvas } = await renderView();
    const image = { id: IMAGE_ID, ...PHOTO };
    await fireEvent.keyDown(canvas, { key: ' ' });
    await pointer('pointerDown', canvas, 300, 300);
    await pointer('pointerMove', canvas, 340, 320);
    await pointer('pointerUp', canvas, 340, 320);
    await fireEvent.keyUp(canvas, { key: ' ' });
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
    expect(annotation.viewportFor(image)).toMatchObject({ offsetX: 48, offsetY: 78 });

    await pointer('pointerDown', canvas, 300, 300, { button: 1, buttons: 4 });
    await pointer('pointerMove', canvas, 290, 300, { button: -1, buttons: 4 });
    await pointer('pointerUp', canvas, 290, 300, { button: 1 });
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
    expect(annotation.viewportFor(image)).toMatchObject({ offsetX: 38, offsetY: 78 });

    await fireEvent.keyDown(canvas, { key: 'ArrowLeft' });
    expect(annotation.viewportFor(image).offsetX).toBeGreaterThan(38);
  });

  it('pinch-zooms with two touch pointers, keeping the photo under the fingers', async () => {
    const { project, annotation, canvas } = await renderView();
    const image = { id: IMAGE_ID, ...PHOTO };
    const touch = (id: number) => ({ pointerId: id, pointerType: 'touch' });
    await pointer('pointerDown', canvas, 400, 300, touch(1));
    await pointer('pointerDown', canvas, 500, 300, touch(2));
    const under = screenToImage(annotation.viewportFor(image), [450, 300]);
    // The fingers spread to twice the distance, their midpoint moving 50 px right.
    await pointer('pointerMove', canvas, 600, 300, touch(2));
    expect(screen.getByText('Zoom 100%')).toBeInTheDocument();
    const now = screenToImage(annotation.viewportFor(image), [500, 300]);
    expect(now[0]).toBeCloseTo(under[0], 9);
    expect(now[1]).toBeCloseTo(under[1], 9);
    await pointer('pointerUp', canvas, 600, 300, touch(2));
    await pointer('pointerUp', canvas, 400, 300, touch(1));
    expect(project.pointAt(IMAGE_ID, F0)).toBeNull();
  });

  it('offers buttons with names, disabled until they can act', async () => {
    const { canvas } = await renderView();
    expect(screen.getByRole('button', { name: 'Redo' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Delete selected point' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Keyboard shortcuts' })).toBeEnabled();
    await click(canvas, 108, 158);
    expect(screen.getByRole('button', { name: 'Undo' })).toBeEnabled();
    await fireEvent.click(screen.getByRole('button', { name: 'Undo' }));
    expect(screen.getByRole('button', { name: 'Redo' })).toBeEnabled();
    await fireEvent.click(screen.getByRole('button', { name: 'Redo' }));
    await click(canvas, 108, 158);
    await fireEvent.click(screen.getByRole('button', { name: 'Delete selected point' }));
    expect(status()).toHaveTextContent('Next: fiducial 0 (top-left)');
    expect(canvas).toHaveAttribute('tabindex', '0');
  });

  it('opens the shortcuts help with "?" from the canvas', async () => {
    const { canvas } = await renderView();
    expect(screen.queryByRole('dialog')).toBeNull();
    await fireEvent.keyDown(canvas, { key: '?' });
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toHaveAttribute('open');
  });
});
