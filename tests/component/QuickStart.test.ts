// The quick-start guide: an ordered list that walks from camera to export.
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import QuickStart from '../../src/ui/help/QuickStart.svelte';

const STEPS = [
  /photograph each press step/i,
  /add the photos/i,
  /five dots.*two points on the ruler/i,
  /press travel.*scale length/i,
  /strain measure.*reference/i,
  /results.*export.*print a report/i,
];

describe('Quick start', () => {
  it('is an ordered list of the six steps, in workflow order', () => {
    render(QuickStart);
    const region = screen.getByRole('region', { name: 'Quick start' });
    const list = within(region).getByRole('list');
    expect(list.tagName).toBe('OL');
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(STEPS.length);
    items.forEach((item, i) => expect(item).toHaveTextContent(STEPS[i] ?? /never/));
  });

  it('asks for the dots and the ruler to be visible in every photo', () => {
    render(QuickStart);
    const first = screen.getAllByRole('listitem')[0];
    expect(first).toHaveTextContent(/dots/i);
    expect(first).toHaveTextContent(/ruler/i);
  });
});
