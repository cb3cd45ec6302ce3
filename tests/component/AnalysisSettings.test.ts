// The analysis settings as a user meets them: the scale length checked as it is
// typed (bad text stays in the box, is not stored, and says what is wrong), the
// strain measure, the reference image and incremental mode, and the uncertainty of a
// hand-placed point with what the set-up can resolve.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { strainResolution } from '../../src/core';
import { ProjectState } from '../../src/state/project.svelte';
import AnalysisSettings from '../../src/ui/results/AnalysisSettings.svelte';
import { referenceMarks } from '../../src/ui/results/pointPrecision';
import { markImage, pressProject } from './results-helpers';

function setup(project = new ProjectState()) {
  render(AnalysisSettings, { project });
  return {
    project,
    user: userEvent.setup(),
    scale: screen.getByRole('textbox', { name: /scale length/i }),
  };
}

describe('AnalysisSettings: scale length', () => {
  it('starts at the original default, 10.0 mm', () => {
    const { project, scale } = setup();
    expect(scale).toHaveValue('10.0');
    expect(scale).not.toHaveAttribute('aria-invalid');
    expect(project.doc.scaleLength).toBe(10);
  });

  it('stores a valid length as it is typed', async () => {
    const { project, user, scale } = setup();
    await user.clear(scale);
    await user.type(scale, '12.5');
    expect(project.doc.scaleLength).toBe(12.5);
    expect(scale).toHaveValue('12.5');
    expect(scale).not.toHaveAttribute('aria-invalid');
  });

  it.each([
    ['0', /greater than 0/],
    ['-4', /greater than 0/],
    ['abc', /not a number/],
    ['1..2', /not a number/],
  ])('keeps "%s" in the box, stores nothing and says why', async (text, message) => {
    const { project, user, scale } = setup();
    await user.clear(scale);
    await user.type(scale, text);
    expect(scale).toHaveValue(text);
    expect(scale).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByText(message)).toBeInTheDocument();
    expect(scale).toHaveAccessibleDescription(message);
    expect(project.doc.scaleLength).toBeNull();
  });

  it('an empty box asks for a length', async () => {
    const { project, user, scale } = setup();
    await user.clear(scale);
    expect(screen.getByText(/enter the scale length/i)).toBeInTheDocument();
    expect(project.doc.scaleLength).toBeNull();
  });

  it('a comma works as the decimal mark', async () => {
    const { project, user, scale } = setup();
    await user.clear(scale);
    await user.type(scale, '7,5');
    expect(project.doc.scaleLength).toBe(7.5);
  });

  it('typing is one undo step, and undo shows the stored value again', async () => {
    const { project, user, scale } = setup();
    await user.clear(scale);
    await user.type(scale, 'x');
    await user.tab();
    project.undo();
    flushSync();
    expect(project.doc.scaleLength).toBe(10);
    expect(scale).toHaveValue('10.0');
    expect(scale).not.toHaveAttribute('aria-invalid');
  });
});

describe('AnalysisSettings: strain measure', () => {
  it('offers the four measures with a hint each and stores the choice', async () => {
    const { project, user } = setup();
    const radios = screen.getAllByRole('radio', { name: /small|green|almansi|hencky/i });
    expect(radios).toHaveLength(4);
    expect(screen.getByRole('radio', { name: /small/i })).toBeChecked();
    const hencky = screen.getByRole('radio', { name: /hencky/i });
    expect(hencky).toHaveAccessibleDescription(/logarithmic/i);
    await user.click(hencky);
    expect(project.doc.strainMeasure).toBe('hencky');
    await user.click(screen.getByRole('radio', { name: /green-lagrange/i }));
    expect(project.doc.strainMeasure).toBe('green_lagrangian');
    expect(screen.getByRole('radio', { name: /green-lagrange/i })).toBeChecked();
  });
});

describe('AnalysisSettings: reference', () => {
  it('defaults to the first image and lists every image once', () => {
    setup(pressProject([0, 5, 10]));
    const select = screen.getByRole('combobox', { name: /reference image/i });
    expect(select).toHaveDisplayValue(/first image \(step-0mm-0\.png\)/i);
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual([
      'First image (step-0mm-0.png)',
      '2. step-5mm-1.png',
      '3. step-10mm-2.png',
    ]);
  });

  it('keeps the first image listed by name when it was chosen by name', () => {
    const project = pressProject([0, 5, 10]);
    project.setReference({ kind: 'total', imageId: 'img-0' });
    setup(project);
    const select = screen.getByRole('combobox', { name: /reference image/i });
    expect(select).toHaveDisplayValue('1. step-0mm-0.png');
    expect(screen.getAllByRole('option')).toHaveLength(4);
  });

  it('follows a new order of the images, and keeps its options through an edit of a travel', () => {
    const project = pressProject([0, 5, 10]);
    setup(project);
    const options = () => screen.getAllByRole('option');
    const before = options();
    project.setPressTravel('img-1', 6);
    flushSync();
    // The same names: the same option elements, not a list built again.
    expect(options()).toEqual(before);
    expect(options().every((option, i) => option === before[i])).toBe(true);
    project.moveImage('img-2', -1);
    flushSync();
    expect(options().map((o) => o.textContent)).toEqual([
      'First image (step-0mm-0.png)',
      '2. step-10mm-2.png',
      '3. step-5mm-1.png',
    ]);
  });

  it('stores the chosen reference image, and incremental mode disables the choice', async () => {
    const { project, user } = setup(pressProject([0, 5, 10]));
    const select = screen.getByRole('combobox', { name: /reference image/i });
    await user.selectOptions(select, '2. step-5mm-1.png');
    expect(project.doc.reference).toEqual({ kind: 'total', imageId: 'img-1' });

    await user.click(screen.getByRole('radio', { name: /incremental/i }));
    expect(project.doc.reference).toEqual({ kind: 'incremental' });
    expect(select).toBeDisabled();

    await user.click(screen.getByRole('radio', { name: /one reference image/i }));
    expect(project.doc.reference).toEqual({ kind: 'total', imageId: 'img-1' });
    expect(select).toBeEnabled();
  });
});

describe('AnalysisSettings: hand-placed point uncertainty', () => {
  const field = () => screen.getByRole('textbox', { name: 'Hand-placed point uncertainty (px)' });

  it('starts at 0.5 px and says what it is for', () => {
    const { project } = setup();
    expect(field()).toHaveValue('0.5');
    expect(field()).toHaveAccessibleDescription(/placed by hand.*snapped to its dot keeps its own/);
    expect(project.doc.handPlacedUncertainty).toBe(0.5);
  });

  it('stores a positive number as it is typed, and a comma works as the decimal mark', async () => {
    const { project, user } = setup();
    await user.clear(field());
    await user.type(field(), '0,8');
    expect(project.doc.handPlacedUncertainty).toBe(0.8);
    expect(field()).toHaveValue('0,8');
    expect(field()).not.toHaveAttribute('aria-invalid');
  });

  it.each([
    ['0', /greater than 0 px/],
    ['-0.3', /greater than 0 px/],
    ['half', /not a number/],
    ['', /enter the uncertainty in px/i],
  ])(
    'keeps "%s" in the box with a message next to it, and the last good value',
    async (text, message) => {
      const { project, user } = setup();
      await user.clear(field());
      if (text !== '') await user.type(field(), text);
      expect(field()).toHaveValue(text);
      expect(field()).toHaveAttribute('aria-invalid', 'true');
      expect(field()).toHaveAccessibleDescription(message);
      expect(field()).toHaveAccessibleDescription(/keeps using 0\.5 px/);
      expect(project.doc.handPlacedUncertainty).toBe(0.5);
    },
  );

  it('typing is one undo step', async () => {
    const { project, user } = setup();
    await user.clear(field());
    await user.type(field(), '1.25');
    await user.tab();
    expect(project.doc.handPlacedUncertainty).toBe(1.25);
    project.undo();
    flushSync();
    expect(project.doc.handPlacedUncertainty).toBe(0.5);
    expect(field()).toHaveValue('0.5');
  });

  it('says what the set-up resolves once the reference photo is marked, in proportion to the point uncertainty', async () => {
    const project = pressProject([0, 5, 10], 0);
    const { user } = setup(project);
    expect(screen.queryByText(/resolves strains/)).not.toBeInTheDocument();
    markImage(project, 'img-1', 1, 5);
    flushSync();
    // Only the reference (the first photo) counts.
    expect(screen.queryByText(/resolves strains/)).not.toBeInTheDocument();
    markImage(project, 'img-0', 0, 0);
    flushSync();
    const line = screen.getByText(
      /^This set-up resolves strains of about ±\d(\.\d)?e-\d \(1σ\)\.$/,
    );
    const reference = referenceMarks(project.doc);
    const expected = reference && strainResolution(reference, 30);
    if (!expected) throw new Error('the reference photo should have a resolution');
    expect(line).toHaveTextContent(`±${expected.max.toExponential(0)} (1σ)`);
    // First-order propagation is linear in the point uncertainty: 4 times the pixels, 4 times
    // the strain (an independent check that the hand-placed value reaches it).
    await user.clear(field());
    await user.type(field(), '2');
    const scaled = strainResolution(referenceMarks(project.doc)!, 30);
    expect(scaled!.max / expected.max).toBeCloseTo(4, 10);
    expect(screen.getByText(/resolves strains/)).toHaveTextContent(
      `±${scaled!.max.toExponential(0)} (1σ)`,
    );
    // A point located on its dot brings its own, smaller uncertainty.
    const before = scaled!.max;
    project.doc.images[0]!.fiducialUncertainty = [0.02, 0.02, 0.02, 0.02, 0.02];
    expect(strainResolution(referenceMarks(project.doc)!, 30)!.max).toBeLessThan(before);
    // With the dots snapped, the ruler clicked by hand sets most of it, and the user is told.
    flushSync();
    expect(screen.getByText(/Most of that comes from the two scale points/)).toBeInTheDocument();
  });
});
