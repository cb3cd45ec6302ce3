// The keyboard shortcuts help: a button and "?" open a modal dialog listing the shortcuts;
// Escape and Close close it; "?" typed into a field is left alone.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { beforeEach, describe, expect, it } from 'vitest';
import ShortcutsHelp from '../../src/ui/annotate/ShortcutsHelp.svelte';
import { SHORTCUTS } from '../../src/ui/annotate/keys';
import { stubDialog } from './annotate-fixtures';

beforeEach(() => {
  stubDialog();
});

function dialog() {
  // A closed dialog is hidden, and so is the heading that names it: find it by role alone.
  return screen.getByRole('dialog', { hidden: true });
}

describe('ShortcutsHelp', () => {
  it('is closed at first, with a visible button to open it', () => {
    render(ShortcutsHelp);
    expect(screen.getByRole('button', { name: 'Keyboard shortcuts' })).toBeVisible();
    expect(dialog()).not.toHaveAttribute('open');
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('opens with "?" and lists the shortcuts under a heading', async () => {
    render(ShortcutsHelp);
    await fireEvent.keyDown(document.body, { key: '?' });
    const open = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(open).toHaveAttribute('open');
    expect(within(open).getByRole('heading', { name: 'Keyboard shortcuts' })).toBeInTheDocument();
    const items = within(open).getAllByRole('listitem');
    expect(items).toHaveLength(SHORTCUTS.length);
    expect(within(open).getByText('Undo')).toBeInTheDocument();
    expect(within(open).getByText(/Nudge the selected point/)).toBeInTheDocument();
  });

  it('closes with Escape and with the Close button', async () => {
    render(ShortcutsHelp);
    await fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    expect(dialog()).toHaveAttribute('open');
    await fireEvent.keyDown(dialog(), { key: 'Escape' });
    expect(dialog()).not.toHaveAttribute('open');

    await fireEvent.keyDown(document.body, { key: '?' });
    expect(dialog()).toHaveAttribute('open');
    await fireEvent.click(within(dialog()).getByRole('button', { name: 'Close' }));
    expect(dialog()).not.toHaveAttribute('open');
  });

  it('leaves "?" alone while typing in a text field', async () => {
    render(ShortcutsHelp);
    const field = document.createElement('input');
    document.body.append(field);
    await fireEvent.keyDown(field, { key: '?' });
    expect(dialog()).not.toHaveAttribute('open');
    field.remove();
  });
});
