// A chart's export: drawn for print at three image pixels per CSS pixel (at least 2000 px
// wide) with the fit's equation and statistics under its title, and its plotted series as
// a CSV that reads back to the same numbers.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { analyseSequence, confidenceBand } from '../../../src/core';
import { SERIES_CSV_COLUMNS, plotSeriesCsv } from '../../../src/io/exports';
import { fitStatistics } from '../../../src/ui/results/format';
import { trendPoints } from '../../../src/ui/results/series';
import { PRINT_SIZE, printConfiguration } from '../../../src/ui/results/trendChart';
import { seriesRows, trendChartData } from '../../../src/ui/results/trendChartData';
import { markedImage, requestOf } from '../io/fixtures';

const images = [0, 2.5, 5, 7.5, 10].map((t, i) => markedImage(i, t));
images[2] = { ...images[2]!, leftOut: { reason: 'blurred' } };
const analysis = analyseSequence(requestOf(images));
const trend = analysis.trends.xx;
if (!trend.ok) throw new Error('the exx trend should fit');
const regression = trend.regression;
const points = trendPoints(analysis, 'xx');

describe('a chart exported for print', () => {
  it('is drawn at least 2000 px wide, three image pixels per CSS pixel', () => {
    const config = printConfiguration(trendChartData(regression, points, null, 'exx', 'small'));
    expect(config.options?.responsive).toBe(false);
    expect(config.options?.devicePixelRatio).toBe(3);
    expect(PRINT_SIZE.width * PRINT_SIZE.pixelRatio).toBeGreaterThanOrEqual(2000);
  });

  it('carries the equation, slope ± CI, intercept, R², p and n under its title', () => {
    const stats = fitStatistics('xx', regression);
    const data = trendChartData(regression, points, null, 'exx', 'small', stats);
    const subtitle = printConfiguration(data).options?.plugins?.subtitle;
    expect(subtitle?.display).toBe(true);
    const text = (subtitle?.text as string[]).join('\n');
    expect(text).toMatch(/^exx = \d\.\d+ · d [+−] /);
    expect(text).toMatch(/slope = \S+ ± \S+ per mm \(95 % CI \S+ to \S+\)/);
    expect(text).toMatch(/intercept = .*R² = \d\.\d{4}, p = \d\.\d\de-\d+, n = 4$/);
  });

  it('the on-screen chart has no statistics drawn on it', () => {
    const config = printConfiguration(trendChartData(regression, points, null, 'exx', 'small'));
    expect(config.options?.plugins?.subtitle?.display).toBe(false);
  });
});

describe('a chart’s plotted series as CSV', () => {
  it('reads back to every plotted point, the fitted line and its band, and why one was left out', () => {
    const rows = seriesRows(regression, points);
    const parsed = Papa.parse<Record<string, string>>(plotSeriesCsv(rows), {
      header: true,
      skipEmptyLines: true,
    });
    expect(parsed.meta.fields).toEqual([...SERIES_CSV_COLUMNS]);
    expect(parsed.data.map((row) => [row['filename'], row['left_out_of_fit']])).toEqual([
      ['step-0.png', ''],
      ['step-1.png', ''],
      ['step-2.png', 'blurred'],
      ['step-3.png', ''],
      ['step-4.png', ''],
    ]);
    parsed.data.forEach((row, i) => {
      const point = points[i]!;
      const [low, high] = confidenceBand(regression, point.x);
      expect(Number(row['deformation_distance'])).toBe(point.x);
      expect(Number(row['value'])).toBe(point.y);
      expect(row['uncertainty']).toBe('');
      expect(Number(row['fitted'])).toBe(regression.slope * point.x + regression.intercept);
      expect(Number(row['band95_low'])).toBe(low);
      expect(Number(row['band95_high'])).toBe(high);
    });
  });
});

describe('a photo left out of the fit, on the chart', () => {
  const data = trendChartData(regression, points, null, 'exx', 'small');

  it('is drawn apart from the fitted points, at its own travel and strain', () => {
    const left = analysis.images[2]!;
    if (!left.ok) throw new Error('the left-out image should have a strain');
    expect(data.leftOut).toEqual([{ x: 5, y: left.strain.strain[0][0] }]);
    expect(data.points.map((p) => p.x)).toEqual([0, 2.5, 7.5, 10]);
  });

  it('draws the line only across the travels the fit used', () => {
    expect(data.line.map((p) => p.x)).toEqual([0, 10]);
    const inner = trendChartData(
      regression,
      points.map((p) => (p.x === 10 ? { ...p, leftOut: 'slipped' } : p)),
      null,
      'exx',
      'small',
    );
    expect(inner.line.map((p) => p.x)).toEqual([0, 7.5]);
  });
});
