// The Project menu through what a user sees and does: saving a project file or a
// bundle hands the browser a file that reopens as the same project; opening asks
// before replacing unsaved work, a bundle's photos go to the engine, a raw_data.json
// waits for its photos, and a bad file is named next to Open with nothing lost.
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBundle, readBundle } from '../../src/io/bundle';
import type * as DownloadModule from '../../src/io/download';
import { parseProjectFile } from '../../src/io/projectFile';
import { IntakeState } from '../../src/state/intake.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import { ProjectFileFlow } from '../../src/state/projectFileFlow.svelte';
import type { ProjectDocument } from '../../src/model/document';
import PhotoIntake from '../../src/ui/ingest/PhotoIntake.svelte';
import ProjectMenu from '../../src/ui/project/ProjectMenu.svelte';
import demoProject from '../fixtures/projects/v1-press-demo.strainseer.json?raw';
import { fakeEngine } from './project-fakes';
import rawData from '../fixtures/original/raw_data.json?raw';

const saved = vi.hoisted(() => ({
  text: [] as { fileName: string; text: string; type: string }[],
  blobs: [] as { fileName: string; blob: Blob }[],
}));

vi.mock('../../src/io/download', async (importOriginal) => ({
  ...(await importOriginal<typeof DownloadModule>()),
  downloadText: (fileName: string, text: string, type: string) =>
    saved.text.push({ fileName, text, type }),
  downloadBlob: (fileName: string, blob: Blob) => saved.blobs.push({ fileName, blob }),
}));

function demoDocument(): ProjectDocument {
  const result = parseProjectFile(demoProject);
  if (!result.ok) throw new Error('fixture');
  return result.document;
}

/** The demo project with its photos added, as after marking it in this session. */
function markedProject(engine: ReturnType<typeof fakeEngine>) {
  const project = new ProjectState();
  const doc = demoDocument();
  for (const image of doc.images) {
    engine.files.set(image.id, new File([`pixels of ${image.name}`], image.name));
    project.thumbnails[image.id] = `blob:${image.id}`;
  }
  project.replaceDocument(doc);
  return project;
}

function setup(project = new ProjectState(), engine = fakeEngine()) {
  render(ProjectMenu, { project, files: new ProjectFileFlow(project, engine) });
  // A picker's "All files" choice lets any file through, whatever `accept` says.
  return { project, engine, user: userEvent.setup({ applyAccept: false }) };
}

const openInput = () => screen.getByLabelText('Open…');
const fileOf = (text: string | Uint8Array | Blob, name: string) =>
  new File([text as BlobPart], name);

beforeEach(() => {
  saved.text.length = 0;
  saved.blobs.length = 0;
  let n = 0;
  URL.createObjectURL = vi.fn(() => `blob:thumbnail-${++n}`) as typeof URL.createObjectURL;
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('ProjectMenu', () => {
  it('offers saving and opening in a labelled group; saving waits for photos', () => {
    setup();
    const group = screen.getByRole('group', { name: 'Project file' });
    expect(within(group).getByRole('button', { name: 'Save project file' })).toBeDisabled();
    expect(within(group).getByRole('button', { name: 'Save bundle with photos' })).toBeDisabled();
    expect(openInput()).toHaveAttribute('type', 'file');
    expect(openInput().getAttribute('accept')).toMatch(/\.strainseer\.json.*\.strainseer.*\.json/);
  });

  it('saves a project file that reopens as the same document', async () => {
    const engine = fakeEngine();
    const { project, user } = setup(markedProject(engine), engine);
    await user.click(screen.getByRole('button', { name: 'Save project file' }));

    await vi.waitFor(() => expect(saved.text).toHaveLength(1));
    const [file] = saved.text;
    expect(file?.fileName).toMatch(/^strain-seer-project-\d{4}-\d\d-\d\d\.strainseer\.json$/);
    expect(file?.type).toBe('application/json');
    const back = parseProjectFile(file!.text);
    expect(back.ok && back.document).toEqual(plain(project));
    expect(screen.getByText(`Saved ${file?.fileName}.`)).toBeInTheDocument();
  });

  it('saves a bundle with every photo file from the engine, which reopens as it was', async () => {
    const engine = fakeEngine();
    const { project, user } = setup(markedProject(engine), engine);
    await user.click(screen.getByRole('button', { name: 'Save bundle with photos' }));

    await vi.waitFor(() => expect(saved.blobs).toHaveLength(1));
    expect(saved.blobs[0]?.fileName).toMatch(/\.strainseer$/);
    expect(engine.photoFile.mock.calls.map(([id]) => id)).toEqual(
      project.doc.images.map((image) => image.id),
    );
    const back = await readBundle(new Uint8Array(await saved.blobs[0]!.blob.arrayBuffer()));
    if (!back.ok) throw new Error(JSON.stringify(back.problems));
    expect(back.document).toEqual(plain(project));
    expect(await back.photos[1]!.text()).toBe('pixels of deformation-15mm-force.png');
  });

  it('will not save a bundle while a photo is missing, and says which', async () => {
    const engine = fakeEngine();
    const project = markedProject(engine);
    delete project.thumbnails[project.doc.images[2]!.id];
    const { user } = setup(project, engine);
    await user.click(screen.getByRole('button', { name: 'Save bundle with photos' }));

    const alert = await screen.findByText('The bundle was not saved:');
    expect(alert.parentElement).toHaveTextContent(
      /one is not added yet: “deformation-30mm-force.png”/,
    );
    expect(saved.blobs).toHaveLength(0);
  });

  it('opens a project file into an empty project at once, and asks for its photos', async () => {
    const { project, user } = setup();
    await user.upload(openInput(), fileOf(demoProject, 'press.strainseer.json'));

    await vi.waitFor(() => expect(project.doc.images).toHaveLength(3));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(plain(project)).toEqual(demoDocument());
    expect(screen.getByText(/Opened press.strainseer.json: 3 images/)).toBeInTheDocument();
    expect(screen.getByText('Add the photos: 0 of 3 matched.')).toBeInTheDocument();
  });

  it('asks before replacing unsaved work; Cancel keeps it, confirming replaces it and Undo brings it back', async () => {
    const project = new ProjectState();
    project.addImages([
      { id: 'mine', name: 'mine.png', width: 10, height: 10, suggestedTravel: 1 },
    ]);
    project.thumbnails.mine = 'blob:mine';
    const { user } = setup(project);

    await user.upload(openInput(), fileOf(demoProject, 'press.strainseer.json'));
    const dialog = await screen.findByRole('dialog', { name: 'Replace the current project?' });
    expect(dialog).toHaveTextContent(/current project \(1 image\) has changes not saved/);
    expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(project.doc.images.map((i) => i.name)).toEqual(['mine.png']);
    expect(
      screen.getByText(/was not opened; the current project is unchanged/),
    ).toBeInTheDocument();

    await user.upload(openInput(), fileOf(demoProject, 'press.strainseer.json'));
    await user.click(await screen.findByRole('button', { name: 'Open and replace' }));
    await vi.waitFor(() => expect(project.doc.images).toHaveLength(3));
    project.undo();
    expect(project.doc.images.map((i) => i.name)).toEqual(['mine.png']);
  });

  it('does not ask again once the project was saved to a file', async () => {
    const engine = fakeEngine();
    const { project, user } = setup(markedProject(engine), engine);
    expect(project.doc.strainMeasure).toBe('hencky');
    await user.click(screen.getByRole('button', { name: 'Save project file' }));
    await vi.waitFor(() => expect(saved.text).toHaveLength(1));
    await user.upload(openInput(), fileOf(rawData, 'raw_data.json'));
    expect(await screen.findByText(/^Opened raw_data.json/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    // Replaced: the original's file carries no strain measure (the demo project's was Hencky).
    expect(project.doc.strainMeasure).toBe('small');
  });

  it('does not ask after a save when an edit since was undone, and asks again after a new edit', async () => {
    const engine = fakeEngine();
    const { project, user } = setup(markedProject(engine), engine);
    await user.click(screen.getByRole('button', { name: 'Save project file' }));
    await vi.waitFor(() => expect(saved.text).toHaveLength(1));
    const id = project.doc.images[0]!.id;
    project.setPressTravel(id, 99);
    project.undo();
    await user.upload(openInput(), fileOf(demoProject, 'press.strainseer.json'));
    expect(await screen.findByText(/^Opened press.strainseer.json/)).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    // The opened project, edited and the edit undone, then edited anew: that is unsaved.
    project.setPressTravel(project.doc.images[0]!.id, 5);
    project.undo();
    project.setPressTravel(project.doc.images[0]!.id, 6);
    await user.upload(openInput(), fileOf(demoProject, 'press.strainseer.json'));
    expect(
      await screen.findByRole('dialog', { name: 'Replace the current project?' }),
    ).toBeInTheDocument();
  });

  it('matches photos already in the project to the opened raw_data.json by name', async () => {
    const engine = fakeEngine();
    const { project, user } = setup(markedProject(engine), engine);
    const ids = project.doc.images.map((image) => image.id);
    await user.upload(openInput(), fileOf(rawData, 'raw_data.json'));
    await user.click(await screen.findByRole('button', { name: 'Open and replace' }));

    expect(
      await screen.findByText(/3 photos already in the project were matched/),
    ).toBeInTheDocument();
    expect(project.doc.images.map((image) => [image.id, image.width])).toEqual([
      [ids[0], 1476],
      [ids[1], 1192],
      [ids[2], 1176],
    ]);
    expect(screen.queryByText(/Add the photos/)).not.toBeInTheDocument();
  });

  it('names a file that cannot be opened next to Open, as text, and changes nothing', async () => {
    const engine = fakeEngine();
    const project = markedProject(engine);
    const before = plain(project);
    const { user } = setup(project, engine);
    const hostile = '<img src=x onerror="alert(1)">.json';
    await user.upload(
      openInput(),
      fileOf('{"format": "strain-seer-project", "version": 3}', hostile),
    );

    const title = await screen.findByText(`“${hostile}” could not be opened:`);
    const alert = title.closest('[role="alert"]') as HTMLElement;
    expect(alert).toHaveTextContent(/format version 3, saved by a newer Strain Seer/);
    expect(alert).toHaveTextContent('Nothing in the current project was changed.');
    expect(document.querySelector('img')).toBeNull();
    expect(plain(project)).toEqual(before);

    await user.click(within(alert).getByRole('button', { name: 'Dismiss' }));
    expect(alert).toBeEmptyDOMElement();
  });

  it('says what a file is when it is neither a project nor raw_data.json', async () => {
    const { user } = setup();
    await user.upload(openInput(), fileOf('filename,strain_xx\n', 'raw_data.csv'));
    expect(
      await screen.findByText(/This is not a Strain Seer project or raw_data.json file/),
    ).toBeInTheDocument();
  });

  it('opens a bundle: the engine reads and stages it, keeps its photos, and the images take their ids', async () => {
    const doc = demoDocument();
    const photos = new Map(doc.images.map((image) => [image.name, new Uint8Array([1, 2, 3])]));
    const created = await createBundle(doc, photos);
    if (!created.ok) throw new Error('bundle');
    const { project, engine, user } = setup();
    await user.upload(openInput(), fileOf(created.blob, 'press.strainseer'));

    await vi.waitFor(() => expect(project.doc.images).toHaveLength(3));
    // Unpacked in the worker, not here: the page hands over the file as it is.
    expect(engine.readBundleFile.mock.calls[0]?.[0].name).toBe('press.strainseer');
    expect(engine.ingest).not.toHaveBeenCalled();
    expect(engine.kept).toEqual(['staging:press.strainseer']);
    expect(project.doc.images.map((image) => image.id)).toEqual(
      doc.images.map((image) => `id:${image.name}`),
    );
    expect(project.doc.reference).toEqual({
      kind: 'total',
      imageId: 'id:deformation-00mm-force.png',
    });
    expect(project.doc.images[2]?.fiducials).toEqual(doc.images[2]?.fiducials);
    expect(Object.keys(project.thumbnails)).toHaveLength(3);
    expect(screen.queryByText(/Add the photos/)).not.toBeInTheDocument();
  });

  it("opens the original's raw_data.json and matches photos added afterwards by name", async () => {
    const { project, engine, user } = setup();
    render(PhotoIntake, { intake: new IntakeState(project, engine) });
    await user.upload(openInput(), fileOf(rawData, 'raw_data.json'));

    expect(await screen.findByText('Add the photos: 0 of 3 matched.')).toBeInTheDocument();
    expect(screen.getByText(/\(from the original Strain Seer\): 3 images/)).toBeInTheDocument();
    const guide = screen.getByText('Add the photos: 0 of 3 matched.').parentElement!;
    expect(guide).toHaveTextContent(/deformation-00mm-force.png, deformation-15mm-force.png/);

    await user.upload(screen.getByLabelText('Add photos'), [
      new File(['a'], 'deformation-15mm-force.png', { type: 'image/png' }),
      new File(['b'], 'deformation-00mm-force.png', { type: 'image/png' }),
    ]);
    expect(await screen.findByText('Add the photos: 2 of 3 matched.')).toBeInTheDocument();
    expect(project.doc.images.map((image) => [image.name, image.width])).toEqual([
      ['deformation-00mm-force.png', 1476],
      ['deformation-15mm-force.png', 1192],
      ['deformation-30mm-force.png', 0],
    ]);
    expect(project.doc.images[1]?.pressTravel).toBe(15);
  });
});

/** The document as plain data (what a save would write). */
function plain(project: ProjectState): ProjectDocument {
  return JSON.parse(JSON.stringify(project.doc)) as ProjectDocument;
}
