// The analysis's list of what is still to do, in a project too large to list one photo per
// entry: the images are grouped by what they miss, each group names its first images as
// buttons that open them, and the next ones come a button (or a key) away.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import ResultsPanel from '../../src/ui/results/ResultsPanel.svelte';
import { ONE_BY_ONE_UP_TO } from '../../src/ui/results/readinessEntries';
import { inProcessEngine, pressProject } from './results-helpers';

/** 40 photos: 2 complete, 18 marked without a travel, 20 with nothing done. */
const project = () =>
  pressProject(
    Array.from({ length: 40 }, (_, i) => (i < 2 ? i : null)),
    20,
  );

function renderPanel() {
  const onshowimage = vi.fn();
  render(ResultsPanel, { project: project(), engine: inProcessEngine(), onshowimage });
  const list = screen.getByRole('status', { name: 'The analysis cannot run yet:' });
  return { onshowimage, list };
}

describe('the still-to-do list of a large project', () => {
  it('counts the images by what they miss and names the first few of each', () => {
    const { list } = renderPanel();
    const items = within(list).getAllByRole('listitem');
    expect(items.map((item) => item.textContent?.split(':')[0]?.trim())).toEqual([
      'The analysis needs at least 3 complete images; 2 are complete.',
      '20 images need fiducials placed',
      '20 images need scale points placed',
      '38 images have no press travel',
    ]);
    const travel = items[3]!;
    expect(
      within(travel)
        .getAllByRole('button', { name: /^Image / })
        .map((button) => button.textContent),
    ).toEqual([3, 4, 5, 6, 7].map((n) => `Image ${n} (step-xmm-${n - 1}.png)`));
    // Far fewer buttons than photos with work left.
    expect(within(list).getAllByRole('button').length).toBeLessThan(ONE_BY_ONE_UP_TO * 2);
  });

  it('opens an image from its group, and shows the next ones from the keyboard', async () => {
    const user = userEvent.setup();
    const { list, onshowimage } = renderPanel();
    const travel = within(list).getAllByRole('listitem')[3]!;
    await user.click(within(travel).getByRole('button', { name: 'Image 4 (step-xmm-3.png)' }));
    expect(onshowimage).toHaveBeenLastCalledWith('img-3');

    const more = within(travel).getByRole('button', {
      name: 'Show 5 more: 38 images have no press travel',
    });
    more.focus();
    await user.keyboard('{Enter}');
    const named = within(travel).getAllByRole('button', { name: /^Image / });
    expect(named).toHaveLength(10);
    named[9]!.focus();
    await user.keyboard('{Enter}');
    expect(onshowimage).toHaveBeenLastCalledWith('img-11');
  });

  it('lists a few images one entry each, as before', () => {
    const onshowimage = vi.fn();
    render(ResultsPanel, {
      project: pressProject([0, 1, null, null]),
      engine: inProcessEngine(),
      onshowimage,
    });
    const list = screen.getByRole('status', { name: 'The analysis cannot run yet:' });
    expect(
      within(list).getByRole('button', {
        name: 'Image 3 (step-xmm-2.png): enter the press travel.',
      }),
    ).toBeTruthy();
  });
});
