// The photo intake through what a user sees and does: picking or dropping files
// hands them to the engine in natural order, good photos join the project with
// the travel read from their names, and each refused file says why.
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IngestOutcome, IngestProgress } from '../../src/client/engine';
import { INTAKE_CANCELLED } from '../../src/io/imageHeader';
import { IntakeState } from '../../src/state/intake.svelte';
import { ProjectState } from '../../src/state/project.svelte';
import PhotoIntake from '../../src/ui/ingest/PhotoIntake.svelte';

type Progress = (progress: IngestProgress) => void;

const photo = (name: string, type = 'image/png') => new File(['pixels'], name, { type });

/**
 * Stands in for the worker (jsdom has none): a file whose name contains "broken"
 * is refused as the worker would; `pause` lets a test look while it works.
 */
function fakeEngine(pause?: (index: number) => Promise<void>) {
  // A cancel stops the intake running, as in the worker: no file after it is decoded.
  let cancelled = false;
  return {
    cancelIngest: vi.fn(async () => void (cancelled = true)),
    ingest: vi.fn(async (files: File[], onProgress?: Progress): Promise<IngestOutcome[]> => {
      cancelled = false;
      const outcomes: IngestOutcome[] = [];
      for (const [i, file] of files.entries()) {
        await pause?.(i);
        const outcome: IngestOutcome = cancelled
          ? { ok: false, name: file.name, message: INTAKE_CANCELLED }
          : file.name.includes('broken')
            ? { ok: false, name: file.name, message: 'The file could not be decoded as an image.' }
            : {
                ok: true,
                id: `id:${file.name}`,
                name: file.name,
                width: 640,
                height: 480,
                thumbnailUrl: `blob:worker-thumbnail-${file.name}`,
              };
        outcomes.push(outcome);
        onProgress?.({ done: i + 1, total: files.length, name: file.name, outcome });
      }
      return outcomes;
    }),
  };
}

function setup(engine = fakeEngine(), project = new ProjectState()) {
  render(PhotoIntake, { intake: new IntakeState(project, engine) });
  return { project, engine, user: userEvent.setup() };
}

const names = (project: ProjectState) => project.doc.images.map((image) => image.name);

let createObjectURL: ReturnType<typeof vi.fn>;
const realCreateObjectURL = URL.createObjectURL;

beforeEach(() => {
  let n = 0;
  // The worker makes the thumbnails' object URLs; any made here is counted (jsdom has none).
  createObjectURL = vi.fn(() => `blob:page-${++n}`);
  URL.createObjectURL = createObjectURL as unknown as typeof URL.createObjectURL;
});

afterEach(() => {
  URL.createObjectURL = realCreateObjectURL;
});

describe('PhotoIntake', () => {
  it('offers a labelled picker limited to the supported image types', () => {
    setup();
    const picker = screen.getByLabelText('Add photos');
    expect(picker).toHaveAttribute('type', 'file');
    expect(picker).toHaveAttribute('multiple');
    expect(picker.getAttribute('accept')).toMatch(/image\/png.*image\/jpeg.*\.webp/);
  });

  it('hands picked files to the engine in natural order and adds them with travels from their names', async () => {
    const { project, engine, user } = setup();
    const files = [
      photo('deformation-10mm-force.png'),
      photo('deformation-2mm-force.png'),
      photo('deformation-05mm-force.png'),
      photo('reference.png'),
    ];
    await user.upload(screen.getByLabelText('Add photos'), files);

    await vi.waitFor(() => expect(project.doc.images).toHaveLength(4));
    expect(engine.ingest).toHaveBeenCalledTimes(1);
    // The very File objects go to the worker: nothing is read on the main thread.
    const sent = engine.ingest.mock.calls[0]?.[0] ?? [];
    expect(sent.map((file) => file.name)).toEqual([
      'deformation-2mm-force.png',
      'deformation-05mm-force.png',
      'deformation-10mm-force.png',
      'reference.png',
    ]);
    expect(sent.every((file) => files.includes(file))).toBe(true);
    expect(names(project)).toEqual(sent.map((file) => file.name));
    expect(project.doc.images.map((image) => image.pressTravel)).toEqual([2, 5, 10, null]);
    expect(project.doc.images[0]).toMatchObject({ width: 640, height: 480 });
    // Each photo's thumbnail URL, made in the worker, filed under its id; none is made on
    // the main thread (each is a synchronous round trip to the browser process).
    expect(createObjectURL).not.toHaveBeenCalled();
    for (const image of project.doc.images) {
      expect(project.thumbnails[image.id]).toBe(`blob:worker-thumbnail-${image.name}`);
    }
    expect(new Set(Object.values(project.thumbnails)).size).toBe(4);
    // One undo step for the whole batch.
    project.undo();
    expect(project.doc.images).toHaveLength(0);
  });

  it('shows a drag-over state and adds dropped files', async () => {
    const { project } = setup();
    const zone = screen.getByRole('group', { name: 'Drop photos here' });
    const dataTransfer = {
      files: [photo('b-3mm.jpg', 'image/jpeg'), photo('a-1mm.jpg', 'image/jpeg')],
      types: ['Files'],
    };
    await fireEvent.dragEnter(zone, { dataTransfer });
    expect(screen.getByRole('group', { name: 'Release to add the photos' })).toBe(zone);
    await fireEvent.dragLeave(zone, { dataTransfer });
    expect(screen.getByRole('group', { name: 'Drop photos here' })).toBe(zone);

    await fireEvent.dragEnter(zone, { dataTransfer });
    await fireEvent.drop(zone, { dataTransfer });
    await vi.waitFor(() => expect(names(project)).toEqual(['a-1mm.jpg', 'b-3mm.jpg']));
    expect(project.doc.images.map((image) => image.pressTravel)).toEqual([1, 3]);
    expect(screen.getByRole('group', { name: 'Drop photos here' })).toBe(zone);
  });

  it('lists a file the worker refuses, with its reason, and adds the others', async () => {
    const user = userEvent.setup({ applyAccept: false });
    const project = new ProjectState();
    render(PhotoIntake, { intake: new IntakeState(project, fakeEngine()) });
    await user.upload(screen.getByLabelText('Add photos'), [
      photo('step-1.png'),
      photo('broken-notes.png'),
      photo('step-2.png'),
    ]);

    const alert = screen.getByRole('alert');
    await vi.waitFor(() => expect(alert).toHaveTextContent('broken-notes.png'));
    expect(within(alert).getByRole('listitem')).toHaveTextContent(
      'broken-notes.png: The file could not be decoded as an image.',
    );
    expect(names(project)).toEqual(['step-1.png', 'step-2.png']);
    expect(project.thumbnails['id:broken-notes.png']).toBeUndefined();

    await user.click(within(alert).getByRole('button', { name: 'Dismiss these messages' }));
    expect(alert).toBeEmptyDOMElement();
  });

  it('refuses a file whose name is already in the project, without ingesting it', async () => {
    const project = new ProjectState();
    project.addImages([{ id: 'old', name: 'a.png', width: 1, height: 1, suggestedTravel: null }]);
    // It has its photo (a thumbnail); an image waiting for its photo is matched instead (below).
    project.thumbnails.old = 'blob:old';
    const { engine, user } = setup(fakeEngine(), project);
    await user.upload(screen.getByLabelText('Add photos'), [photo('a.png'), photo('b.png')]);

    await vi.waitFor(() => expect(names(project)).toEqual(['a.png', 'b.png']));
    expect(engine.ingest.mock.calls[0]?.[0].map((file) => file.name)).toEqual(['b.png']);
    const item = within(screen.getByRole('alert')).getByRole('listitem');
    expect(item).toHaveTextContent('a.png');
    expect(item).toHaveTextContent(/already in the project/);
    expect(project.image('old')).toBeDefined();
  });

  it('attaches a photo to the image of its name that waits for it, keeping its marks', async () => {
    // As after opening a raw_data.json: marks and travel, size unknown, no photo yet.
    const project = new ProjectState();
    project.replaceDocument({
      images: [
        {
          id: 'waiting',
          name: 'a.png',
          width: 0,
          height: 0,
          fiducials: [[10, 20], null, null, null, null],
          scalePoints: [null, null],
          pressTravel: 7,
        },
      ],
      scaleLength: 10,
      strainMeasure: 'small',
      reference: { kind: 'total', imageId: 'waiting' },
    });
    const { engine, user } = setup(fakeEngine(), project);
    await user.upload(screen.getByLabelText('Add photos'), [photo('a.png'), photo('b.png')]);

    await vi.waitFor(() => expect(names(project)).toEqual(['a.png', 'b.png']));
    expect(engine.ingest.mock.calls[0]?.[0].map((file) => file.name)).toEqual(['a.png', 'b.png']);
    const [a, b] = project.doc.images;
    expect([a?.id, a?.width, a?.height, a?.pressTravel]).toEqual(['id:a.png', 640, 480, 7]);
    expect(a?.fiducials[0]).toEqual([10, 20]);
    expect(project.doc.reference).toEqual({ kind: 'total', imageId: 'id:a.png' });
    expect(b?.id).toBe('id:b.png');
    expect(screen.getByRole('alert')).toBeEmptyDOMElement();
  });

  it('refuses a photo of a waiting image’s name when its size differs from the recorded one', async () => {
    const project = new ProjectState();
    project.addImages([{ id: 'w', name: 'a.png', width: 4000, height: 3000, suggestedTravel: 1 }]);
    const { user } = setup(fakeEngine(), project);
    await user.upload(screen.getByLabelText('Add photos'), [photo('a.png')]);

    const alert = screen.getByRole('alert');
    await vi.waitFor(() => expect(alert).toHaveTextContent(/a\.png: .*640 x 480 pixels/));
    expect(project.doc.images.map((i) => i.id)).toEqual(['w']);
  });

  it('refuses the second of two files with the same name in one drop', async () => {
    const { project, engine } = setup();
    const zone = screen.getByRole('group', { name: 'Drop photos here' });
    const files = [photo('same.png'), photo('same.png'), photo('other.png')];
    await fireEvent.drop(zone, { dataTransfer: { files, types: ['Files'] } });

    await vi.waitFor(() => expect(names(project)).toEqual(['other.png', 'same.png']));
    expect(engine.ingest.mock.calls[0]?.[0]).toHaveLength(2);
    expect(within(screen.getByRole('alert')).getAllByRole('listitem')).toHaveLength(1);
    expect(screen.getByRole('alert')).toHaveTextContent(/same\.png: .*being added/);
  });

  it('shows progress while the worker processes, then hides it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { project, user } = setup(fakeEngine((i) => (i === 1 ? held : Promise.resolve())));
    await user.upload(screen.getByLabelText('Add photos'), [
      photo('p1.png'),
      photo('p2.png'),
      photo('p3.png'),
    ]);

    const status = screen.getByRole('status');
    await vi.waitFor(() => expect(status).toHaveTextContent('Processing 2 of 3 photos…'));
    const bar = within(status).getByRole('progressbar', { name: 'Processing 2 of 3 photos…' });
    expect(bar).toHaveAttribute('max', '3');
    expect(bar).toHaveAttribute('value', '1');
    // The photo already done has joined the project; it does not wait for the batch.
    expect(names(project)).toEqual(['p1.png']);

    release();
    await vi.waitFor(() => expect(project.doc.images).toHaveLength(3));
    expect(status).not.toHaveTextContent(/Processing/);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });

  it('adds the first photo at once and the next ones a few at a time while the worker goes on', async () => {
    // Photo i is done when its gate opens; the test opens them one by one.
    const gates = Array.from({ length: 5 }, () => {
      let resolve!: () => void;
      const promise = new Promise<void>((done) => (resolve = done));
      return { promise, resolve };
    });
    const { project, user } = setup(fakeEngine((i) => gates[i]!.promise));
    await user.upload(
      screen.getByLabelText('Add photos'),
      ['p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png'].map((name) => photo(name)),
    );
    const status = screen.getByRole('status');
    gates[0]!.resolve();
    await vi.waitFor(() => expect(names(project)).toEqual(['p1.png']));
    gates[1]!.resolve();
    gates[2]!.resolve();
    await vi.waitFor(() => expect(status).toHaveTextContent('Processing 4 of 5 photos…'));
    // Two more are done: the progress says so at once, their rows come together shortly.
    expect(names(project)).toEqual(['p1.png']);
    await vi.waitFor(() => expect(names(project)).toEqual(['p1.png', 'p2.png', 'p3.png']), {
      timeout: 2000,
    });
    // The last ones join as soon as the worker has finished, without waiting.
    gates[3]!.resolve();
    gates[4]!.resolve();
    await vi.waitFor(() => expect(project.doc.images).toHaveLength(5), { timeout: 100 });
    expect(names(project)).toEqual(['p1.png', 'p2.png', 'p3.png', 'p4.png', 'p5.png']);
  });

  it('cancels on the user’s word: the photos done stay, the rest and the batches waiting are not added', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const engine = fakeEngine((i) => (i === 1 ? held : Promise.resolve()));
    const { project, user } = setup(engine);
    await user.upload(
      screen.getByLabelText('Add photos'),
      ['c1.png', 'c2.png', 'c3.png'].map((n) => photo(n)),
    );
    await user.upload(screen.getByLabelText('Add photos'), [photo('later.png')]);
    await vi.waitFor(() => expect(names(project)).toEqual(['c1.png']));

    await user.click(screen.getByRole('button', { name: 'Cancel adding photos' }));
    expect(engine.cancelIngest).toHaveBeenCalledTimes(1);
    release();
    await vi.waitFor(() =>
      expect(
        screen.queryByRole('button', { name: 'Cancel adding photos' }),
      ).not.toBeInTheDocument(),
    );
    expect(names(project)).toEqual(['c1.png']);
    // The batch waiting behind was never sent to the worker.
    expect(engine.ingest).toHaveBeenCalledTimes(1);
    const alert = screen.getByRole('alert');
    for (const name of ['c2.png', 'c3.png', 'later.png']) {
      expect(alert).toHaveTextContent(
        new RegExp(`${name.replace('.', '\\.')}: Not added: the intake was cancelled`),
      );
    }
    expect(screen.getByRole('status')).not.toHaveTextContent(/Processing/);
  });

  it('keeps the photos done before the worker failed and names the ones it did not finish', async () => {
    const engine = {
      cancelIngest: vi.fn(),
      ingest: vi.fn(async (files: File[], onProgress?: Progress): Promise<IngestOutcome[]> => {
        const first = files[0]!;
        const outcome: IngestOutcome = {
          ok: true,
          id: 'id:first',
          name: first.name,
          width: 640,
          height: 480,
          thumbnailUrl: 'blob:worker-thumbnail-first',
        };
        onProgress?.({ done: 1, total: files.length, name: first.name, outcome });
        throw new Error('worker crashed');
      }),
    };
    const { project, user } = setup(engine as unknown as ReturnType<typeof fakeEngine>);
    await user.upload(screen.getByLabelText('Add photos'), [photo('a1.png'), photo('a2.png')]);

    const alert = screen.getByRole('alert');
    await vi.waitFor(() => expect(within(alert).getAllByRole('listitem')).toHaveLength(1));
    expect(alert).toHaveTextContent(/a2\.png: .*worker crashed/);
    expect(names(project)).toEqual(['a1.png']);
  });

  it('says so per file when the worker fails as a whole, and keeps the project', async () => {
    const project = new ProjectState();
    project.addImages([{ id: 'kept', name: 'kept.png', width: 1, height: 1, suggestedTravel: 1 }]);
    const engine = { ingest: vi.fn(() => Promise.reject(new Error('worker crashed'))) };
    const { user } = setup(engine as unknown as ReturnType<typeof fakeEngine>, project);
    await user.upload(screen.getByLabelText('Add photos'), [photo('x.png'), photo('y.png')]);

    const alert = screen.getByRole('alert');
    await vi.waitFor(() => expect(within(alert).getAllByRole('listitem')).toHaveLength(2));
    expect(alert).toHaveTextContent(/x\.png: .*worker crashed/);
    expect(alert).toHaveTextContent(/y\.png: .*worker crashed/);
    expect(names(project)).toEqual(['kept.png']);
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
  });
});

describe('undoing photos added one by one as they are decoded', () => {
  const newPhoto = (name: string) => ({
    id: name,
    name,
    width: 10,
    height: 10,
    suggestedTravel: null,
  });

  it('takes a whole batch off with one undo', () => {
    const project = new ProjectState();
    const batch = {};
    for (const name of ['a', 'b', 'c']) project.addImages([newPhoto(name)], { batch });
    project.undo();
    expect(project.doc.images).toEqual([]);
  });

  it('keeps an edit made between two photos of a batch as its own step', () => {
    const project = new ProjectState();
    const batch = {};
    project.addImages([newPhoto('a')], { batch });
    project.setPressTravel('a', 3);
    project.addImages([newPhoto('b')], { batch });
    project.undo();
    expect(project.doc.images.map((i) => [i.name, i.pressTravel])).toEqual([['a', 3]]);
    project.undo();
    expect(project.doc.images.map((i) => [i.name, i.pressTravel])).toEqual([['a', null]]);
  });
});
