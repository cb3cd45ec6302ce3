// Opening and saving as a state machine: progress that reaches the page after its open has
// finished (it travels on a channel of its own) changes nothing, so the menu ends idle with
// Open… and both saves enabled; a bundle waiting for the user's word is dropped in the worker
// when the user says no, and kept only when the user says yes.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { createBundle } from '../../src/io/bundle';
import { parseProjectFile } from '../../src/io/projectFile';
import { ProjectState } from '../../src/state/project.svelte';
import { ProjectFileFlow } from '../../src/state/projectFileFlow.svelte';
import ProjectMenu from '../../src/ui/project/ProjectMenu.svelte';
import demoProject from '../fixtures/projects/v1-press-demo.strainseer.json?raw';
import { fakeEngine } from './project-fakes';

const REFUSED = 'The file could not be decoded as an image.';

/** A bundle of the demo project whose three photo entries are text, not images. */
async function textPhotoBundle(): Promise<File> {
  const parsed = parseProjectFile(demoProject);
  if (!parsed.ok) throw new Error('fixture');
  // Bytes of this realm: the bundle writer tells them from Blobs with instanceof.
  const text = (name: string) => Uint8Array.from(`text ${name}`, (char) => char.charCodeAt(0));
  const photos = new Map(parsed.document.images.map((image) => [image.name, text(image.name)]));
  const created = await createBundle(parsed.document, photos);
  if (!created.ok) throw new Error('bundle');
  return new File([created.blob], 'text-photos.strainseer');
}

/**
 * The worker as it behaves: every photo refused, and each "checking photo n of 3" message
 * delivered after the answer, the last one well after.
 */
function lateEngine() {
  const engine = fakeEngine();
  const read = engine.readBundleFile.getMockImplementation()!;
  engine.readBundleFile.mockImplementation(async (file, onProgress) => {
    const answer = await read(file);
    if (!answer.ok) return answer;
    const total = answer.outcomes.length;
    for (let done = 1; done <= total; done++) {
      setTimeout(() => onProgress?.({ done, total }), 10 * done);
    }
    const outcomes = answer.outcomes.map(({ name }) => ({
      ok: false as const,
      name,
      message: REFUSED,
    }));
    return { ...answer, outcomes };
  });
  return engine;
}

/** A project of one photo, never saved to a file: opening another asks first. */
function projectWithUnsavedWork(): ProjectState {
  const project = new ProjectState();
  project.addImages([{ id: 'mine', name: 'mine.png', width: 10, height: 10, suggestedTravel: 1 }]);
  project.thumbnails.mine = 'blob:mine';
  return project;
}

function setup(project: ProjectState, engine = lateEngine()) {
  render(ProjectMenu, { project, files: new ProjectFileFlow(project, engine) });
  return { engine, user: userEvent.setup({ applyAccept: false }) };
}

/** The menu is idle: nothing in progress, Open… and (with images) both saves enabled. */
async function expectIdle() {
  // Past every late progress message.
  await new Promise((resolve) => setTimeout(resolve, 80));
  const group = screen.getByRole('group', { name: 'Project file' });
  expect(within(group).getByRole('button', { name: 'Save project file' })).toBeEnabled();
  expect(within(group).getByRole('button', { name: 'Save bundle with photos' })).toBeEnabled();
  expect(screen.getByLabelText('Open…')).toBeEnabled();
  expect(screen.queryByText(/Opening|Reading|checking photo/)).not.toBeInTheDocument();
}

describe('the Project menu with messages that arrive late', () => {
  it('ends idle after opening a bundle of text photo entries into an empty project', async () => {
    const project = new ProjectState();
    const { user } = setup(project);
    await user.upload(screen.getByLabelText('Open…'), await textPhotoBundle());
    expect(await screen.findByText(/^Opened text-photos.strainseer: 3 images/)).toBeInTheDocument();
    expect(screen.getAllByText(/could not be added \(The file could not be decoded/)).toHaveLength(
      3,
    );
    await expectIdle();
  });

  it('ends idle after opening it over a project with unsaved work, once confirmed', async () => {
    const project = projectWithUnsavedWork();
    const { engine, user } = setup(project);
    await user.upload(screen.getByLabelText('Open…'), await textPhotoBundle());
    await user.click(await screen.findByRole('button', { name: 'Open and replace' }));
    expect(await screen.findByText(/^Opened text-photos.strainseer/)).toBeInTheDocument();
    expect(engine.kept).toEqual(['staging:text-photos.strainseer']);
    await expectIdle();
  });

  it('drops the staged bundle when the user keeps the current project, and ends idle', async () => {
    const project = projectWithUnsavedWork();
    const { engine, user } = setup(project);
    await user.upload(screen.getByLabelText('Open…'), await textPhotoBundle());
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(engine.dropped).toEqual(['staging:text-photos.strainseer']);
    expect(engine.kept).toEqual([]);
    expect(project.doc.images.map((image) => image.name)).toEqual(['mine.png']);
    await expectIdle();
  });

  it('a refused bundle leaves the project as it was and the menu idle', async () => {
    const project = projectWithUnsavedWork();
    const { engine, user } = setup(project);
    engine.readBundleFile.mockImplementation(async (_file, onProgress) => {
      setTimeout(() => onProgress?.({ done: 1, total: 1 }), 20);
      return { ok: false as const, problems: [{ path: '', message: 'It unpacks too far.' }] };
    });
    await user.upload(screen.getByLabelText('Open…'), new File(['PK'], 'bomb.strainseer'));
    expect(await screen.findByText('It unpacks too far.')).toBeInTheDocument();
    expect(project.doc.images.map((image) => image.name)).toEqual(['mine.png']);
    expect(vi.mocked(engine.keepBundle)).not.toHaveBeenCalled();
    await expectIdle();
  });
});

describe('cancelling a bundle while it is read', () => {
  /** A worker that reports the first photo checked, then waits until it is told to stop. */
  function slowEngine(answerWhenCancelled: 'cancelled' | 'finished') {
    const engine = fakeEngine();
    const read = engine.readBundleFile.getMockImplementation()!;
    let stop: () => void = () => {};
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const cancelBundleRead = vi.fn(async () => stop());
    engine.readBundleFile.mockImplementation(async (file, onProgress) => {
      onProgress?.({ done: 1, total: 3 });
      await stopped;
      if (answerWhenCancelled === 'finished') return read(file);
      return {
        ok: false as const,
        problems: [{ path: '', message: 'The bundle was not opened: opening it was cancelled.' }],
      };
    });
    return Object.assign(engine, { cancelBundleRead });
  }

  it.each(['cancelled', 'finished'] as const)(
    'stops the worker and leaves the open project exactly as it was (worker answer: %s)',
    async (answer) => {
      const project = projectWithUnsavedWork();
      const state = () => ({
        doc: JSON.stringify(project.doc),
        version: project.version,
        revision: project.revision,
        thumbnails: { ...project.thumbnails },
      });
      const before = state();
      const engine = slowEngine(answer);
      const { user } = setup(project, engine);
      await user.upload(screen.getByLabelText('Open…'), await textPhotoBundle());
      expect(
        await screen.findByText('Reading text-photos.strainseer: checking photo 1 of 3…'),
      ).toBeInTheDocument();
      await user.click(screen.getByRole('button', { name: 'Cancel opening' }));
      expect(engine.cancelBundleRead).toHaveBeenCalledTimes(1);
      expect(
        await screen.findByText('The file was not opened; the current project is unchanged.'),
      ).toBeInTheDocument();
      await expectIdle();
      expect(screen.queryByRole('button', { name: 'Cancel opening' })).not.toBeInTheDocument();
      expect(screen.queryByText(/could not be opened/)).not.toBeInTheDocument();
      expect(screen.queryByRole('button', { name: 'Open and replace' })).not.toBeInTheDocument();
      expect(state()).toEqual(before);
      expect(engine.kept).toEqual([]);
      // A read that ended just as it was cancelled lets its staged photos go.
      expect(engine.dropped).toEqual(
        answer === 'finished' ? ['staging:text-photos.strainseer'] : [],
      );
    },
  );
});
