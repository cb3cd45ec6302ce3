// The strain overlay in the photo view, checked against the core: the grid's corners are F
// applied to the reference corners in the photo's pixels, the arrows are as long as e1 and
// e2 at the stated scale, the misfit vectors are the fit's residuals magnified as stated.
// Then the flip book steps through the photos at the zoom the user chose.
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { analyseSequence, markerResiduals } from '../../src/core';
import type { ImageMarks, Vec2 } from '../../src/core';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { FLIP_WAIT_LIMIT_MS, FlipBookState } from '../../src/state/flipBook.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import type { DrawnOverlay } from '../../src/ui/overlay/drawOverlay';
import { misfitText } from '../../src/ui/overlay/legend';
import { fakePhoto, markingStates, stubMarkingDom } from './annotate-fixtures';
import { analyseInProcess, pressProject } from './results-helpers';
import { ProjectState } from '../../src/state/project.svelte';
import {
  CAREFUL_PHOTO,
  CAREFUL_SCALE,
  carefulFiducials,
  cornerMisplacements,
} from '../support/overlay';

stubMarkingDom({ width: 1016, height: 616 });

analyseInProcess();

const near = (a: number, b: number) => expect(Math.abs(a - b)).toBeLessThan(1e-6);
const length = (from: Vec2, to: Vec2) => Math.hypot(to[0] - from[0], to[1] - from[1]);

/** Four 12 MP photos of a specimen deforming homogeneously, marked with a careful hand. */
function carefulProject(): ProjectState {
  const project = new ProjectState();
  const { width, height } = CAREFUL_PHOTO;
  const steps = [0, 1, 2, 3];
  project.addImages(
    steps.map((i) => ({
      id: `img-${i}`,
      name: `step-${i}.png`,
      width,
      height,
      suggestedTravel: null,
    })),
  );
  project.setScaleLength(CAREFUL_SCALE.lengthMm);
  for (const i of steps) {
    const id = `img-${i}`;
    carefulFiducials(i).forEach((p, index) => project.setPoint(id, { kind: 'fiducial', index }, p));
    CAREFUL_SCALE.points.forEach((p, index) => project.setPoint(id, { kind: 'scale', index }, p));
    project.setPressTravel(id, 5 * i);
  }
  return project;
}

async function openWithOverlay(project = pressProject([0, 5, 10, 15])) {
  project.selectedId = 'img-2';
  const { annotation, assist } = markingStates();
  const { width, height } = project.doc.images[2] as { width: number; height: number };
  const photo = fakePhoto('img-2', width, height);
  render(AnnotationView, { project, photo, annotation, assist });
  await fireEvent.click(await screen.findByRole('checkbox', { name: 'Show strain overlay' }));
  const canvas = await waitFor(() => {
    const layer = document.querySelector<HTMLCanvasElement>('[data-testid="strain-overlay"]');
    expect(layer?.dataset.overlay).toBeTruthy();
    return layer as HTMLCanvasElement;
  });
  const drawn = JSON.parse(canvas.dataset.overlay as string) as DrawnOverlay;
  return { project, annotation, drawn };
}

describe('the strain overlay', () => {
  it('draws the geometry the core computes for the open photo', async () => {
    const { project, drawn } = await openWithOverlay();
    const request = project.readiness.request;
    if (!request) throw new Error('the project is not ready');
    const analysis = analyseSequence(request);
    const index = project.readiness.included.findIndex((image) => image.id === 'img-2');
    const outcome = analysis.images[index];
    if (!outcome?.ok) throw new Error('no strain for the open photo');
    const current = request.images[index] as ImageMarks;
    const reference = request.images[outcome.strain.referenceIndex] as ImageMarks;
    const { F, principal } = outcome.strain;
    const L = request.scaleLength;

    // The grid's corners: F applied to the reference's corner markers, in this photo's pixels.
    for (const miss of cornerMisplacements(drawn.grid, { reference, current, scaleLength: L, F })) {
      expect(miss).toBeLessThan(1e-6);
    }

    // Pixels per mm of this photo: its scale points are 30 mm apart.
    const [s0, s1] = current.scalePoints;
    const pxPerMm = length(s0, s1) / L;
    const { arrowMmPerStrain, misfitMagnification } = drawn.scales;
    const [e1, e2] = drawn.axes;
    near(e1?.strain as number, principal.e1);
    near(e2?.strain as number, principal.e2);
    for (const axis of drawn.axes) {
      near(length(axis.from, axis.to), Math.abs(axis.strain) * arrowMmPerStrain * pxPerMm);
    }
    // The block widens along x and shortens along y: one stretch, one shortening, told
    // apart by colour and by where the heads point.
    expect(e1?.kind).toBe('stretch');
    expect(e2?.kind).toBe('shortening');
    expect(e1?.colour).not.toBe(e2?.colour);
    expect(e1?.heads.map((h) => h.tip)).toEqual([e1?.from, e1?.to]);
    for (const head of e2?.heads ?? []) {
      // Inward: each tip lies between its end and the centre.
      expect(length(head.tip, current.fiducials[4] as Vec2)).toBeLessThan(
        length(head.back, current.fiducials[4] as Vec2),
      );
    }

    // Misfits: the core's residuals (mm) in pixels, magnified as the legend says.
    const residuals = markerResiduals(reference, current, L, F);
    expect(drawn.misfits.map((m) => m.marker)).toEqual([0, 1, 2, 3]);
    for (const misfit of drawn.misfits) {
      const [rx, ry] = residuals[misfit.marker] as Vec2;
      near(misfit.to[0] - misfit.from[0], misfitMagnification * rx * pxPerMm);
      near(misfit.to[1] - misfit.from[1], misfitMagnification * ry * pxPerMm);
    }

    const legend = screen.getByRole('list', { name: 'Overlay legend' });
    expect(legend.textContent).toMatch(/heads pointing out: principal stretch; a strain of/);
    expect(legend.textContent).toContain(misfitText(drawn.scales));

    // A magnification the user chooses replaces the fitted one, on the photo and in the legend.
    await fireEvent.change(screen.getByRole('combobox', { name: 'Misfit magnification' }), {
      target: { value: '20' },
    });
    await waitFor(() => {
      const layer = document.querySelector<HTMLCanvasElement>('[data-testid="strain-overlay"]');
      const again = JSON.parse(layer?.dataset.overlay as string) as DrawnOverlay;
      expect(again.scales.misfitMagnification).toBe(20);
      const [rx] = residuals[again.misfits[0]?.marker as number] as Vec2;
      near(
        (again.misfits[0]?.to[0] as number) - (again.misfits[0]?.from[0] as number),
        20 * rx * pxPerMm,
      );
    });
    expect(legend.textContent).toMatch(/misfits ×20 \(chosen; fitted ×\d+\)/);
  });

  it('says when one marker carries the misfit, as the results table does', async () => {
    const { project } = await openWithOverlay();
    expect(screen.getByText(/^Misfit on this photo:/)).toHaveTextContent('even across markers');
    // Fiducial 1 placed 8 px off: under the stray-marker flag’s threshold, so still analysed.
    const [x, y] = project.pointAt('img-2', { kind: 'fiducial', index: 1 }) as Vec2;
    project.setPoint('img-2', { kind: 'fiducial', index: 1 }, [x + 8, y]);
    await waitFor(() =>
      expect(screen.getByText(/^Misfit on this photo:/)).toHaveTextContent(
        'Misfit on this photo: mostly fiducial 1 or 3.',
      ),
    );
  });

  it('draws a marker clicked 10 px off several times longer than the others, at fit zoom', async () => {
    // On a 12 MP photo 10 px is under the stray-marker flag's threshold: the photo stays analysed.
    const { project, annotation, drawn: before } = await openWithOverlay(carefulProject());
    const slot = { kind: 'fiducial', index: 1 } as const;
    const [x, y] = project.pointAt('img-2', slot) as Vec2;
    project.setPoint('img-2', slot, [x + 10, y]);
    const drawn = await waitFor(() => {
      const layer = document.querySelector<HTMLCanvasElement>('[data-testid="strain-overlay"]');
      const again = JSON.parse(layer?.dataset.overlay as string) as DrawnOverlay;
      expect(again.misfits[1]?.to).not.toEqual(before.misfits[1]?.to);
      return again;
    });
    const onScreen = drawn.misfits.map(
      (m) => length(m.from, m.to) * annotation.viewportFor(project.doc.images[2] as never).zoom,
    );
    const [tl, tr, br, bl] = onScreen as [number, number, number, number];
    // The opposite corner shares the misfit (five markers cannot tell the two apart).
    expect(bl).toBeCloseTo(tr, 0);
    expect(tr).toBeGreaterThan(4 * Math.max(tl, br));
    // Clearly visible at fit zoom (about a fifth here), yet within 0.6 of the marker spacing.
    expect(tr).toBeGreaterThan(50);
    expect(tr / annotation.viewportFor(project.doc.images[2] as never).zoom).toBeLessThan(
      0.6 * CAREFUL_PHOTO.half * Math.SQRT2,
    );
  });

  it('clears the layer when the overlay is turned off', async () => {
    await openWithOverlay();
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Show strain overlay' }));
    await waitFor(() =>
      expect(
        document.querySelector<HTMLCanvasElement>('[data-testid="strain-overlay"]')?.dataset
          .overlay,
      ).toBeUndefined(),
    );
  });
});

describe('the flip book', () => {
  it('steps through the photos from its slider and buttons, keeping the zoom', async () => {
    const { project, annotation } = await openWithOverlay();
    const image2 = project.doc.images[2] as { id: string; width: number; height: number };
    annotation.zoomBy(image2, 2);
    const zoomed = annotation.viewportFor(image2);

    await fireEvent.click(screen.getByRole('button', { name: 'Next photo' }));
    expect(project.selectedId).toBe('img-3');
    expect(annotation.viewportFor(project.doc.images[3] as typeof image2)).toEqual(zoomed);
    expect(screen.getByRole('button', { name: 'Next photo' })).toHaveProperty('disabled', true);

    const slider = screen.getByRole('slider', { name: 'Photo in the sequence' });
    await fireEvent.input(slider, { target: { value: '0' } });
    expect(project.selectedId).toBe('img-0');
    expect(slider.getAttribute('aria-valuetext')).toBe('Photo 1 of 4: step-0mm-0.png, d = 0 mm');
  });

  it('plays at the chosen speed, waiting for each photo to show, and stops at the end', () => {
    vi.useFakeTimers();
    try {
      const project = pressProject([0, 5, 10]);
      project.selectedId = 'img-0';
      let shown = true;
      const flip = new FlipBookState(project, new AnnotationState(), () => shown);
      flip.framesPerSecond = 4;
      flip.play();
      vi.advanceTimersByTime(250);
      expect(project.selectedId).toBe('img-1');
      shown = false; // the next photo is still decoding: its frame waits
      vi.advanceTimersByTime(600);
      expect(project.selectedId).toBe('img-1');
      shown = true;
      vi.advanceTimersByTime(300);
      expect(project.selectedId).toBe('img-2');
      vi.advanceTimersByTime(300);
      expect(flip.playing).toBe(false);
      // Play again from the end starts over; a photo that never shows is passed after a while.
      flip.play();
      expect(project.selectedId).toBe('img-0');
      shown = false;
      vi.advanceTimersByTime(FLIP_WAIT_LIMIT_MS + 500);
      expect(project.selectedId).toBe('img-1');
      flip.pause();
    } finally {
      vi.useRealTimers();
    }
  });
});
