// The printed report names each photo the trend fits leave out and why, and the sequence
// list marks it in its row.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import { analyseSequence } from '../../src/core';
import { RemovalUndo } from '../../src/state/removalUndo.svelte';
import StatusTable from '../../src/ui/images/StatusTable.svelte';
import ReportTrends from '../../src/ui/report/ReportTrends.svelte';
import type { ReportContent } from '../../src/ui/report/reportContent';
import { markedImage, requestOf } from '../unit/io/fixtures';
import { pressProject } from './results-helpers';

describe('the report’s trends', () => {
  it('list the photos left out of the fits with the reason, and count only the kept ones', () => {
    const images = [0, 2.5, 5, 7.5].map((t, i) => markedImage(i, t));
    images[1] = { ...images[1]!, leftOut: { reason: 'out of focus' } };
    const analysis = analyseSequence(requestOf(images));
    render(ReportTrends, { content: { charts: [] } as unknown as ReportContent, analysis });
    const list = screen.getByRole('list', { name: /photos the fits leave out/i });
    expect(within(list).getByRole('listitem')).toHaveTextContent(
      'step-1.png, left out by choice: out of focus.',
    );
    const rows = within(screen.getByRole('table')).getAllByRole('row').slice(1);
    for (const row of rows) expect(within(row).getAllByRole('cell').at(-1)).toHaveTextContent('3');
  });
});

describe('the sequence list', () => {
  it('marks a photo left out of the fits in its row, with the reason for screen readers', async () => {
    const project = pressProject([0, 5, 10]);
    project.setLeftOut('img-1', 'grip slipped');
    render(StatusTable, { project, removals: new RemovalUndo(project) });
    const table = screen.getByRole('table', { name: 'Images in sequence order' });
    const row = await within(table).findByRole('row', { name: /step-5mm-1\.png/ });
    expect(within(row).getByText('Left out of fits')).toHaveTextContent(
      'Left out of fits: grip slipped',
    );
    expect(within(table).getAllByText('Left out of fits')).toHaveLength(1);
  });
});
