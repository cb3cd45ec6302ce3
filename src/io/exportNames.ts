// The export files' names, kept apart from the builders so the buttons can show
// them without loading the CSV code (it loads on the first export).
import type { StrainComponent } from '../core/index';

export const EXPORT_FILE_NAMES = {
  rawJson: 'raw_data.json',
  rawCsv: 'raw_data.csv',
  resultsJson: 'analysis_results.json',
  resultsCsv: 'analysis_results.csv',
} as const;

/** The original's name for each trend, in the original's order. */
export const TREND_KEYS: Readonly<Record<StrainComponent, 'x_axis' | 'y_axis' | 'shear'>> = {
  xx: 'x_axis',
  yy: 'y_axis',
  xy: 'shear',
};

export function chartFileName(component: StrainComponent): string {
  return `strain_${component}.png`;
}

/** The CSV of what a chart plots. */
export function seriesFileName(component: StrainComponent): string {
  return `strain_${component}_series.csv`;
}
