// Lengths typed with a unit where the app asks for millimetres: the scale length and a press
// travel take "2 in", "5 cm" or "0.05 m" (read by the worker's mathjs, here in-process) and
// store mm; a bare number stays mm and is stored at once; a unit that is no length gets a
// sentence.
import { fireEvent, render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ProjectState } from '../../src/state/project.svelte';
import TravelInput from '../../src/ui/images/TravelInput.svelte';
import ScaleLengthField from '../../src/ui/results/ScaleLengthField.svelte';
import { readTypedLength } from '../../src/worker/quantities';

const lengths = { readTypedLength: vi.fn(readTypedLength) };

describe('lengths with units', () => {
  it('reads the scale length in inches, shows it in mm once left, and refuses a force', async () => {
    const user = userEvent.setup();
    const project = new ProjectState();
    render(ScaleLengthField, { project, id: 'scale', lengths });
    const box = screen.getByLabelText('Scale length (mm)');
    await user.clear(box);
    await user.type(box, '2 in');
    await vi.waitFor(() => expect(project.doc.scaleLength).toBeCloseTo(50.8, 12), {
      timeout: 10_000,
    });
    expect(box).toHaveValue('2 in');
    await user.tab();
    expect(box).toHaveValue('50.8');

    await user.clear(box);
    await user.type(box, '50 N');
    expect(await screen.findByText(/“50 N” is not a length/)).toBeInTheDocument();
    expect(project.doc.scaleLength).toBeNull();

    // A bare number is mm, stored without asking the worker.
    lengths.readTypedLength.mockClear();
    await user.clear(box);
    await user.type(box, '40');
    expect(project.doc.scaleLength).toBe(40);
    expect(lengths.readTypedLength).not.toHaveBeenCalled();
  }, 30_000);

  it('stores a press travel typed in centimetres as mm', async () => {
    const onchange = vi.fn();
    render(TravelInput, {
      name: 'a.png',
      travel: null,
      suggested: null,
      onchange,
      onbegin: () => undefined,
      onend: () => undefined,
      lengths,
    });
    const box = screen.getByRole('textbox', { name: 'Press travel for a.png (mm)' });
    await fireEvent.input(box, { target: { value: '1.5 cm' } });
    await vi.waitFor(() => expect(onchange).toHaveBeenCalledWith(15), { timeout: 10_000 });
    await fireEvent.input(box, { target: { value: '3 kg' } });
    expect(await screen.findByText(/“3 kg” is not a length/)).toBeInTheDocument();
  }, 30_000);
});
