// Guidance where it is needed, as a user meets it: where the scale points go, shown over
// the photo while one is next; the ruler check's advice beside its verdict; each located
// point's precision and grade said so they never contradict, and kept through a reload; and
// a photo opened from a file without it said to need adding, not to be "no longer available".
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { DotQuality, Vec2 } from '../../src/core';
import { OpenPhotoState, notAddedYet } from '../../src/state/openPhoto.svelte';
import { plainCopy } from '../../src/state/plainCopy';
import { ProjectState } from '../../src/state/project.svelte';
import AnnotationView from '../../src/ui/annotate/AnnotationView.svelte';
import PointTable from '../../src/ui/annotate/PointTable.svelte';
import ScaleCheck from '../../src/ui/annotate/ScaleCheck.svelte';
import { precisionText } from '../../src/ui/annotate/precisionText';
import {
  IMAGE_ID,
  fakePhoto,
  markingStates,
  projectWithPhoto,
  stubMarkingDom,
} from './annotate-fixtures';
import { QUALITY } from './assist-fixtures';

const VIEW = { width: 800, height: 600 };
const PHOTO = { width: 4000, height: 3000 };
const FIVE: Vec2[] = [
  [1000, 1000],
  [3000, 1000],
  [3000, 2000],
  [1000, 2000],
  [2000, 1500],
];

stubMarkingDom(VIEW);

describe('where the scale points go', () => {
  it('is said over the photo once a scale point is next, and not before', () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    project.selectedId = IMAGE_ID;
    FIVE.slice(0, 4).forEach((p) => project.placeNext(IMAGE_ID, p));
    const photo = fakePhoto(IMAGE_ID, PHOTO.width, PHOTO.height);
    render(AnnotationView, { project, photo, ...markingStates() });
    const hint = () => screen.queryByRole('note');
    expect(hint()).toBeNull();
    project.placeNext(IMAGE_ID, FIVE[4]!);
    return vi.waitFor(() =>
      expect(hint()).toHaveTextContent(
        /two long \(centimetre\) ticks of the ruler, far apart, and away from the photo's edge/,
      ),
    );
  });
});

/** The ruler check of two scale points, its measurement refused for `reason`. */
function refusedCheck(s2: Vec2, reason: string, message: string): HTMLElement {
  render(ScaleCheck, {
    imageId: IMAGE_ID,
    s1: [900, 314],
    s2,
    scaleLength: 40,
    measure: async () => ({ ok: false, reason, message, decodeMs: 1, computeMs: 1 }),
  });
  return screen.getByRole('status', { name: 'Ruler check' });
}

describe('the ruler check', () => {
  it('says what to do when it finds no regular ticks at the long cm ticks', async () => {
    const check = refusedCheck(
      [900, 941],
      'no-ticks',
      'No regular tick marks found between the scale points.',
    );
    await vi.waitFor(() => expect(check).toHaveTextContent('No regular tick marks found'));
    expect(check).toHaveTextContent(/where the millimetre ticks reach/);
    expect(check).toHaveTextContent(/check the scale length against the ruler yourself/);
  });

  it('asks for points farther apart when they are too close', async () => {
    const check = refusedCheck([900, 320], 'too-short', 'The scale points are too close.');
    await vi.waitFor(() => expect(check).toHaveTextContent(/Put S1 and S2 farther apart/));
  });
});

const FAIR: DotQuality = { ...QUALITY, grade: 'fair', uncertainty: 0.004, snr: 8 };

describe('precision and grade', () => {
  it('never read as one thing: the centre’s uncertainty, then the dot’s grade and why', () => {
    expect(precisionText(0.004, 'fair', FAIR)).toBe('±0.004 px; dot fair: faint');
    expect(precisionText(0.004, 'fair')).toBe('±0.004 px; dot fair');
    expect(precisionText(0.0312, 'good')).toBe('±0.03 px; dot good');
    expect(precisionText(0.03, null)).toBe('±0.03 px, located');
    expect(precisionText(0.001, 'fair', FAIR)).not.toMatch(/<0\.01 px, fair/);
  });

  it('the point table says the same after a reload (the grade comes back with the document)', () => {
    const project = projectWithPhoto(PHOTO.width, PHOTO.height);
    project.setPoint(IMAGE_ID, { kind: 'fiducial', index: 0 }, FIVE[0]!, FAIR);
    // A reload: the saved document comes back, this session's measures of the dot do not.
    const reloaded = new ProjectState();
    reloaded.restore(plainCopy(project.doc), IMAGE_ID);
    render(PointTable, { project: reloaded, ...markingStates() });
    const table = screen.getByRole('table', { name: /Points on/ });
    const row = within(table).getByRole('row', { name: /fiducial 0/i });
    expect(row).toHaveTextContent('±0.004 px; dot fair');
    expect(row).not.toHaveTextContent('as placed');
  });
});

describe('a photo opened from a file without it', () => {
  it('is said to need adding, as the match guide says, and opens once added', async () => {
    const engine = { openPhoto: vi.fn(() => new Promise<never>(() => {})) };
    const opened = new OpenPhotoState(engine);
    opened.open('placeholder-1', 'step-3.png');
    expect(engine.openPhoto).not.toHaveBeenCalled();
    expect(opened.error).toBe(notAddedYet('step-3.png'));
    expect(opened.error).toMatch(/not added yet: add it with “Add photos”/);
    expect(opened.error).not.toMatch(/no longer available/);
    // Added (matched by name): the same image opens its photo.
    opened.open('placeholder-1');
    expect(engine.openPhoto).toHaveBeenCalledWith('placeholder-1');
    expect(opened.error).toBe('');
  });
});
