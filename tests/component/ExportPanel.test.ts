// The export buttons through what a user sees: which files can be saved when,
// and that each button hands the browser the right file with the worker's
// numbers in it (the download itself is recorded, not performed).
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Papa from 'papaparse';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SequenceRequest } from '../../src/core';
import type * as DownloadModule from '../../src/io/download';
import { SERIES_CSV_COLUMNS } from '../../src/io/exports';
import { ProjectState } from '../../src/state/project.svelte';
import { AnalysisState } from '../../src/state/analysis.svelte';
import ExportPanel from '../../src/ui/results/ExportPanel.svelte';
import ResultsPanel from '../../src/ui/results/ResultsPanel.svelte';
import type { ChartRegistry } from '../../src/ui/results/series';
import { analyse } from '../../src/worker/analysis';
import { inProcessEngine, pressProject } from './results-helpers';

const saved = vi.hoisted(() => ({
  text: [] as { fileName: string; text: string; type: string }[],
  blobs: [] as { fileName: string; blob: Blob }[],
}));

vi.mock('../../src/io/download', async (importOriginal) => ({
  ...(await importOriginal<typeof DownloadModule>()),
  downloadText: (fileName: string, text: string, type: string) =>
    saved.text.push({ fileName, text, type }),
  downloadBlob: (fileName: string, blob: Blob) => saved.blobs.push({ fileName, blob }),
}));

vi.mock('../../src/ui/results/trendChart', () => ({
  createTrendChart: () => ({
    update: () => {},
    destroy: () => {},
    toPng: async () => new Blob(['png-bytes'], { type: 'image/png' }),
  }),
}));

beforeEach(() => {
  saved.text.length = 0;
  saved.blobs.length = 0;
});

async function setup(project: ProjectState, charts: ChartRegistry = new Map()) {
  const engine = inProcessEngine();
  const analysis = new AnalysisState(engine);
  await analysis.update(project.readiness);
  render(ExportPanel, { project, analysis, charts });
  return { engine, analysis, user: userEvent.setup() };
}

const button = (name: RegExp) => screen.getByRole('button', { name });

/** The latest save of a file (saving is asynchronous: the builders load on first use). */
function lastSaved(fileName: string) {
  return vi.waitFor(() => {
    const file = [...saved.text].reverse().find((entry) => entry.fileName === fileName);
    if (!file) throw new Error(`${fileName} was not saved`);
    return file;
  });
}

const csvRows = (text: string) => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

describe('ExportPanel', () => {
  it('has nothing to export without photos', async () => {
    await setup(new ProjectState());
    for (const b of screen.getAllByRole('button')) expect(b).toBeDisabled();
    expect(screen.getByText(/add photos/i)).toBeInTheDocument();
  });

  it('exports raw data as soon as there are photos; results wait for the analysis', async () => {
    const { user } = await setup(pressProject([0, 5, 10], 1));
    expect(button(/raw_data\.json/)).toBeEnabled();
    expect(button(/raw_data\.csv/)).toBeEnabled();
    expect(button(/analysis_results\.json/)).toBeDisabled();
    expect(button(/analysis_results\.csv/)).toBeDisabled();
    expect(button(/strain_xx\.png/)).toBeDisabled();

    await user.click(button(/raw_data\.json/));
    const json = await lastSaved('raw_data.json');
    expect(json.type).toBe('application/json');
    const parsed = JSON.parse(json.text);
    expect(Object.keys(parsed.files_data)).toEqual(['img-0', 'img-1', 'img-2']);
    expect(parsed.files_data['img-0'].status).toEqual([true, 'Complete']);
    expect(parsed.files_data['img-1'].status).toEqual([false, 'Missing']);
    expect(parsed.scale_length).toBe(30);
    expect(await screen.findByRole('status')).toHaveTextContent('Saved raw_data.json.');

    await user.click(button(/raw_data\.csv/));
    const rows = csvRows((await lastSaved('raw_data.csv')).text);
    expect(rows[0]?.slice(0, 5)).toEqual([
      'filename',
      'deformation_distance',
      'strain_xx',
      'strain_yy',
      'strain_xy',
    ]);
    expect(rows.slice(1).map((row) => row[2])).toEqual(['', '', '']);
  });

  it('exports the worker’s trend results and strains once the analysis has run', async () => {
    const project = pressProject([0, 5, 10, 15]);
    const { user, engine } = await setup(project);
    const expected = analyse(engine.analyse.mock.calls[0]![0]);
    if (!expected.ok) throw new Error(expected.problem.message);

    await user.click(button(/analysis_results\.csv/));
    const rows = csvRows((await lastSaved('analysis_results.csv')).text);
    expect(rows.map((row) => row[0])).toEqual(['component', 'x_axis', 'y_axis', 'shear']);
    const xx = expected.analysis.trends.xx;
    if (!xx.ok) throw new Error('the exx trend should fit');
    expect(Number(rows[1]?.[1])).toBe(xx.regression.slope);
    expect(Number(rows[1]?.[4])).toBe(xx.regression.pValue);

    await user.click(button(/analysis_results\.json/));
    const json = JSON.parse((await lastSaved('analysis_results.json')).text);
    expect(json.x_axis.r_squared).toBe(xx.regression.rSquared);

    await user.click(button(/raw_data\.csv/));
    const raw = csvRows((await lastSaved('raw_data.csv')).text);
    const last = expected.analysis.images[3];
    if (!last?.ok) throw new Error('image 4 should have a strain');
    expect(Number(raw[4]?.[2])).toBe(last.strain.strain[0][0]);
  });

  it('waits for a computation in flight so the file matches what is on screen', async () => {
    const project = pressProject([0, 5, 10]);
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const engine = {
      analyse: vi.fn(async (request: SequenceRequest) => {
        if (request.measure === 'hencky') await gate;
        return analyse(request);
      }),
    };
    const analysis = new AnalysisState(engine);
    await analysis.update(project.readiness);
    render(ExportPanel, { project, analysis, charts: new Map() });
    project.setStrainMeasure('hencky');
    void analysis.update(project.readiness);
    await userEvent.setup().click(button(/raw_data\.csv/));
    expect(saved.text).toHaveLength(0);
    release();
    await vi.waitFor(() => expect(saved.text).toHaveLength(1));
    expect(csvRows((await lastSaved('raw_data.csv')).text)[1]?.[5]).toBe('hencky');
  });

  it('saves a chart as PNG once it is drawn, and says when it is not', async () => {
    const charts: ChartRegistry = new Map();
    const { user } = await setup(pressProject([0, 5, 10]), charts);
    await user.click(button(/strain_xy\.png/));
    expect(screen.getByRole('alert')).toHaveTextContent(
      /could not save strain_xy\.png.*not drawn yet/i,
    );
    charts.set('xy', async () => new Blob(['png'], { type: 'image/png' }));
    await user.click(button(/strain_xy\.png/));
    expect(saved.blobs.map((b) => b.fileName)).toEqual(['strain_xy.png']);
    expect(saved.blobs[0]?.blob.type).toBe('image/png');
  });

  it('saves what a chart plots as CSV: every point, the fitted line and its band, and why one was left out', async () => {
    const project = pressProject([0, 5, 10, 15]);
    project.setLeftOut('img-1', 'grip slipped');
    const { user } = await setup(project);
    await user.click(button(/strain_yy_series\.csv/));
    const rows = csvRows((await lastSaved('strain_yy_series.csv')).text);
    expect(rows[0]).toEqual([...SERIES_CSV_COLUMNS]);
    const at = (column: (typeof SERIES_CSV_COLUMNS)[number]) => SERIES_CSV_COLUMNS.indexOf(column);
    expect(rows.slice(1).map((row) => [row[0], row[at('left_out_of_fit')]])).toEqual([
      ['step-0mm-0.png', ''],
      ['step-5mm-1.png', 'grip slipped'],
      ['step-10mm-2.png', ''],
      ['step-15mm-3.png', ''],
    ]);
    for (const row of rows.slice(1)) {
      const [low, fitted, high] = [at('band95_low'), at('fitted'), at('band95_high')].map((i) =>
        Number(row[i]),
      ) as [number, number, number];
      expect(low).toBeLessThan(fitted);
      expect(high).toBeGreaterThan(fitted);
    }
  });

  it('within the results view, each drawn chart can be saved under the original’s name', async () => {
    const user = userEvent.setup();
    render(ResultsPanel, { project: pressProject([0, 5, 10]), engine: inProcessEngine() });
    await screen.findAllByRole('img', { name: /against press travel/ });
    for (const component of ['xx', 'yy', 'xy']) {
      const name = new RegExp(`strain_${component}\\.png`);
      await vi.waitFor(() => expect(button(name)).toBeEnabled());
      await user.click(button(name));
    }
    await vi.waitFor(() => expect(saved.blobs).toHaveLength(3));
    expect(saved.blobs.map((b) => b.fileName)).toEqual([
      'strain_xx.png',
      'strain_yy.png',
      'strain_xy.png',
    ]);
  });
});
