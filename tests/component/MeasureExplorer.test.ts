// The measure explorer through what a user sees: labelled inputs, a table of
// the four measures, and messages for values out of range. The comparer runs
// the worker's own function in-process, so the numbers are the real ones.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import MeasureExplorer from '../../src/ui/explorer/MeasureExplorer.svelte';
import { compareMeasures } from '../../src/worker/analysis';
import type { Mat2 } from '../../src/core';

function renderExplorer() {
  const comparer = { compareMeasures: vi.fn(async (F: Mat2) => compareMeasures(F)) };
  render(MeasureExplorer, { comparer });
  return comparer;
}

async function setField(name: string, value: string) {
  const user = userEvent.setup();
  const input = screen.getByRole('spinbutton', { name });
  await user.clear(input);
  await user.type(input, value);
}

function rowOf(measure: RegExp) {
  return screen.getByRole('row', { name: measure });
}

describe('MeasureExplorer', () => {
  it('shows the four measures for a 20% stretch along x', async () => {
    renderExplorer();
    await setField('Stretch along x', '1.2');
    await setField('Stretch along y', '1');
    await setField('Shear', '0');
    const table = await screen.findByRole('table', { name: /each measure/ });
    expect(within(table).getAllByRole('row')).toHaveLength(5);
    await vi.waitFor(() => {
      expect(within(rowOf(/Small/)).getAllByRole('cell')[0]).toHaveTextContent('0.2000');
    });
    expect(within(rowOf(/Green-Lagrange/)).getAllByRole('cell')[0]).toHaveTextContent('0.2200');
    expect(within(rowOf(/Euler-Almansi/)).getAllByRole('cell')[0]).toHaveTextContent('0.1528');
    expect(within(rowOf(/Hencky/)).getAllByRole('cell')[0]).toHaveTextContent('0.1823');
  });

  it('says what is wrong with an out-of-range value and keeps the last good result', async () => {
    const comparer = renderExplorer();
    await screen.findByRole('table');
    const callsBefore = comparer.compareMeasures.mock.calls.length;
    await setField('Stretch along y', '7');
    expect(screen.getByText('Enter a value from 0.3 to 3.')).toBeInTheDocument();
    expect(screen.getByRole('spinbutton', { name: 'Stretch along y' })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
    expect(screen.getByRole('spinbutton', { name: 'Stretch along y' })).toHaveValue(7);
    expect(screen.getByRole('table')).toBeInTheDocument();
    // '7' was never sent to the worker.
    const sent = comparer.compareMeasures.mock.calls.slice(callsBefore).map(([F]) => F[1][1]);
    expect(sent).not.toContain(7);
  });

  it('the slider and the number box edit the same value', async () => {
    renderExplorer();
    const slider = screen.getByRole('slider', { name: 'Shear slider' });
    await setField('Shear', '0.5');
    expect(slider).toHaveValue('0.5');
  });
});
