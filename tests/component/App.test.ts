// The app shell as a user and a screen reader meet it: landmarks, one h1, heading order, skip link.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import App from '../../src/App.svelte';

describe('App shell', () => {
  it('has banner, main and contentinfo landmarks', () => {
    render(App);
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('contentinfo')).toBeInTheDocument();
  });

  it('has exactly one h1, the app name, inside the banner', () => {
    render(App);
    const h1s = screen.getAllByRole('heading', { level: 1 });
    expect(h1s).toHaveLength(1);
    expect(h1s[0]).toHaveTextContent('Strain Seer');
    expect(screen.getByRole('banner')).toContainElement(h1s[0] ?? null);
  });

  it('never skips a heading level, the help that opens over the workspace included', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByRole('button', { name: 'Help' }));
    const help = screen.getByRole('dialog', { name: 'How Strain Seer works' });
    // The guide arrives as its own chunk; its last part is the strain-measure explorer.
    // (a generous wait: the test runner compiles the chunk's components on first import)
    await within(help).findByRole(
      'heading',
      { name: /compare the strain measures/i },
      { timeout: 15_000 },
    );
    const levels = screen
      .getAllByRole('heading')
      .map((h) => Number(/^H(\d)$/.exec(h.tagName)?.[1] ?? h.getAttribute('aria-level')));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) {
      expect(levels[i], `heading ${i} jumps from h${levels[i - 1]}`).toBeLessThanOrEqual(
        (levels[i - 1] ?? 1) + 1,
      );
    }
    expect(levels.length).toBeGreaterThan(4);
  }, 20_000);

  it('opens the help as a dialog, and its Close button closes it', async () => {
    const user = userEvent.setup();
    render(App);
    const button = screen.getByRole('button', { name: 'Help' });
    await user.click(button);
    const help = screen.getByRole('dialog', { name: 'How Strain Seer works' });
    expect(help).toHaveAttribute('open');
    await user.click(within(help).getByRole('button', { name: 'Close' }));
    expect(help).not.toHaveAttribute('open');
  });

  it('shows the marking view in front, and the results behind their tab', async () => {
    const user = userEvent.setup();
    render(App);
    const views = screen.getByRole('tablist', { name: 'Views' });
    const mark = within(views).getByRole('tab', { name: 'Mark photos' });
    const results = within(views).getByRole('tab', { name: 'Results' });
    expect(mark).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Mark photos' })).toBeVisible();
    await user.click(results);
    expect(results).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('tabpanel', { name: 'Results' })).toBeVisible();
    expect(screen.queryByRole('tabpanel', { name: 'Mark photos' })).toBeNull();
    // The arrow keys move along the tabs and show the one reached.
    await user.keyboard('{ArrowLeft}');
    expect(mark).toHaveFocus();
    expect(mark).toHaveAttribute('aria-selected', 'true');
  });

  it('is a drop target that explains itself before any photo is added', () => {
    render(App);
    const main = screen.getByRole('main');
    expect(main).toHaveTextContent(/start with the photos of your test/i);
    expect(within(main).getByLabelText('Add photos')).toBeInTheDocument();
    expect(within(main).getByRole('button', { name: 'Read the guide' })).toBeInTheDocument();
  });

  it('shows a one-line tagline under the title', () => {
    render(App);
    expect(screen.getByRole('banner')).toHaveTextContent(/measure 2D strain from photos/i);
  });

  it('offers a skip link to the photo as the first tab stop, leading to main content while no photo is open', async () => {
    const user = userEvent.setup();
    render(App);
    const skip = screen.getByRole('link', { name: /skip to the photo/i });
    await user.tab();
    expect(skip).toHaveFocus();

    expect(skip).toHaveAttribute('href', '#main');
    await user.keyboard('{Enter}');
    // Focusable from script, so following the link moves keyboard focus, not only the scroll.
    expect(screen.getByRole('main')).toHaveFocus();
  });

  it('takes the skip link straight onto the photo stage once a photo is open', async () => {
    const user = userEvent.setup();
    render(App);
    const stage = document.createElement('canvas');
    stage.id = 'photo-stage';
    stage.tabIndex = 0;
    screen.getByRole('main').append(stage);
    await user.tab();
    await user.keyboard('{Enter}');
    expect(stage).toHaveFocus();
  });

  it('promises in the footer that nothing is uploaded', () => {
    render(App);
    const footer = screen.getByRole('contentinfo');
    expect(footer).toHaveTextContent(/stay on this device/i);
    expect(footer).toHaveTextContent(/nothing is uploaded/i);
  });
});
