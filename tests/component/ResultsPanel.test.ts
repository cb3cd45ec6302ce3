// The results view through what a user sees: what is missing before the
// analysis can run, then the strain table, the trend statistics and a labelled
// chart per component, recomputed (by the worker's own code, in-process) on
// every change. chart.js itself cannot draw in jsdom, so its lazily imported
// module is replaced by a recorder.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { SequenceRequest } from '../../src/core';
import type { AnalysisResponse } from '../../src/client/engine';
import type { ProjectState } from '../../src/state/project.svelte';
import ResultsPanel from '../../src/ui/results/ResultsPanel.svelte';
import type { TrendChartData } from '../../src/ui/results/trendChart';
import { analyse } from '../../src/worker/analysis';
import { inProcessEngine, pressProject } from './results-helpers';

const chart = vi.hoisted(() => ({
  created: [] as { canvas: HTMLCanvasElement; data: unknown }[],
  update: vi.fn(),
  destroy: vi.fn(),
}));

vi.mock('../../src/ui/results/trendChart', () => ({
  createTrendChart: (canvas: HTMLCanvasElement, data: unknown) => {
    chart.created.push({ canvas, data });
    return {
      update: chart.update,
      destroy: chart.destroy,
      toPng: async () => new Blob(['png'], { type: 'image/png' }),
    };
  },
}));

beforeEach(() => {
  chart.created.length = 0;
  chart.update.mockClear();
  chart.destroy.mockClear();
});

function renderPanel(project: ProjectState, engine = inProcessEngine()) {
  const view = render(ResultsPanel, { project, engine });
  return { engine, view };
}

/** The same analysis the panel asked for, for expected values. */
function expected(engine: ReturnType<typeof inProcessEngine>) {
  const request = engine.analyse.mock.lastCall?.[0];
  if (!request) throw new Error('the engine was not called');
  const response = analyse(request);
  if (!response.ok) throw new Error(response.problem.message);
  return response.analysis;
}

describe('ResultsPanel before the analysis can run', () => {
  it('lists what is missing when fewer than 3 images are complete', () => {
    const { engine } = renderPanel(pressProject([0, 5, 10], 2));
    const status = screen.getByRole('status', { name: /cannot run yet/i });
    expect(status).toHaveTextContent(/at least 3 complete images; 2 are complete/i);
    expect(status).toHaveTextContent(/step-10mm-2\.png.*place fiducials 0, 1, 2, 3, 4/);
    expect(engine.analyse).not.toHaveBeenCalled();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('leads from what is still to do on a photo to that photo, and only there', async () => {
    const project = pressProject([0, 5, 10], 2);
    const shown: string[] = [];
    render(ResultsPanel, {
      project,
      engine: inProcessEngine(),
      onshowimage: (imageId: string) => shown.push(imageId),
    });
    const status = screen.getByRole('status', { name: /cannot run yet/i });
    // The general message is words; the photo's is a button that leads to it.
    expect(within(status).queryByRole('button', { name: /at least 3 complete images/ })).toBeNull();
    await fireEvent.click(within(status).getByRole('button', { name: /step-10mm-2\.png/ }));
    expect(shown).toEqual(['img-2']);
  });

  it('asks for a valid scale length', () => {
    const project = pressProject([0, 5, 10]);
    project.setScaleLength(null);
    renderPanel(project);
    expect(screen.getByText(/enter the scale length in mm/i)).toBeInTheDocument();
  });
});

describe('ResultsPanel with results', () => {
  it('shows a row per image with the worker’s numbers, the measure and the reference', async () => {
    const project = pressProject([0, 5, 10, 15]);
    const { engine } = renderPanel(project);
    const table = await screen.findByRole('table', { name: /strain per image/i });
    expect(table).toHaveAccessibleName(
      /small \(engineering\) measure, total strain against step-0mm-0\.png/i,
    );
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(4);
    expect(within(rows[0] as HTMLElement).getByRole('rowheader')).toHaveTextContent(
      /step-0mm-0\.png\s*reference/,
    );
    const analysis = expected(engine);
    const last = analysis.images[3];
    if (!last?.ok) throw new Error('image 4 should have a strain');
    const cells = within(rows[3] as HTMLElement).getAllByRole('cell');
    expect(cells[0]).toHaveTextContent('15');
    expect(cells[1]).toHaveTextContent(last.strain.strain[0][0].toFixed(5));
    expect(cells[2]).toHaveTextContent(last.strain.strain[1][1].toFixed(5).replace('-', '−'));
    // The value before any ± that follows it.
    expect(Number(cells[1]?.textContent?.split('±')[0])).toBeCloseTo(0.15, 1);
    expect(screen.getByText(/x to the right, y downwards/i)).toBeInTheDocument();
    expect(screen.getByText(/keeps its volume/i)).toBeInTheDocument();
  });

  it('shows each trend’s equation, R², p-value and standard errors, and a labelled chart', async () => {
    const project = pressProject([0, 5, 10, 15]);
    const { engine } = renderPanel(project);
    const plot = await screen.findByRole('img', {
      name: /exx.*against press travel.*exx = 0\.01\d* · d/i,
    });
    const trend = expected(engine).trends.xx;
    if (!trend.ok) throw new Error('the exx trend should fit');
    const r = trend.regression;
    expect(r.pValue).toBeGreaterThan(0);
    const section = plot.closest('section') as HTMLElement;
    const stat = (term: string) => within(section).getByText(term).nextElementSibling;
    expect(stat('p-value')).toHaveTextContent(r.pValue.toExponential(2));
    expect(stat('p-value')).toHaveTextContent(/^\d\.\d\de-\d+$/);
    expect(stat('R²')).toHaveTextContent(r.rSquared.toFixed(4));
    // Three significant digits of the worker's value.
    const shown = (term: string) => Number(stat(term)?.textContent?.replace('−', '-'));
    expect(Math.abs(shown('Std. error of slope') / r.slopeStderr - 1)).toBeLessThan(5e-3);
    expect(Math.abs(shown('Std. error of intercept') / r.interceptStderr - 1)).toBeLessThan(5e-3);
    expect(plot).toHaveAccessibleName(new RegExp(`R² = ${r.rSquared.toFixed(4)}`));
    expect(screen.getAllByRole('img', { name: /against press travel/ })).toHaveLength(3);
    // The data behind the plot is readable without the picture.
    const data = within(section).getByRole('table', { name: /data points of the exx plot/i });
    expect(within(data).getAllByRole('row')).toHaveLength(5);
    // chart.js got the worker's points.
    await vi.waitFor(() => expect(chart.created).toHaveLength(3));
    const xx = chart.created[0]?.data as TrendChartData;
    expect(xx.points.map((p) => p.x)).toEqual([0, 5, 10, 15]);
  });

  it('shows each value’s ± from the worker, gives the charts error bars, a band and the slope’s CI', async () => {
    const strainUncertainty: [[number, number], [number, number]] = [
      [1.234e-4, 5.6e-5],
      [5.6e-5, 3.21e-4],
    ];
    const principalUncertainty = { e1: 1.5e-4, e2: 2.5e-4, angle: 0.43, equivalentStrain: 9.8e-5 };
    // The worker's answer with known uncertainties on every image but the reference.
    const engine = {
      analyse: vi.fn(async (request: SequenceRequest): Promise<AnalysisResponse> => {
        const response = analyse(structuredClone(request));
        if (!response.ok) return response;
        const images = response.analysis.images.map((image, i) => {
          if (!image.ok) return image;
          const strain = { ...image.strain };
          delete strain.strainUncertainty;
          delete strain.principalUncertainty;
          return i > 0
            ? { ...image, strain: { ...strain, strainUncertainty, principalUncertainty } }
            : { ...image, strain };
        });
        return { ...response, analysis: { ...response.analysis, images } };
      }),
    };
    render(ResultsPanel, { project: pressProject([0, 5, 10, 15]), engine });
    const table = await screen.findByRole('table', { name: /strain per image/i });
    expect(table).toHaveAccessibleName(/± is one standard uncertainty \(1σ\)/);
    const rows = within(table).getAllByRole('row').slice(1);
    const cells = within(rows[2] as HTMLElement).getAllByRole('cell');
    // exx, eyy, exy, e1, e2, angle, max shear (none), equivalent strain: two significant digits.
    expect(cells[1]).toHaveTextContent(/^[\d.]+\s*± 0\.00012$/);
    expect(cells[2]).toHaveTextContent(/± 0\.00032$/);
    expect(cells[3]).toHaveTextContent(/± 0\.000056$/);
    expect(cells[4]).toHaveTextContent(/± 0\.00015$/);
    expect(cells[5]).toHaveTextContent(/± 0\.00025$/);
    expect(cells[6]).toHaveTextContent(/± 0\.43$/);
    expect(cells[7]).not.toHaveTextContent('±');
    expect(cells[8]).toHaveTextContent(/± 0\.000098$/);
    expect(
      screen.getByText(/± is the standard uncertainty \(1σ\) carried from the points/),
    ).toHaveTextContent(/or 0\.5 px for a point placed by hand/);
    // The reference has no uncertainty of its own here, and shows none.
    expect(within(rows[0] as HTMLElement).getAllByRole('cell')[1]).not.toHaveTextContent('±');

    const plot = await screen.findByRole('img', { name: /^Scatter plot of exx/ });
    expect(plot).toHaveAccessibleName(/95 % confidence band/);
    const section = plot.closest('section') as HTMLElement;
    const analysis = expected(engine as unknown as ReturnType<typeof inProcessEngine>);
    const trend = analysis.trends.xx;
    if (!trend.ok) throw new Error('the exx trend should fit');
    const [low, high] = trend.regression.slopeCi95;
    const ci = within(section).getByText('Slope, 95 % CI').nextElementSibling;
    const [shownLow, shownHigh] = (ci?.textContent ?? '')
      .match(/[\d.e−-]+/g)!
      .map((t) => Number(t.replace('−', '-'))) as [number, number];
    expect(Math.abs(shownLow / low - 1)).toBeLessThan(5e-3);
    expect(Math.abs(shownHigh / high - 1)).toBeLessThan(5e-3);
    expect(low).toBeLessThan(trend.regression.slope);
    expect(high).toBeGreaterThan(trend.regression.slope);
    // The reference has no uncertainty, so not every point has one: no error bars on it...
    await vi.waitFor(() => expect(chart.created).toHaveLength(3));
    const xx = chart.created[0]?.data as TrendChartData;
    expect(xx.errors).toBeUndefined();
    // ...but the band is there, around the worker's line, widest at the ends of the data.
    const band = xx.band;
    if (!band) throw new Error('the chart should get a band');
    const width = band.high.map((p, k) => p.y - (band.low[k]?.y ?? NaN));
    expect(width.every((w) => w > 0)).toBe(true);
    const middle = band.low.findIndex((p) => p.x >= 7.5);
    expect(width[0]).toBeGreaterThan(width[middle]!);
    expect(width.at(-1)).toBeGreaterThan(width[middle]!);
    band.low.forEach((p, k) => {
      const line = trend.regression.slope * p.x + trend.regression.intercept;
      expect((p.y + (band.high[k]?.y ?? NaN)) / 2).toBeCloseTo(line, 12);
    });
  });

  it('draws error bars of each point’s uncertainty when every point has one', async () => {
    const engine = {
      analyse: vi.fn(async (request: SequenceRequest): Promise<AnalysisResponse> => {
        const response = analyse(structuredClone(request));
        if (!response.ok) return response;
        const images = response.analysis.images.map((image, i) =>
          image.ok
            ? {
                ...image,
                strain: {
                  ...image.strain,
                  strainUncertainty: [
                    [[1e-4, 2e-4, 3e-4][i] ?? NaN, 0],
                    [0, 2e-4],
                  ] as [[number, number], [number, number]],
                },
              }
            : image,
        );
        return { ...response, analysis: { ...response.analysis, images } };
      }),
    };
    render(ResultsPanel, { project: pressProject([0, 5, 10]), engine });
    await vi.waitFor(() => expect(chart.created).toHaveLength(3));
    const xx = chart.created[0]?.data as TrendChartData;
    // The reference against itself is zero by definition, known exactly: a bar of 0.
    expect(xx.errors).toEqual([0, 2e-4, 3e-4]);
    expect((chart.created[1]?.data as TrendChartData).errors).toEqual([0, 2e-4, 2e-4]);
    const table = screen.getByRole('table', { name: /strain per image/i });
    const reference = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(reference).getAllByRole('cell')[1]).not.toHaveTextContent('±');
    const plot = screen.getByRole('img', { name: /^Scatter plot of exx/ });
    expect(plot).toHaveAccessibleName(/error bars of ±1 standard uncertainty/);
    const section = plot.closest('section') as HTMLElement;
    expect(within(section).getByText(/Error bars: ±1 standard uncertainty \(1σ\)/)).toBeVisible();
    const data = within(section).getByRole('table', { name: /data points of the exx plot/i });
    expect(within(data).getByRole('columnheader', { name: '± (1σ)' })).toBeInTheDocument();
  });

  it('recomputes on a settings change and updates the charts instead of recreating them', async () => {
    const project = pressProject([0, 5, 10, 15]);
    const { engine } = renderPanel(project);
    await screen.findByRole('table', { name: /small/i });
    await vi.waitFor(() => expect(chart.created).toHaveLength(3));
    project.setStrainMeasure('green_lagrangian');
    flushSync();
    await screen.findByRole('table', { name: /green-lagrange measure/i });
    expect(engine.analyse).toHaveBeenCalledTimes(2);
    expect(engine.analyse.mock.lastCall?.[0].measure).toBe('green_lagrangian');
    await vi.waitFor(() => expect(chart.update).toHaveBeenCalledTimes(3));
    expect(chart.created).toHaveLength(3);
    expect(chart.destroy).not.toHaveBeenCalled();
  });

  it('redraws an off-screen chart only when it scrolls into view', async () => {
    // jsdom has no IntersectionObserver; this one lets the test say what is on screen.
    const observers: { callback: IntersectionObserverCallback; targets: Element[] }[] = [];
    class FakeObserver {
      readonly entry: { callback: IntersectionObserverCallback; targets: Element[] };
      constructor(callback: IntersectionObserverCallback) {
        this.entry = { callback, targets: [] };
        observers.push(this.entry);
      }
      observe(target: Element) {
        this.entry.targets.push(target);
      }
      disconnect() {}
    }
    const show = (visible: boolean) => {
      for (const { callback, targets } of observers) {
        const entries = targets.map((target) => ({ target, isIntersecting: visible }));
        callback(entries as unknown as IntersectionObserverEntry[], {} as IntersectionObserver);
      }
    };
    vi.stubGlobal('IntersectionObserver', FakeObserver);
    try {
      const project = pressProject([0, 5, 10, 15]);
      renderPanel(project);
      await vi.waitFor(() => expect(chart.created).toHaveLength(3));
      show(false);
      project.setStrainMeasure('green_lagrangian');
      flushSync();
      await screen.findByRole('table', { name: /green-lagrange measure/i });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(chart.update).not.toHaveBeenCalled();
      show(true);
      expect(chart.update).toHaveBeenCalledTimes(3);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('does not ask again for an unchanged request', async () => {
    const project = pressProject([0, 5, 10]);
    const { engine } = renderPanel(project);
    await screen.findByRole('table', { name: /strain per image/i });
    project.setPoint(
      'img-0',
      { kind: 'fiducial', index: 0 },
      project.pointAt('img-0', { kind: 'fiducial', index: 0 }) ?? [0, 0],
    );
    project.selectedId = 'img-2';
    flushSync();
    expect(engine.analyse).toHaveBeenCalledTimes(1);
  });

  it('explains a trend that cannot be fitted instead of drawing an empty chart', async () => {
    renderPanel(pressProject([5, 5, 5]));
    await screen.findByRole('table', { name: /strain per image/i });
    const messages = await screen.findAllByText(/press travel/i, { selector: 'p' });
    expect(messages.length).toBeGreaterThanOrEqual(3);
    expect(screen.queryAllByRole('img', { name: /against press travel/ })).toHaveLength(0);
    expect(chart.created).toHaveLength(0);
  });

  it('shows an image’s problem next to its name and keeps the other rows', async () => {
    const project = pressProject([0, 5, 10, 15]);
    [0, 1, 2, 3, 4].forEach((k) =>
      project.setPoint('img-2', { kind: 'fiducial', index: k }, [100 + 10 * k, 100]),
    );
    renderPanel(project);
    const table = await screen.findByRole('table', { name: /strain per image/i });
    const row = within(table).getByRole('row', { name: /step-10mm-2\.png/ });
    expect(within(row).getAllByRole('cell').at(-2)).toHaveTextContent(
      /step-10mm-2\.png: .*(collinear|coincident|line)/i,
    );
    expect(within(table).getAllByRole('row')).toHaveLength(5);
  });

  it('the latest request wins even if an older answer arrives after it', async () => {
    const project = pressProject([0, 5, 10]);
    const pending: { request: SequenceRequest; resolve: (r: AnalysisResponse) => void }[] = [];
    const engine = {
      analyse: vi.fn(
        (request: SequenceRequest) =>
          new Promise<AnalysisResponse>((resolve) => pending.push({ request, resolve })),
      ),
    };
    render(ResultsPanel, { project, engine });
    expect(screen.getByText(/computing/i)).toBeInTheDocument();
    project.setStrainMeasure('hencky');
    flushSync();
    expect(pending).toHaveLength(2);
    const [older, newer] = pending as [(typeof pending)[0], (typeof pending)[0]];
    newer.resolve(analyse(newer.request));
    await screen.findByRole('table', { name: /hencky/i });
    older.resolve(analyse(older.request));
    await new Promise((r) => setTimeout(r, 0));
    expect(screen.getByRole('table', { name: /strain per image/i })).toHaveAccessibleName(
      /hencky/i,
    );
  });

  it('a failed computation says so', async () => {
    const engine = { analyse: vi.fn(async () => Promise.reject(new Error('worker crashed'))) };
    render(ResultsPanel, { project: pressProject([0, 5, 10]), engine });
    expect(await screen.findByRole('alert')).toHaveTextContent(/analysis failed: worker crashed/i);
  });

  it('draws the charts again after the results come back from not ready', async () => {
    const project = pressProject([0, 5, 10]);
    renderPanel(project);
    await vi.waitFor(() => expect(chart.created).toHaveLength(3));
    project.setPressTravel('img-1', null);
    flushSync();
    expect(await screen.findByText(/cannot run yet/i)).toBeInTheDocument();
    expect(chart.destroy).toHaveBeenCalledTimes(3);
    project.undo();
    flushSync();
    await vi.waitFor(() => expect(chart.created).toHaveLength(6));
    await userEvent.setup().tab();
  });
});
