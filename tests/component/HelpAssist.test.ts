// The help on machine-assisted marking, where a user looks for it: the quick start's marking
// step, the tips, and the scale-points topic (carry-over and the ruler check).
import { render, screen, within } from '@testing-library/svelte';
import { describe, expect, it } from 'vitest';
import HelpContent from '../../src/ui/help/HelpContent.svelte';

describe('Help on assisted marking', () => {
  it('tells in the quick start how a click snaps and how to mark a sequence in a few clicks', () => {
    render(HelpContent);
    const steps = within(screen.getByRole('region', { name: 'Quick start' })).getAllByRole(
      'listitem',
    );
    const marking = steps[2]!;
    expect(marking).toHaveTextContent(/snaps to the dot's centre; Alt\+click places exactly/);
    expect(marking).toHaveTextContent(/Detect dots on the first photo, click S1 and S2/);
    expect(marking).toHaveTextContent(/Mark the whole sequence/);
  });

  it('gives tips on the snap precision, Alt+click and checking what was marked', () => {
    render(HelpContent);
    const tips = within(screen.getByRole('region', { name: /tips/i }))
      .getAllByRole('listitem')
      .map((tip) => tip.textContent ?? '')
      .join('\n');
    expect(tips).toMatch(/point table shows how precisely .*±0\.02 px; dot good/);
    expect(tips).toMatch(/Alt\+click places the point exactly/);
    expect(tips).toMatch(/leave out any point they are unsure of and\s+say which/);
  });

  it('explains that scale points are carried over, ambiguous ticks named, and the ruler check', () => {
    render(HelpContent);
    const region = screen.getByRole('region', { name: /scale points/i });
    expect(region).toHaveTextContent(/Scale points do not snap/);
    expect(region).toHaveTextContent(/Click them once, on the first photo/);
    expect(region).toHaveTextContent(/neighbouring tick is not placed but named/);
    expect(region).toHaveTextContent(/a ruler does not stretch/);
    expect(region).toHaveTextContent(/ruler check .* disagree by more than 2 %/i);
  });
});
