// The status table through what a user sees and does: a row per image with its
// status in words, marker counts and press travel; rows open, move and are
// removed (undoably), and a typed travel is checked before it is stored.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import { describe, expect, it, vi } from 'vitest';
import type { Vec2 } from '../../src/core';
import { ProjectState } from '../../src/state/project.svelte';
import { RemovalUndo } from '../../src/state/removalUndo.svelte';
import StatusTable from '../../src/ui/images/StatusTable.svelte';

const FIVE: Vec2[] = [
  [10, 10],
  [90, 10],
  [90, 90],
  [10, 90],
  [50, 50],
];

function place(project: ProjectState, id: string, fiducials: number, scale: number) {
  FIVE.slice(0, fiducials).forEach((point) => project.placeNext(id, point));
  if (fiducials === 5) {
    for (let i = 0; i < scale; i++) project.placeNext(id, [5 + i * 20, 95]);
  }
}

/** Four images, one in each status. */
function sampleProject() {
  const project = new ProjectState();
  project.addImages([
    { id: 'a', name: 'a-00mm.png', width: 100, height: 100, suggestedTravel: 0 },
    { id: 'b', name: 'b.png', width: 100, height: 100, suggestedTravel: null },
    { id: 'c', name: 'c.png', width: 100, height: 100, suggestedTravel: null },
    { id: 'd', name: 'd-2mm.png', width: 100, height: 100, suggestedTravel: 2 },
  ]);
  place(project, 'b', 3, 0); // incomplete
  place(project, 'c', 5, 2); // all points, no travel
  place(project, 'd', 5, 2); // complete
  project.thumbnails = { a: 'blob:a', b: 'blob:b', c: 'blob:c', d: 'blob:d' };
  project.selectedId = 'a';
  return project;
}

function setup(project = sampleProject()) {
  render(StatusTable, { project, removals: new RemovalUndo(project) });
  return { project, user: userEvent.setup() };
}

const nameButton = (name: string) => screen.getByRole('button', { name: `Open ${name}` });
const rowOf = (name: string) => nameButton(name).closest('tr') as HTMLElement;
const cells = (name: string) => within(rowOf(name)).getAllByRole('cell');
const travelBox = (name: string) =>
  screen.getByRole('textbox', { name: `Press travel for ${name} (mm)` });
const orderShown = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell')[0]?.textContent);
const namesShown = () =>
  screen
    .getAllByRole('button', { name: /^Open / })
    .map((button) => button.textContent?.replace(/^Open\s*/, ''));

describe('StatusTable', () => {
  it('shows a hint instead of an empty table', () => {
    setup(new ProjectState());
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    expect(screen.getByText(/No photos yet/)).toBeInTheDocument();
  });

  it('lists each image with order, thumbnail, status in words and marker counts', () => {
    setup();
    const table = screen.getByRole('table', { name: 'Images in sequence order' });
    const headers = within(table)
      .getAllByRole('columnheader')
      .map((header) => header.textContent?.trim());
    expect(headers).toEqual([
      'Order',
      'Thumbnail',
      'Name',
      'Status',
      'Fiducials',
      'Scale points',
      'Press travel (mm)',
      'Actions',
    ]);
    expect(namesShown()).toEqual(['a-00mm.png', 'b.png', 'c.png', 'd-2mm.png']);
    expect(orderShown()).toEqual(['1', '2', '3', '4']);

    const expected = [
      ['a-00mm.png', 'Missing', '0/5', '0/2'],
      ['b.png', 'Incomplete', '3/5', '0/2'],
      ['c.png', 'Missing Distance', '5/5', '2/2'],
      ['d-2mm.png', 'Complete', '5/5', '2/2'],
    ] as const;
    for (const [name, status, fiducials, scale] of expected) {
      const [, thumb, statusCell, fiducialCell, scaleCell] = cells(name);
      expect(within(thumb as HTMLElement).getByRole('img', { name })).toHaveAttribute('src');
      expect(statusCell).toHaveTextContent(status);
      expect(fiducialCell).toHaveTextContent(fiducials);
      expect(scaleCell).toHaveTextContent(scale);
    }
  });

  it('says a travel the opened file gave comes from the file, not from the file name', () => {
    const project = sampleProject();
    // As opening a raw_data.json leaves it: d-2mm.png's travel of 2 came from the file.
    project.travelsRead = { 'd-2mm.png': 2, 'a-00mm.png': 5 };
    setup(project);
    const note = (name: string) =>
      document.getElementById(travelBox(name).getAttribute('aria-describedby')!.split(' ')[1]!);
    expect(note('d-2mm.png')).toHaveTextContent('from the opened file');
    expect(note('d-2mm.png')).not.toHaveTextContent('file name');
    // a-00mm.png's travel is the file name's (0), not what the file said (5).
    expect(note('a-00mm.png')).toHaveTextContent('from file name');
  });

  it('follows the project: a status changes when a point is placed elsewhere', () => {
    const { project } = setup();
    project.placeNext('a', [1, 1]);
    flushSync();
    expect(cells('a-00mm.png')[2]).toHaveTextContent('Incomplete');
    expect(cells('a-00mm.png')[3]).toHaveTextContent('1/5');
  });

  it('opens an image by its name button or a click on its row, and marks the open row', async () => {
    const { project, user } = setup();
    expect(rowOf('a-00mm.png')).toHaveAttribute('aria-current', 'true');

    await user.click(nameButton('c.png'));
    expect(project.selectedId).toBe('c');
    expect(rowOf('c.png')).toHaveAttribute('aria-current', 'true');
    expect(rowOf('a-00mm.png')).not.toHaveAttribute('aria-current');

    await user.click(cells('b.png')[4] as HTMLElement);
    expect(project.selectedId).toBe('b');
    expect(rowOf('b.png')).toHaveAttribute('aria-current', 'true');
  });

  it('moves between rows with the arrow keys and opens with Enter or Space', async () => {
    const { project, user } = setup();
    nameButton('a-00mm.png').focus();
    await user.keyboard('{ArrowDown}');
    expect(nameButton('b.png')).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowDown}');
    expect(nameButton('d-2mm.png')).toHaveFocus();
    await user.keyboard('{Enter}');
    expect(project.selectedId).toBe('d');
    await user.keyboard('{ArrowUp}');
    expect(nameButton('c.png')).toHaveFocus();
    await user.keyboard(' ');
    expect(project.selectedId).toBe('c');
    await user.keyboard('{Home}');
    expect(nameButton('a-00mm.png')).toHaveFocus();
  });

  it('moves an image up and down in the sequence', async () => {
    const { project, user } = setup();
    expect(screen.getByRole('button', { name: 'Move a-00mm.png up' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Move d-2mm.png down' })).toBeDisabled();

    await user.click(screen.getByRole('button', { name: 'Move c.png up' }));
    expect(namesShown()).toEqual(['a-00mm.png', 'c.png', 'b.png', 'd-2mm.png']);
    expect(project.doc.images.map((image) => image.id)).toEqual(['a', 'c', 'b', 'd']);
    expect(cells('c.png')[0]).toHaveTextContent('2');
    expect(screen.getByRole('button', { name: 'Move c.png up' })).toHaveFocus();

    await user.click(screen.getByRole('button', { name: 'Move a-00mm.png down' }));
    expect(namesShown()).toEqual(['c.png', 'a-00mm.png', 'b.png', 'd-2mm.png']);
  });

  it('removes an image and offers to undo it', async () => {
    const { project, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Remove b.png' }));
    expect(namesShown()).toEqual(['a-00mm.png', 'c.png', 'd-2mm.png']);
    expect(screen.getByRole('status')).toHaveTextContent('Removed b.png.');
    const undo = screen.getByRole('button', { name: 'Undo removing b.png' });
    expect(undo).toHaveFocus();

    await user.click(undo);
    expect(namesShown()).toEqual(['a-00mm.png', 'b.png', 'c.png', 'd-2mm.png']);
    expect(project.image('b')?.fiducials.filter(Boolean)).toHaveLength(3);
    expect(screen.getByRole('status')).toBeEmptyDOMElement();
    expect(nameButton('b.png')).toHaveFocus();
  });

  it('withdraws the undo offer once something else has changed', async () => {
    const { project, user } = setup();
    await user.click(screen.getByRole('button', { name: 'Remove b.png' }));
    await user.click(screen.getByRole('button', { name: 'Move d-2mm.png up' }));
    expect(screen.queryByRole('button', { name: /^Undo removing/ })).not.toBeInTheDocument();
    expect(project.doc.images.map((image) => image.id)).toEqual(['a', 'd', 'c']);
  });

  it('removing the last image leaves the hint and the undo offer', async () => {
    const project = new ProjectState();
    project.addImages([{ id: 'x', name: 'x.png', width: 1, height: 1, suggestedTravel: null }]);
    const { user } = setup(project);
    await user.click(screen.getByRole('button', { name: 'Remove x.png' }));
    expect(screen.getByText(/No photos yet/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Undo removing x.png' }));
    expect(namesShown()).toEqual(['x.png']);
  });

  it('stores a valid press travel as a number, and empty as not entered', async () => {
    const { project, user } = setup();
    const box = travelBox('c.png');
    await user.type(box, '2.5');
    expect(project.image('c')?.pressTravel).toBe(2.5);
    expect(cells('c.png')[2]).toHaveTextContent('Complete');
    await user.clear(box);
    expect(project.image('c')?.pressTravel).toBeNull();
    expect(cells('c.png')[2]).toHaveTextContent('Missing Distance');
  });

  it('keeps the text as typed while it means the stored value', async () => {
    const { project, user } = setup();
    const box = travelBox('c.png') as HTMLInputElement;
    await user.type(box, '05');
    expect(project.image('c')?.pressTravel).toBe(5);
    expect(box.value).toBe('05');
  });

  it('refuses a negative travel with a message, keeping what was typed', async () => {
    const { project, user } = setup();
    const box = travelBox('d-2mm.png');
    expect(box).toHaveValue('2');
    await user.clear(box);
    await user.type(box, '-3');
    expect(box).toHaveValue('-3');
    expect(box).toHaveAccessibleDescription(/cannot be negative/);
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(project.image('d')?.pressTravel).not.toBe(-3);

    await user.clear(box);
    await user.type(box, '7');
    expect(project.image('d')?.pressTravel).toBe(7);
    expect(box).not.toHaveAttribute('aria-invalid');
    expect(box).not.toHaveAccessibleDescription(/cannot be negative/);
  });

  it('refuses text that is not a number, keeping the stored value', async () => {
    const { project } = setup();
    const box = travelBox('d-2mm.png') as HTMLInputElement;
    // A text box (it takes units too): "abc" stays in it, with a message.
    await fireEvent.input(box, { target: { value: 'abc' } });
    expect(box).toHaveAccessibleDescription(/Enter a number/);
    expect(box).toHaveAttribute('aria-invalid', 'true');
    expect(project.image('d')?.pressTravel).toBe(2);
  });

  it('notes a travel read from the file name and offers it back after an edit', async () => {
    const { project, user } = setup();
    const box = travelBox('d-2mm.png');
    expect(box).toHaveAccessibleDescription(/from file name/);
    await user.clear(box);
    await user.type(box, '4');
    expect(box).not.toHaveAccessibleDescription(/from file name/);
    await user.click(
      screen.getByRole('button', { name: 'Use 2 mm from the file name for d-2mm.png' }),
    );
    expect(project.image('d')?.pressTravel).toBe(2);
    expect(box).toHaveValue('2');
  });

  it('undoes one typing session in one step, and the box follows', async () => {
    const { project, user } = setup();
    const box = travelBox('c.png');
    await user.type(box, '3.25');
    await user.tab();
    expect(project.image('c')?.pressTravel).toBe(3.25);
    project.undo();
    flushSync();
    expect(box).toHaveValue('');
    expect(project.image('c')?.pressTravel).toBeNull();
    project.redo();
    flushSync();
    expect(box).toHaveValue('3.25');
  });

  it('builds a long sequence a chunk of rows at a time, first rows first, then all of them', async () => {
    const project = new ProjectState();
    project.addImages(
      Array.from({ length: 200 }, (_, i) => ({
        id: `p${i}`,
        name: `step-${i + 1}mm.jpg`,
        width: 10,
        height: 10,
        suggestedTravel: i + 1,
      })),
    );
    const { container } = render(StatusTable, { project, removals: new RemovalUndo(project) });
    const rows = () => container.querySelectorAll('tbody tr').length;
    expect(rows()).toBeGreaterThan(0);
    expect(rows()).toBeLessThan(200);
    expect(namesShown()[0]).toBe('step-1mm.jpg');
    // (plain selectors here: role queries over hundreds of rows are very slow in jsdom)
    await vi.waitFor(() => expect(rows()).toBe(200), { timeout: 10_000 });
    const last = container.querySelector('tbody tr:last-child');
    expect(last?.querySelector('[data-name-button]')).toHaveTextContent('step-200mm.jpg');
    expect(last?.querySelector('td')).toHaveTextContent('200');
  });
});
