// The printable report through what a user does and sees: it can be printed once the
// analysis has run, the print dialog opens on the report (not the page), the report holds
// the worker's numbers, the marks as placed and the charts, and it goes away after printing.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AnalysisState } from '../../src/state/analysis.svelte';
import type { ProjectState } from '../../src/state/project.svelte';
import PrintReport from '../../src/ui/report/PrintReport.svelte';
import type { PictureSource } from '../../src/ui/report/reportContent';
import { fixed, significant } from '../../src/ui/results/format';
import type { ChartRegistry } from '../../src/ui/results/series';
import { analyse } from '../../src/worker/analysis';
import { evaluateQuantities } from '../../src/worker/quantities';
import { inProcessEngine, pressProject } from './results-helpers';

const print = vi.fn();
let urls: string[] = [];
const revoked: string[] = [];

beforeEach(() => {
  print.mockReset();
  urls = [];
  revoked.length = 0;
  vi.stubGlobal('print', print);
  // jsdom has neither object URLs nor image decoding; record the one, resolve the other.
  URL.createObjectURL = (blob: Blob) => {
    const url = `blob:report/${urls.length}-${blob.type}`;
    urls.push(url);
    return url;
  };
  URL.revokeObjectURL = (url: string) => void revoked.push(url);
  HTMLImageElement.prototype.decode = () => Promise.resolve();
});

afterEach(() => {
  vi.unstubAllGlobals();
});

function drawnCharts(): ChartRegistry {
  const charts: ChartRegistry = new Map();
  for (const component of ['xx', 'yy', 'xy'] as const) {
    charts.set(component, async () => new Blob([component], { type: 'image/png' }));
  }
  return charts;
}

async function setup(
  project: ProjectState,
  charts = drawnCharts(),
  pictures?: Partial<PictureSource>,
) {
  const engine = inProcessEngine();
  const analysis = new AnalysisState(engine);
  await analysis.update(project.readiness);
  render(PrintReport, { project, analysis, charts, pictures });
  const request = engine.analyse.mock.calls[0]?.[0];
  const expected = request ? analyse(request) : null;
  return { analysis, expected, user: userEvent.setup() };
}

const printButton = () => screen.getByRole('button', { name: /print report/i });

/** The report, once it is in the page: straight under <body>, outside the app. */
async function printedReport(): Promise<HTMLElement> {
  await vi.waitFor(() => expect(print).toHaveBeenCalledTimes(1));
  const report = document.querySelector<HTMLElement>('body > article.print-report');
  if (!report) throw new Error('no report under <body>');
  return report;
}

describe('PrintReport', () => {
  it('cannot print before the analysis has run', async () => {
    await setup(pressProject([0, 5, 10], 2));
    expect(printButton()).toBeDisabled();
  });

  it('prints a report of the worker’s numbers, the marks and the charts', async () => {
    const project = pressProject([0, 5, 10, 15]);
    const { user, expected } = await setup(project);
    if (!expected?.ok) throw new Error('the analysis should run');
    await user.click(printButton());
    const report = within(await printedReport());

    expect(report.getByRole('heading', { level: 1 })).toHaveTextContent('Strain Seer report');
    expect(report.getByText('Small (engineering)', { selector: 'dd' })).toBeInTheDocument();
    expect(report.getByText(/^30 mm between the two scale points/)).toBeInTheDocument();
    expect(report.getByText(/4 analysed of 4 in the project/)).toBeInTheDocument();

    // Strain per image: the worker's exx for each photo, in the results table's format.
    const strainTable = report.getByRole('table', { name: /strain per image/i });
    const rows = within(strainTable).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    expected.analysis.images.forEach((image, i) => {
      if (!image.ok) throw new Error('each image should have a strain');
      expect(within(rows[i]!).getAllByRole('cell')[1]).toHaveTextContent(
        fixed(image.strain.strain[0][0], 5),
      );
    });

    // Trends: the fitted line and R² of each component.
    const trendTable = report.getByRole('table', { name: /least-squares lines/i });
    const trendRows = within(trendTable).getAllByRole('row').slice(1);
    expect(trendRows.map((row) => within(row).getByRole('rowheader').textContent)).toEqual([
      'exx',
      'eyy',
      'exy',
    ]);
    const xx = expected.analysis.trends.xx;
    if (!xx.ok) throw new Error('exx should fit');
    expect(trendRows[0]).toHaveTextContent(fixed(xx.regression.rSquared, 4));
    expect(within(trendRows[0]!).getAllByRole('cell').at(-1)).toHaveTextContent('4');
    // The slope's 95 % interval, three significant digits of the worker's.
    const [ciLow, ciHigh] = xx.regression.slopeCi95;
    expect(within(trendRows[0]!).getAllByRole('cell').at(-2)).toHaveTextContent(
      `${significant(ciLow, 3)} to ${significant(ciHigh, 3)}`,
    );
    // How the uncertainties were obtained, in words.
    expect(report.getByText(/propagated to first order/)).toHaveTextContent(
      /0\.5 px when it was placed by hand.*taking the points as independent.*Student's t/,
    );

    // Charts as pictures made from the drawn charts, each loaded from its own PNG.
    const charts = report.getAllByRole('img', { name: /^chart of/i });
    expect(charts.map((chart) => chart.getAttribute('src'))).toEqual(urls);
    expect(urls).toHaveLength(3);

    // Every point of every photo, as marked, and a marked picture of each photo.
    const pointTable = report.getByRole('table', { name: /image pixels/i });
    const pointRows = within(pointTable).getAllByRole('row').slice(1);
    expect(pointRows).toHaveLength(4 * 7);
    const second = project.doc.images[1]!;
    const s2 = second.scalePoints[1]!;
    const s2Row = pointRows[7 + 6]!;
    expect(s2Row).toHaveTextContent(second.name);
    expect(
      within(s2Row)
        .getAllByRole('cell')
        .map((cell) => cell.textContent),
    ).toEqual(['S2', fixed(s2[0], 2), fixed(s2[1], 2), '0.5 (by hand)']);
    expect(report.getAllByRole('img', { name: /7 points marked/ })).toHaveLength(4);
  });

  it('draws the marks over sharp pictures of the photos made for it, or their thumbnails', async () => {
    const project = pressProject([0, 5, 10]);
    project.thumbnails = { 'img-1': 'blob:thumb-1', 'img-2': 'blob:thumb-2' };
    let finish: () => void = () => {};
    const asked: string[][] = [];
    const pictures: PictureSource = {
      async reportPictures(ids, onProgress) {
        asked.push(ids);
        onProgress?.(1, ids.length);
        await new Promise<void>((resolve) => (finish = resolve));
        onProgress?.(ids.length, ids.length);
        // The third photo could not be read again: its thumbnail stands in.
        return { urls: { 'img-0': 'blob:sharp-0', 'img-1': 'blob:sharp-1' }, missing: ['img-2'] };
      },
    };
    const { user } = await setup(project, drawnCharts(), pictures);
    await user.click(printButton());
    expect(await screen.findByRole('status')).toHaveTextContent(
      'Preparing the report: photo 1 of 3…',
    );
    expect(printButton()).toBeDisabled();
    finish();
    const report = await printedReport();
    expect(asked).toEqual([['img-0', 'img-1', 'img-2']]);
    const shown = [...report.querySelectorAll('svg image')].map((image) =>
      image.getAttribute('href'),
    );
    expect(shown).toEqual(['blob:sharp-0', 'blob:sharp-1', 'blob:thumb-2']);

    // After printing, the pictures made for the report are freed; the thumbnails stay.
    window.dispatchEvent(new Event('afterprint'));
    await vi.waitFor(() => expect(document.querySelector('.print-report')).toBeNull());
    expect(revoked).toEqual(expect.arrayContaining(['blob:sharp-0', 'blob:sharp-1']));
    expect(revoked).not.toContain('blob:thumb-2');
  });

  it('builds the report on beforeprint when the print comes from the browser menu', async () => {
    const project = pressProject([0, 5, 10]);
    project.thumbnails = {
      'img-0': 'blob:thumb-0',
      'img-1': 'blob:thumb-1',
      'img-2': 'blob:thumb-2',
    };
    await setup(project);
    // The report's code loads once there are results; a print then finds the report at once,
    // in the same task as the event, as the browser lays the page out for paper right after.
    await vi.waitFor(() => {
      window.dispatchEvent(new Event('beforeprint'));
      expect(document.querySelector('body > article.print-report')).not.toBeNull();
    });
    const report = document.querySelector<HTMLElement>('body > article.print-report')!;
    expect(within(report).getByRole('table', { name: /strain per image/i })).toBeInTheDocument();
    const shown = [...report.querySelectorAll('svg image')].map((image) =>
      image.getAttribute('href'),
    );
    expect(shown).toEqual(['blob:thumb-0', 'blob:thumb-1', 'blob:thumb-2']);
    expect(print).not.toHaveBeenCalled();

    // After printing the report goes, and the page's own thumbnails stay.
    window.dispatchEvent(new Event('afterprint'));
    await vi.waitFor(() => expect(document.querySelector('.print-report')).toBeNull());
    expect(revoked).toEqual([]);
  });

  it('leaves beforeprint alone before the analysis has run', async () => {
    await setup(pressProject([0, 5, 10], 1));
    await new Promise((resolve) => setTimeout(resolve, 50));
    window.dispatchEvent(new Event('beforeprint'));
    expect(document.querySelector('.print-report')).toBeNull();
  });

  it('adds a table of the user’s quantities when there are some', async () => {
    const project = pressProject([0, 5, 10]);
    const analysis = new AnalysisState(inProcessEngine());
    await analysis.update(project.readiness);
    const response = analysis.result?.response;
    if (!response?.ok) throw new Error('the analysis did not run');
    const twice = { name: 'Twice exx', expression: '2 * exx', unit: '', fit: false };
    const quantities = {
      response: await evaluateQuantities({
        analysis: response.analysis,
        times: [null, null, null],
        forceLog: null,
        specimen: null,
        definitions: [twice],
      }),
    };
    render(PrintReport, { project, analysis, charts: drawnCharts(), quantities });
    await userEvent.setup().click(printButton());
    const table = within(await printedReport()).getByRole('table', {
      name: 'Your quantities per image',
    });
    const last = response.analysis.images[2];
    if (!last?.ok) throw new Error('the last photo has no strain');
    expect(within(table).getByRole('row', { name: /step-10mm/ })).toHaveTextContent(
      significant(2 * last.strain.strain[0][0], 6),
    );
  });

  it('lists the photos left out and why', async () => {
    const { user } = await setup(pressProject([0, 5, 10, 15], 3));
    await user.click(printButton());
    const report = within(await printedReport());
    expect(report.getByText(/3 analysed of 4 in the project/)).toBeInTheDocument();
    const leftOut = report.getByText(/left out of the analysis/i).nextElementSibling;
    expect(leftOut).toHaveTextContent(/step-15mm-3\.png/);
  });

  it('goes away after printing and frees its chart pictures', async () => {
    const { user } = await setup(pressProject([0, 5, 10]));
    await user.click(printButton());
    await printedReport();
    window.dispatchEvent(new Event('afterprint'));
    await vi.waitFor(() => expect(document.querySelector('.print-report')).toBeNull());
    expect(revoked.sort()).toEqual([...urls].sort());
  });

  it('prints the report on Ctrl+P once there are results, and leaves Ctrl+P alone before', async () => {
    await setup(pressProject([0, 5, 10], 1));
    const early = new KeyboardEvent('keydown', { key: 'p', ctrlKey: true, cancelable: true });
    window.dispatchEvent(early);
    expect(early.defaultPrevented).toBe(false);
    document.body.innerHTML = '';

    await setup(pressProject([0, 5, 10]));
    const ready = new KeyboardEvent('keydown', { key: 'p', ctrlKey: true, cancelable: true });
    window.dispatchEvent(ready);
    expect(ready.defaultPrevented).toBe(true);
    await printedReport();
  });

  it('keeps its numbers when a chart cannot be drawn, and says when the report fails', async () => {
    const { user } = await setup(pressProject([0, 5, 10]), new Map());
    await user.click(printButton());
    const report = within(await printedReport());
    expect(report.queryAllByRole('img', { name: /^chart of/i })).toHaveLength(0);
    expect(report.getByRole('table', { name: /strain per image/i })).toBeInTheDocument();
    document.body.innerHTML = '';

    const broken: ChartRegistry = new Map([
      [
        'xx',
        async () => {
          throw new Error('the canvas is gone');
        },
      ],
    ]);
    print.mockReset();
    const again = await setup(pressProject([0, 5, 10]), broken);
    await again.user.click(printButton());
    expect(await screen.findByRole('alert')).toHaveTextContent(
      /could not prepare the report: the canvas is gone/i,
    );
    expect(print).not.toHaveBeenCalled();
  });
});
