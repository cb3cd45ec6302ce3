// The autosave panel as a user meets it: the restore notice and its actions,
// the new-project dialog (which asks first and offers an export), the message
// when storage is full, and the other-tab warning with its take-over button.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROJECT_CHANNEL } from '../../src/io/tabLock';
import PersistencePanel from '../../src/ui/persistence/PersistencePanel.svelte';
import { FakeChannels, FakeLocks } from '../unit/io/fakeTabs';
import { MemoryStore, fakeVault, image, makePersistence, savedSession } from './persistence-fakes';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function setup(
  made = makePersistence({ delayMs: 20 }),
  exportOffer?: { label: string; run: () => string },
) {
  render(PersistencePanel, { project: made.project, persistence: made.persistence, exportOffer });
  cleanups.push(() => made.persistence.dispose());
  return { ...made, user: userEvent.setup() };
}

function restoredSetup() {
  const store = new MemoryStore();
  store.session = savedSession([image(0), image(1), image(2)], Date.now() - 2 * 60_000);
  return setup(makePersistence({ store, vault: fakeVault(['id-0', 'id-1', 'id-2']), delayMs: 20 }));
}

describe('restore notice', () => {
  it('says what came back and when it was saved', async () => {
    restoredSetup();
    expect(
      await screen.findByText(
        'Restored 3 photos and 21 points from your last session, saved 2 minutes ago.',
      ),
    ).toBeInTheDocument();
  });

  it('goes away on Dismiss and leaves the work in place', async () => {
    const { user, project } = restoredSetup();
    await user.click(await screen.findByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/^Restored /)).not.toBeInTheDocument();
    expect(project.doc.images).toHaveLength(3);
  });

  it('offers to start a new project instead, which asks first', async () => {
    const { user, project } = restoredSetup();
    await user.click(await screen.findByRole('button', { name: 'Start a new project' }));
    expect(screen.getByRole('dialog', { name: 'Start a new project?' })).toBeInTheDocument();
    expect(project.doc.images).toHaveLength(3);
  });

  it('says which photos did not come back, next to what did', async () => {
    const store = new MemoryStore();
    store.session = savedSession([image(0), image(1)], Date.now());
    setup(makePersistence({ store, vault: fakeVault(['id-0']) }));
    const notice = (await screen.findByText(/^Restored 1 photo and 14 points/)).parentElement!;
    expect(notice).toHaveTextContent(
      "1 image's photo is not in the browser's storage: its points are back",
    );
  });

  it('is not shown on a first visit', async () => {
    const { persistence } = setup();
    await vi.waitFor(() => expect(persistence.phase).toBe('ready'));
    expect(screen.queryByText(/^Restored /)).not.toBeInTheDocument();
  });
});

describe('new project dialog', () => {
  it('says what will be removed; Cancel keeps everything and returns focus', async () => {
    const { user, project, store } = restoredSetup();
    const button = await screen.findByRole('button', { name: 'New project' });
    await user.click(button);
    const dialog = screen.getByRole('dialog', { name: 'Start a new project?' });
    expect(dialog).toHaveTextContent('3 photos and 21 points');
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    expect(project.doc.images).toHaveLength(3);
    expect(store.session?.doc.images).toHaveLength(3);
  });

  it('offers an export first and says when it is done', async () => {
    const run = vi.fn(() => 'Saved my-project.strainseer.');
    const store = new MemoryStore();
    store.session = savedSession([image(0)], Date.now());
    const { user } = setup(makePersistence({ store, vault: fakeVault(['id-0']) }), {
      label: 'Export the project first',
      run,
    });
    await user.click(await screen.findByRole('button', { name: 'New project' }));
    await user.click(screen.getByRole('button', { name: 'Export the project first' }));
    expect(run).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('dialog')).toHaveTextContent('Saved my-project.strainseer.');
  });

  it('by default offers the raw_data.json export', async () => {
    const { user } = restoredSetup();
    await user.click(await screen.findByRole('button', { name: 'New project' }));
    expect(screen.getByRole('button', { name: 'Export raw_data.json first' })).toBeInTheDocument();
  });

  it('clears the project and its storage once confirmed', async () => {
    const { user, project, store, vault } = restoredSetup();
    await user.click(await screen.findByRole('button', { name: 'New project' }));
    await user.click(screen.getByRole('button', { name: 'Remove it and start new' }));
    await vi.waitFor(() => expect(store.session).toBeNull());
    expect(project.doc.images).toEqual([]);
    expect(vault.ids.size).toBe(0);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(screen.queryByText(/^Restored /)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New project' })).not.toBeInTheDocument();
  });
});

describe('save status', () => {
  it('tells the user next to the status when storage is full, and clears once a save works', async () => {
    const { user, project, store, persistence } = setup();
    await vi.waitFor(() => expect(persistence.phase).toBe('ready'));
    store.full = true;
    project.addImages([{ id: 'a', name: 'a.jpg', width: 10, height: 10, suggestedTravel: 0 }]);
    const alert = await screen.findByText(
      "Not saved: the browser's storage is full. Export a bundle or free space.",
    );
    expect(alert.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByText('Not saved.')).toBeInTheDocument();
    expect(project.doc.images).toHaveLength(1);
    store.full = false;
    await user.click(screen.getByRole('button', { name: 'Try saving again' }));
    await vi.waitFor(() => expect(screen.getByText(/^Saved at /)).toBeInTheDocument());
    expect(screen.queryByText(/storage is full/)).not.toBeInTheDocument();
  });

  it('shows the space used and whether the browser keeps it', async () => {
    const storage = {
      persisted: async () => false,
      persist: async () => true,
      estimate: async () => ({ usage: 38_200_000, quota: 2e9 }),
    };
    const { project, persistence } = setup(makePersistence({ storage, delayMs: 20 }));
    await vi.waitFor(() => expect(persistence.phase).toBe('ready'));
    project.addImages([{ id: 'a', name: 'a.jpg', width: 10, height: 10, suggestedTravel: 0 }]);
    expect(
      await screen.findByText('Uses 38.2 MB of this browser’s storage, kept until you clear it.'),
    ).toBeInTheDocument();
  });

  it('says when the last session could not be read, and does not overwrite it', async () => {
    const store = new MemoryStore();
    store.load.mockRejectedValueOnce(new Error('The database is damaged.'));
    const { project } = setup(makePersistence({ store, delayMs: 20 }));
    const problem = await screen.findByText(
      /^Your last session could not be read: The database is damaged\. Nothing is saved in this tab/,
    );
    expect(problem.closest('[role="alert"]')).not.toBeNull();
    expect(screen.getByText('Not saving in this tab.')).toBeInTheDocument();
    project.addImages([{ id: 'a', name: 'a.jpg', width: 10, height: 10, suggestedTravel: 0 }]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(store.save).not.toHaveBeenCalled();
  });

  it('says when autosave is not available', async () => {
    setup(makePersistence({ store: null }));
    expect(await screen.findByText(/Autosave is off/)).toBeInTheDocument();
  });
});

describe('another tab', () => {
  it('warns that editing here would overwrite the other tab, until the user takes over', async () => {
    const locks = new FakeLocks();
    const channels = new FakeChannels();
    const store = new MemoryStore();
    store.session = savedSession([image(0)], Date.now());
    const common = { locks, store, vault: fakeVault(['id-0']), delayMs: 20 };
    const first = makePersistence({ ...common, channel: channels.channel(PROJECT_CHANNEL) });
    cleanups.push(() => first.persistence.dispose());
    await first.persistence.start();
    const { user } = setup(
      makePersistence({ ...common, channel: channels.channel(PROJECT_CHANNEL) }),
    );
    const warning = await screen.findByText(
      'Strain Seer is open in another tab; editing here would overwrite it.',
    );
    expect(warning.closest('[role="alert"]')).toHaveTextContent(
      'Changes made in this tab are not saved.',
    );
    expect(await screen.findByText('Not saving in this tab.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'New project' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Use this tab instead' }));
    await vi.waitFor(() => expect(first.persistence.role).toBe('handed-over'));
    await vi.waitFor(() =>
      expect(screen.queryByText(/open in another tab/)).not.toBeInTheDocument(),
    );
    expect(screen.getByRole('button', { name: 'New project' })).toBeInTheDocument();
  });
});
