// The still-to-do list as a user meets it: an entry per image with work left, each a
// button that opens the photo (zoomed onto the marker a marking check is about), the
// points in doubt listed under their image, and an entry gone once its work is done.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import type { Vec2 } from '../../src/core';
import { AnnotationState } from '../../src/state/annotation.svelte';
import { AssistState } from '../../src/state/assist.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import { imageToScreen } from '../../src/state/viewport';
import TodoList from '../../src/ui/images/TodoList.svelte';
import { markingStates } from './annotate-fixtures';
import { QUALITY } from './assist-fixtures';

const FIVE: Vec2[] = [
  [100, 100],
  [900, 100],
  [900, 900],
  [100, 900],
  [500, 500],
];
const VIEW = { width: 800, height: 600 };
const CENTRE = { kind: 'fiducial', index: 4 } as const;

function setup() {
  const project = new ProjectState();
  project.addImages(
    ['a.png', 'b.png', 'c.png'].map((name, i) => ({
      id: name[0]!,
      name,
      width: 1000,
      height: 1000,
      suggestedTravel: i === 2 ? null : i,
    })),
  );
  for (const id of ['a', 'b', 'c']) {
    FIVE.forEach((point) => project.placeNext(id, point));
    project.placeNext(id, [50, 950]);
    project.placeNext(id, [950, 950]);
  }
  const { annotation, assist } = markingStates();
  annotation.viewSize = VIEW;
  render(TodoList, { project, annotation, assist });
  return { project, annotation, assist };
}

const entry = (name: RegExp) => screen.getByRole('button', { name });

describe('the still-to-do list', () => {
  it('lists what is left per image, each entry a button that opens its photo', async () => {
    const { project } = setup();
    const items = screen.getAllByRole('listitem').map((item) => item.textContent?.trim());
    expect(items).toEqual(['Image 3 (c.png): enter the press travel.']);
    project.selectedId = 'a';
    await fireEvent.click(entry(/Image 3 \(c\.png\)/));
    expect(project.selectedId).toBe('c');
    project.setPressTravel('c', 4);
    flushSync();
    expect(screen.queryByRole('listitem')).toBeNull();
  });

  it('zooms onto the marker a stray-marker check is about, and the entry leaves once it is fixed', async () => {
    const { project, annotation } = setup();
    // The centre of b.png clicked 40 px off its dot: the other four put it elsewhere.
    project.setPoint('b', CENTRE, [540, 500]);
    flushSync();
    const button = entry(/Image 2 \(b\.png\)/);
    expect(button.closest('li')).toHaveTextContent(/check the marks: Fiducial 4 \(centre\) sits/);
    button.focus();
    await fireEvent.click(button);
    expect(project.selectedId).toBe('b');
    expect(annotation.selectedSlotIn('b')).toEqual(CENTRE);
    const viewport = annotation.viewportFor({ id: 'b', width: 1000, height: 1000 });
    const [x, y] = imageToScreen(viewport, [540, 500]);
    expect([x, y]).toEqual([VIEW.width / 2, VIEW.height / 2]);
    expect(annotation.stageFocusFor).toBe('b');

    project.setPoint('b', CENTRE, [500, 500]);
    flushSync();
    expect(screen.queryByRole('button', { name: /Image 2/ })).toBeNull();
  });

  it('lists the points in doubt under their image until they are moved', async () => {
    const project = new ProjectState();
    project.addImages([{ id: 'a', name: 'a.png', width: 1000, height: 1000, suggestedTravel: 0 }]);
    const annotation = new AnnotationState();
    annotation.viewSize = VIEW;
    // The assistance flags what it placed and found poor; here through a detection.
    const assist = new AssistState({
      snapPhotoPoint: () => Promise.reject(new Error('not used')),
      trackPhotoFiducials: () => Promise.reject(new Error('not used')),
      detectPhotoFiducials: async () => ({
        ok: true,
        points: FIVE,
        quality: FIVE.map((_, i) => (i === 4 ? null : QUALITY)),
        confidence: 0.6,
        reasons: ['Fiducial 4 (centre) was not located precisely: check it.'],
        alternatives: [],
        candidates: [],
        decodeMs: 1,
        computeMs: 1,
      }),
    });
    await assist.detect(project, 'a');
    assist.accept(project);
    render(TodoList, { project, annotation, assist });
    const flags = screen.getByRole('list', { name: 'Points to check on a.png' });
    const flag = within(flags).getByRole('button', {
      name: 'Fiducial 4 (centre) was not located precisely: check it.',
    });
    await fireEvent.click(flag);
    expect(annotation.selectedSlotIn('a')).toEqual({ kind: 'fiducial', index: 4 });
    project.setPoint('a', { kind: 'fiducial', index: 4 }, [505, 500]);
    flushSync();
    expect(screen.queryByRole('list', { name: 'Points to check on a.png' })).toBeNull();
  });
});
