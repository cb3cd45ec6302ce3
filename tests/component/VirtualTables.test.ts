// Long tables draw only the rows in view (jsdom has no layout, so "in view" is the first
// screenful), and stay tables to assistive technology: the table says how many rows it has
// (aria-rowcount), each drawn row its place (aria-rowindex), and the keyboard reaches every
// row, drawn or not. Short tables draw every row, as before.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { ProjectState } from '../../src/state/project.svelte';
import { RemovalUndo } from '../../src/state/removalUndo.svelte';
import StatusTable from '../../src/ui/images/StatusTable.svelte';
import ResultsTable from '../../src/ui/results/ResultsTable.svelte';
import { analyseSequence } from '../../src/core';
import type { ImageMarks, Vec2 } from '../../src/core';
import { markerSquare } from '../support/markers';

const nameOf = (i: number) => `photo-${String(i).padStart(4, '0')}.png`;

function projectOf(count: number): ProjectState {
  const project = new ProjectState();
  project.addImages(
    Array.from({ length: count }, (_, i) => ({
      id: `p${i}`,
      name: nameOf(i),
      width: 100,
      height: 100,
      suggestedTravel: i,
    })),
  );
  return project;
}

function statusTable(count: number) {
  const project = projectOf(count);
  render(StatusTable, { project, removals: new RemovalUndo(project) });
  return { project, table: screen.getByRole('table', { name: 'Images in sequence order' }) };
}

const bodyRows = (table: HTMLElement) => within(table).getAllByRole('row').slice(1);

describe('the status table of a long sequence', () => {
  it('draws only the first rows, says how many there are and where each drawn one is', () => {
    const { table } = statusTable(1000);
    expect(table.getAttribute('aria-rowcount')).toBe('1001');
    const rows = bodyRows(table);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');
    expect(rows[1]?.getAttribute('aria-rowindex')).toBe('3');
    expect(within(rows[0]!).getByRole('button', { name: `Open ${nameOf(0)}` })).toBeTruthy();
  });

  it('reaches the last row with End and the first again with Home, drawing each', async () => {
    const { table } = statusTable(1000);
    const user = userEvent.setup();
    screen.getByRole('button', { name: `Open ${nameOf(0)}` }).focus();
    await user.keyboard('{End}');
    const last = screen.getByRole('button', { name: `Open ${nameOf(999)}` });
    expect(document.activeElement).toBe(last);
    expect(last.closest('tr')?.getAttribute('aria-rowindex')).toBe('1001');
    await user.keyboard('{ArrowUp}');
    expect(document.activeElement).toBe(
      screen.getByRole('button', { name: `Open ${nameOf(998)}` }),
    );
    await user.keyboard('{Home}');
    expect(document.activeElement).toBe(screen.getByRole('button', { name: `Open ${nameOf(0)}` }));
    expect(bodyRows(table).length).toBeLessThan(60);
  });

  it('follows an edit of a drawn row, and a removal shifts the rows after it', async () => {
    const { project, table } = statusTable(500);
    project.setPressTravel('p1', 42);
    project.removeImage('p0');
    flushSync();
    expect(table.getAttribute('aria-rowcount')).toBe('500');
    const first = bodyRows(table)[0]!;
    expect(within(first).getByRole('button', { name: `Open ${nameOf(1)}` })).toBeTruthy();
    expect((within(first).getByLabelText(/Press travel/) as HTMLInputElement).value).toBe('42');
  });

  it('draws every row of a short sequence, without row counts', () => {
    const { table } = statusTable(12);
    expect(table.getAttribute('aria-rowcount')).toBeNull();
    expect(bodyRows(table)).toHaveLength(12);
  });
});

describe('the strain table of a long sequence', () => {
  /** The strain table of `count` photos of a specimen stretched a little more in each. */
  function analysed(count: number) {
    const images: ImageMarks[] = Array.from({ length: count }, (_, i) => ({
      name: `step-${i}.png`,
      fiducials: markerSquare(20).map(([x, y]): Vec2 => [300 + x * (10 + i * 1e-3), 300 + y * 10]),
      scalePoints: [
        [100, 700],
        [400, 700],
      ],
      pressTravel: i * 0.01,
    }));
    const analysis = analyseSequence({
      images,
      scaleLength: 30,
      measure: 'small',
      reference: { kind: 'total', referenceIndex: 0 },
    });
    render(ResultsTable, { analysis, measureLabel: 'Small' });
    return screen.getByRole('table', { name: /^Strain per image/ });
  }

  it("draws only the rows in view, with the row count and each drawn row's place", async () => {
    const table = analysed(400);
    expect(table.getAttribute('aria-rowcount')).toBe('401');
    const rows = bodyRows(table);
    expect(rows.length).toBeLessThan(60);
    expect(rows[0]?.getAttribute('aria-rowindex')).toBe('2');
    expect(within(rows[0]!).getByRole('rowheader').textContent).toMatch(/step-0\.png/);
  });

  it('scrolls a far row into the drawn ones', async () => {
    const table = analysed(400);
    const area = screen.getByRole('region', { name: /^Strain per image/ });
    area.scrollTop = 300 * 40;
    area.dispatchEvent(new Event('scroll'));
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await Promise.resolve();
    const places = bodyRows(table).map((row) => Number(row.getAttribute('aria-rowindex')));
    expect(places).toContain(302);
    expect(places.length).toBeLessThan(60);
  });
});
