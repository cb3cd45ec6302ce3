// The user's quantities in the results view, through what a user sees: the specimen's size
// typed with a unit, a force log opened and its columns picked, a preset added, and a broken
// formula whose error stands under its field while the rest of the results stay. The worker's
// own functions run in-process (mathjs included); chart.js is replaced by a recorder.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { QuantitiesState } from '../../src/state/quantities.svelte';
import ResultsPanel from '../../src/ui/results/ResultsPanel.svelte';
import { evaluateQuantities, readTypedLength } from '../../src/worker/quantities';
import type { QuantitiesRequest } from '../../src/worker/quantities';
import { inProcessEngine, pressProject } from './results-helpers';

vi.mock('../../src/ui/results/trendChart', () => ({
  createTrendChart: () => ({
    update: () => undefined,
    destroy: () => undefined,
    toPng: async () => new Blob(['png'], { type: 'image/png' }),
  }),
}));

function engine() {
  return {
    ...inProcessEngine(),
    evaluateQuantities: (request: QuantitiesRequest) =>
      evaluateQuantities(structuredClone(request)),
    readTypedLength,
  };
}

/** Waits for the worker's answers (mathjs and papaparse load on first use): generous on a busy machine. */
const SLOW = { timeout: 10_000 };

const LOG = 'Machine export\nTest 12\nTravel [mm];Force [kN]\n0;0\n1;1,5\n2;3,0\n3;4,5\n';

describe('quantities of your own', () => {
  it('computes stress from a force log and the specimen size, and keeps going past a broken formula', async () => {
    const user = userEvent.setup();
    const project = pressProject([0, 1, 2, 3]);
    render(ResultsPanel, { project, engine: engine() });
    await screen.findByRole('table', { name: /Strain per image/ });

    await user.click(screen.getByRole('button', { name: 'Add Engineering stress' }));
    // The first formula loads mathjs, which takes a moment.
    expect(await screen.findByText('No force log is open.', {}, SLOW)).toBeInTheDocument();

    await user.type(screen.getByLabelText('Initial width w0 (mm)'), '20');
    await user.type(screen.getByLabelText('Initial thickness t0 (mm)'), '0.5 cm');
    await vi.waitFor(() => expect(project.doc.specimen).toEqual({ width: 20, thickness: 5 }), SLOW);
    await user.tab();
    expect(screen.getByLabelText('Initial thickness t0 (mm)')).toHaveValue('5');

    await user.type(screen.getByLabelText('Initial width w0 (mm)'), ' N');
    expect(
      await screen.findByText(/is not a length \(N measures something else\)/, {}, SLOW),
    ).toBeInTheDocument();

    await user.upload(
      screen.getByLabelText('Open force log…'),
      new File([LOG], 'press.csv', { type: 'text/csv' }),
    );
    expect(
      await screen.findByText(
        /semicolon-separated, decimal comma, 3 header lines, 4 rows/,
        {},
        SLOW,
      ),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use these columns' }));
    expect(project.doc.forceLog).toMatchObject({
      forceUnit: 'kN',
      axisUnit: 'mm',
      force: [0, 1.5, 3, 4.5],
    });

    const table = await screen.findByRole('table', { name: 'Your quantities per image' }, SLOW);
    // 4500 N over 20 mm × 5 mm = 45 MPa at 3 mm of travel.
    const last = await within(table).findByRole('row', { name: /step-3mm/ }, SLOW);
    await vi.waitFor(() => expect(within(last).getByText('45')).toBeInTheDocument(), SLOW);

    await user.click(screen.getByRole('button', { name: 'Add your own' }));
    const formula = screen.getByLabelText('Formula of Quantity');
    await user.type(formula, 'F / (A0{Enter}');
    await user.tab();
    expect(await screen.findByText(/The formula cannot be read/, {}, SLOW)).toBeInTheDocument();
    expect(formula).toHaveAttribute('aria-invalid', 'true');
    // The rest of the results stay.
    expect(within(table).getByRole('row', { name: /step-3mm/ })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: /Strain per image/ })).toBeInTheDocument();
  }, 30_000);

  it('keeps names unique, and each edit undoes in one step', () => {
    const project = pressProject([0, 1, 2]);
    const quantities = new QuantitiesState(project, engine());
    const blank = { name: 'q', expression: 'exx', unit: '', fit: false };
    quantities.add(blank);
    quantities.add(blank);
    expect(quantities.definitions.map((q) => q.name)).toEqual(['q', 'q 2']);
    quantities.change(1, { name: 'q' });
    expect(quantities.definitions.map((q) => q.name)).toEqual(['q', 'q 2']);
    quantities.change(1, { name: 'beta', expression: 'e2 / e1' });
    quantities.setSpecimen({ width: 12 });
    expect(project.doc.specimen).toEqual({ width: 12, thickness: null });
    project.undo();
    expect(project.doc.specimen).toBeUndefined();
    project.undo();
    expect(quantities.definitions[1]).toMatchObject({ name: 'q 2', expression: 'exx' });
    quantities.remove(0);
    expect(quantities.definitions.map((q) => q.name)).toEqual(['q 2']);
  });
});
