// Lengths no measurement can have are refused where they are typed, with a sentence saying
// why, and never stored: the analysis would otherwise blame the points for a typing slip.
import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { ProjectState } from '../../src/state/project.svelte';
import { RemovalUndo } from '../../src/state/removalUndo.svelte';
import StatusTable from '../../src/ui/images/StatusTable.svelte';
import ScaleLengthField from '../../src/ui/results/ScaleLengthField.svelte';

function oneImage(): ProjectState {
  const project = new ProjectState();
  project.addImages([{ id: 'a', name: 'a.png', width: 100, height: 100, suggestedTravel: null }]);
  return project;
}

describe('the scale length field', () => {
  it.each([
    ['5e-324', /shorter than a micrometre/],
    ['0.0000001', /shorter than a micrometre/],
    ['1.7e308', /longer than ten metres/],
    ['20000', /longer than ten metres/],
  ])('refuses %s mm with a sentence and keeps it out of the project', async (typed, why) => {
    const project = oneImage();
    render(ScaleLengthField, { project, id: 'scale' });
    const box = screen.getByRole('textbox', { name: /Scale length \(mm\)/ });
    await fireEvent.input(box, { target: { value: typed } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).toMatch(why);
    expect(project.doc.scaleLength).toBeNull();
  });

  it('takes the lengths a ruler in a photo has', async () => {
    const project = oneImage();
    render(ScaleLengthField, { project, id: 'scale' });
    const box = screen.getByRole('textbox', { name: /Scale length \(mm\)/ });
    for (const [typed, value] of [
      ['0.01', 0.01],
      ['40', 40],
      ['2500', 2500],
    ] as const) {
      await fireEvent.input(box, { target: { value: typed } });
      expect(project.doc.scaleLength).toBe(value);
    }
  });
});

describe('a press travel box', () => {
  it.each([
    ['5e-324', /below a nanometre/],
    ['1e300', /over ten metres/],
    ['20000', /over ten metres/],
  ])('refuses %s mm with a sentence and keeps it out of the project', async (typed, why) => {
    const project = oneImage();
    render(StatusTable, { project, removals: new RemovalUndo(project) });
    const box = screen.getByRole('textbox', { name: 'Press travel for a.png (mm)' });
    await fireEvent.input(box, { target: { value: typed } });
    expect(box.getAttribute('aria-invalid')).toBe('true');
    expect(document.body.textContent).toMatch(why);
    expect(project.doc.images[0]?.pressTravel).toBeNull();
  });

  it('takes 0 and the travels of a real press', async () => {
    const project = oneImage();
    render(StatusTable, { project, removals: new RemovalUndo(project) });
    const box = screen.getByRole('textbox', { name: 'Press travel for a.png (mm)' });
    for (const value of [0, 0.001, 12.5, 900]) {
      await fireEvent.input(box, { target: { value: String(value) } });
      expect(project.doc.images[0]?.pressTravel).toBe(value);
    }
  });
});
