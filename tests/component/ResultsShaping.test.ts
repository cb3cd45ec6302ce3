// Shaping the results: leaving a photo out of the trend fits with a reason (the fit is
// then the one of the photos kept, undoably), and choosing the strain table's columns,
// a choice that lasts across reloads.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { linearRegression } from '../../src/core';
import type { ProjectState } from '../../src/state/project.svelte';
import ResultsPanel from '../../src/ui/results/ResultsPanel.svelte';
import { analyse } from '../../src/worker/analysis';
import { inProcessEngine, pressProject } from './results-helpers';

vi.mock('../../src/ui/results/trendChart', () => ({
  createTrendChart: () => ({
    update: () => {},
    destroy: () => {},
    toPng: async () => new Blob(['png'], { type: 'image/png' }),
  }),
}));

afterEach(() => localStorage.clear());

function renderPanel(project: ProjectState) {
  const engine = inProcessEngine();
  render(ResultsPanel, { project, engine });
  return engine;
}

/** The analysis the panel last asked the worker for, computed again here. */
function lastAnalysis(engine: ReturnType<typeof inProcessEngine>) {
  const request = engine.analyse.mock.lastCall?.[0];
  if (!request) throw new Error('the engine was not called');
  const response = analyse(request);
  if (!response.ok) throw new Error(response.problem.message);
  return { request, analysis: response.analysis };
}

const table = () => screen.getByRole('table', { name: /strain per image/i });

describe('leaving a photo out of the trend fits', () => {
  it('needs a reason, then fits the kept photos only and says which photo is out and why', async () => {
    const user = userEvent.setup();
    const project = pressProject([0, 5, 10, 15]);
    const engine = renderPanel(project);
    await screen.findByRole('table', { name: /strain per image/i });
    await user.click(screen.getByRole('button', { name: 'Leave step-10mm-2.png out of the fits' }));
    const reason = screen.getByRole('textbox', {
      name: 'Reason for leaving step-10mm-2.png out of the fits',
    });
    expect(reason).toBeRequired();
    await user.click(screen.getByRole('button', { name: 'Leave out' }));
    expect(project.doc.images[2]?.leftOut).toBeUndefined();
    await user.type(reason, 'grip slipped');
    await user.click(screen.getByRole('button', { name: 'Leave out' }));
    expect(project.doc.images[2]?.leftOut).toEqual({ reason: 'grip slipped' });

    await vi.waitFor(() => expect(lastAnalysis(engine).request.images[2]?.leftOut).toBeTruthy());
    const row = await within(table()).findByRole('row', { name: /step-10mm-2\.png/ });
    await within(row).findByText(/Left out: grip slipped/);
    // Its strain is still shown.
    expect(within(row).getAllByRole('cell')[1]).toHaveTextContent(/^0\.1/);
    expect(
      screen.getByText('step-10mm-2.png, left out by choice: grip slipped.'),
    ).toBeInTheDocument();

    // The exx fit is the independent fit of the three kept photos.
    const { analysis } = lastAnalysis(engine);
    const kept = analysis.images.filter((_, i) => i !== 2);
    const independent = linearRegression(
      kept.map((image) => image.pressTravel as number),
      kept.map((image) => (image.ok ? image.strain.strain[0][0] : NaN)),
    );
    const xx = analysis.trends.xx;
    expect(xx.ok && xx.regression.n).toBe(3);
    expect(xx.ok && xx.regression.slope).toBeCloseTo(independent.slope, 14);
    const section = screen.getByRole('heading', { name: 'exx against press travel' })
      .parentElement as HTMLElement;
    const images = within(section).getByText('Images').nextElementSibling;
    await vi.waitFor(() => expect(images).toHaveTextContent('3 (1 left out)'));
    // The plot still shows the photo, apart: its data table and its description say so.
    const plotted = within(section).getByRole('table', { name: 'Data points of the exx plot' });
    const leftRow = within(plotted).getByRole('row', { name: /step-10mm-2\.png/ });
    expect(leftRow).toHaveTextContent(/left out: grip slipped$/);
    expect(within(plotted).getAllByText('yes')).toHaveLength(3);
    expect(within(section).getByRole('img').getAttribute('aria-label')).toMatch(
      /for 3 images.*; 1 left out of the fit, drawn as crosses\.$/,
    );

    // Undo brings it back; so does "Use in fits".
    project.undo();
    expect(project.doc.images[2]?.leftOut).toBeUndefined();
    project.redo();
    await user.click(
      await screen.findByRole('button', { name: 'Use step-10mm-2.png in the fits again' }),
    );
    expect(project.doc.images[2]?.leftOut).toBeUndefined();
  });

  it('a photo without strain is left out automatically and the fits still run', async () => {
    const project = pressProject([0, 5, 10, 15]);
    [0, 1, 2, 3, 4].forEach((k) =>
      project.setPoint('img-1', { kind: 'fiducial', index: k }, [100 + 10 * k, 100]),
    );
    renderPanel(project);
    await screen.findByText(
      'step-5mm-1.png, left out automatically: its strain could not be computed.',
    );
    expect(screen.getAllByRole('img', { name: /against press travel/ })).toHaveLength(3);
  });
  it('a photo whose marks are flagged (mirrored corners) stays out by name; the fits run on the rest', async () => {
    const project = pressProject([0, 5, 10, 15]);
    project.reorderFiducials('img-2', [1, 0, 3, 2, 4]);
    expect(project.markFindings['img-2']).toBeDefined();
    renderPanel(project);
    await screen.findByRole('table', { name: /strain per image/i });
    expect(
      screen.getByText(/Image 3 \(step-10mm-2\.png\) is left out until its marks are checked/),
    ).toBeInTheDocument();
    const section = screen.getByRole('heading', { name: 'eyy against press travel' })
      .parentElement as HTMLElement;
    expect(within(section).getByText('Images').nextElementSibling).toHaveTextContent('3');
  });
});

describe('choosing the strain table’s columns', () => {
  const headers = () =>
    within(table())
      .getAllByRole('columnheader')
      .map((cell) => cell.textContent?.trim());

  it('hides and shows columns, keeps the last one, and remembers the choice', async () => {
    const user = userEvent.setup();
    const first = render(ResultsPanel, {
      project: pressProject([0, 5, 10]),
      engine: inProcessEngine(),
    });
    await screen.findByRole('table', { name: /strain per image/i });
    expect(headers()).toContain('Max shear');
    await user.click(screen.getByText(/^Columns \(/));
    await user.click(screen.getByRole('checkbox', { name: 'Max shear' }));
    await user.click(screen.getByRole('checkbox', { name: 'Fit residual (mm)' }));
    expect(headers()).not.toContain('Max shear');
    expect(headers()).not.toContain('Fit residual (mm)');
    expect(headers()).toContain('Equivalent strain');

    // A reload: a new panel reads the choice back.
    first.unmount();
    render(ResultsPanel, { project: pressProject([0, 5, 10]), engine: inProcessEngine() });
    await screen.findByRole('table', { name: /strain per image/i });
    expect(headers()).not.toContain('Max shear');
    await user.click(screen.getByText(/^Columns \(/));
    await user.click(screen.getByRole('checkbox', { name: 'Max shear' }));
    expect(headers()).toContain('Max shear');

    // Every optional column off but one: that one cannot be hidden.
    for (const name of ['exx', 'eyy', 'exy', 'e1', 'e2', 'Principal angle (°)', 'Max shear']) {
      await user.click(screen.getByRole('checkbox', { name }));
    }
    expect(screen.getByRole('checkbox', { name: 'Equivalent strain' })).toBeDisabled();
    expect(headers()).toEqual(['Image', 'Press travel (mm)', 'Equivalent strain', 'Trend fits']);
  });

  it('the table scrolls inside its own labelled region and long messages wrap', async () => {
    render(ResultsPanel, { project: pressProject([0, 5, 10]), engine: inProcessEngine() });
    const region = await screen.findByRole('region', { name: /strain per image.*scrolls/i });
    expect(within(region).getByRole('table')).toBeInTheDocument();
  });
});
