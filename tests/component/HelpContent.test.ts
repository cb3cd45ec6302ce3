// The help content as a whole: every topic present, movable into a panel, and the science stated right.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import HelpContent from '../../src/ui/help/HelpContent.svelte';

const TOPICS = [
  /five dots and a ruler/i,
  /quick start/i,
  /marker order/i,
  /scale points/i,
  /axes/i,
  /strain is worked out/i,
  /strain measure/i,
  /tips/i,
];

describe('Help content', () => {
  it('has one region per topic, in reading order', () => {
    render(HelpContent);
    const names = screen.getAllByRole('region').map((r) => r.getAttribute('aria-labelledby'));
    const headings = screen.getAllByRole('heading', { level: 2 });
    expect(headings).toHaveLength(TOPICS.length);
    headings.forEach((h, i) => expect(h).toHaveTextContent(TOPICS[i] ?? /never/));
    expect(names.every((id) => id && document.getElementById(id))).toBe(true);
  });

  it('moves every topic heading down a level when placed inside a panel', () => {
    render(HelpContent, { props: { headingLevel: 3 } });
    expect(screen.queryAllByRole('heading', { level: 2 })).toHaveLength(0);
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(TOPICS.length);
  });

  it('explains the fit of F from the four centre-to-corner vectors and its residual', () => {
    render(HelpContent);
    const region = screen.getByRole('region', { name: /strain is worked out/i });
    expect(region).toHaveTextContent(/deformation gradient/i);
    expect(region).toHaveTextContent(/centre dot 4 to each corner dot 0 to 3/i);
    expect(region).toHaveTextContent(/least-squares/i);
    expect(region).toHaveTextContent(/residual/i);
  });

  it('names the four strain measures and recommends Hencky for large plastic strain', () => {
    render(HelpContent);
    const region = screen.getByRole('region', { name: /strain measure/i });
    const terms = within(region)
      .getAllByRole('term')
      .map((t) => t.textContent ?? '');
    expect(terms).toHaveLength(4);
    expect(terms[0]).toMatch(/small/i);
    expect(terms[1]).toMatch(/green-lagrange/i);
    expect(terms[2]).toMatch(/euler-almansi/i);
    expect(terms[3]).toMatch(/hencky/i);
    const hencky = within(region).getByText(/large plastic strain/i);
    expect(hencky.closest('div')).toHaveTextContent(/hencky/i);
  });

  it('keeps the comparison table folded until asked for', async () => {
    const user = userEvent.setup();
    render(HelpContent);
    const table = screen.getByRole('table', { hidden: true });
    expect(table).not.toBeVisible();
    await user.click(screen.getByText(/same deformation in four measures/i));
    expect(table).toBeVisible();
    const hencky = within(table).getByRole('row', { name: /hencky/i });
    expect(hencky).toHaveTextContent('0.182');
  });

  it('says why each photo needs its own scale points', () => {
    render(HelpContent);
    const region = screen.getByRole('region', { name: /scale points/i });
    expect(region).toHaveTextContent(/camera moves/i);
    expect(region).toHaveTextContent(/one scale length/i);
  });

  it('gives the tips, including the residual check and volume constancy', () => {
    render(HelpContent);
    const tips = within(screen.getByRole('region', { name: /tips/i })).getAllByRole('listitem');
    const text = tips.map((t) => t.textContent ?? '').join('\n');
    for (const tip of [
      /light/i,
      /camera square/i,
      /small, round and dark/i,
      /ruler in the specimen's plane/i,
      /first photo at zero travel/i,
      /residual/i,
      /volume stays constant/i,
    ]) {
      expect(text).toMatch(tip);
    }
  });
});
