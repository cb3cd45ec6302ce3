// Frames from a video through what a user sees and does: a video opens the frames dialog
// (photos dropped with it go on to the photo intake), the scrubber previews the frame at a
// time, the chosen frames join the project with their times and travels from the press
// speed, and a video the worker refuses, or a cancel, adds nothing.
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FrameOutcome, VideoOpened } from '../../src/client/engine';
import { ProjectState } from '../../src/state/project.svelte';
import type { Refusal } from '../../src/state/refusals';
import { VideoIntakeState } from '../../src/state/videoIntake.svelte';
import VideoDialog from '../../src/ui/video/VideoDialog.svelte';

const FACTS = {
  start: 0,
  end: 4.1,
  width: 640,
  height: 480,
  rotation: 90,
  codec: 'H.264',
  frameRate: 10,
};

/** Stands in for the worker: frames every 0.1 s; a video named "bad" is refused. */
function fakeEngine() {
  const frameAt = (time: number) => Math.floor(time * 10 + 1e-6) / 10;
  const picture = new Blob(['jpeg']);
  return {
    openVideo: vi.fn(async (file: File): Promise<VideoOpened> =>
      file.name.startsWith('bad')
        ? { ok: false, name: file.name, message: 'This file holds only sound.' }
        : { ok: true, id: 'v1', name: file.name, facts: FACTS, first: { time: 0, picture } },
    ),
    previewFrame: vi.fn(async (_id: string, time: number) => ({ time: frameAt(time), picture })),
    takeFrames: vi.fn(async (_id: string, times: number[]): Promise<FrameOutcome[]> =>
      times.map((asked) => {
        const time = frameAt(asked);
        const name = `press@${time.toFixed(3)}s.png`;
        return {
          ok: true,
          id: `f${time}`,
          name,
          width: 640,
          height: 480,
          thumbnailUrl: 'blob:t',
          time,
        };
      }),
    ),
    closeVideo: vi.fn(async () => undefined),
    forgetPhoto: vi.fn(async () => undefined),
  };
}

function setup() {
  const project = new ProjectState();
  const engine = fakeEngine();
  const refusals: Refusal[] = [];
  const video = new VideoIntakeState(project, engine, (refusal) => refusals.push(refusal));
  render(VideoDialog, { video });
  return { project, engine, video, refusals, user: userEvent.setup() };
}

const realCreateObjectURL = URL.createObjectURL;
const realRevokeObjectURL = URL.revokeObjectURL;
beforeEach(() => {
  let n = 0;
  URL.createObjectURL = vi.fn(() => `blob:preview-${++n}`);
  URL.revokeObjectURL = vi.fn();
});
afterEach(() => {
  URL.createObjectURL = realCreateObjectURL;
  URL.revokeObjectURL = realRevokeObjectURL;
});

const clip = (name: string) => new File(['video'], name, { type: 'video/mp4' });

describe('VideoDialog', () => {
  it('opens for the first video and refuses a second one at the same time', async () => {
    const { video, engine, refusals } = setup();
    video.openVideos([clip('press.mp4'), clip('other.mp4')]);
    expect(refusals.map((refusal) => refusal.name)).toEqual(['other.mp4']);
    const dialog = await screen.findByRole('dialog', { name: 'Frames from press.mp4' });
    expect(dialog).toHaveTextContent(
      '4.100 s, 640 × 480 px, H.264, 10 frames a second, turned 90°',
    );
    expect(screen.getByRole('img', { name: 'Frame at 0.000 s' })).toBeInTheDocument();
    expect(engine.openVideo).toHaveBeenCalledTimes(1);
  });

  it('previews the frame at the scrubber and steps by frames', async () => {
    const { video, user } = setup();
    await video.open(clip('press.mp4'));
    await video.scrubTo(1.234);
    expect(await screen.findByRole('img', { name: 'Frame at 1.200 s' })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next frame' }));
    expect(await screen.findByRole('img', { name: 'Frame at 1.300 s' })).toBeInTheDocument();
  });

  it('adds the chosen frames with their times and travels from the press speed, as one step', async () => {
    const { video, project, user } = setup();
    await video.open(clip('press.mp4'));
    const count = await screen.findByRole('spinbutton', { name: 'Number of frames' });
    await user.clear(count);
    await user.type(count, '3');
    await user.click(screen.getByRole('radio', { name: 'From the press speed' }));
    const speed = screen.getByRole('spinbutton', { name: 'Press speed (mm/s)' });
    await user.clear(speed);
    await user.type(speed, '0.5');
    await user.click(screen.getByRole('button', { name: 'Add 3 frames' }));
    await vi.waitFor(() => expect(project.doc.images).toHaveLength(3));
    const images = project.doc.images;
    expect(images.map((image) => image.name)).toEqual([
      'press@0.000s.png',
      'press@2.000s.png',
      'press@4.000s.png',
    ]);
    expect(images.map((image) => image.time)).toEqual([0, 2, 4]);
    expect(images.map((image) => image.pressTravel)).toEqual([0, 1, 2]);
    expect(screen.queryByRole('dialog')).toBeNull();
    project.undo();
    expect(project.doc.images).toHaveLength(0);
  });

  it('takes frames picked by hand at the scrubber', async () => {
    const { video, project, user } = setup();
    await video.open(clip('press.mp4'));
    await user.click(await screen.findByRole('radio', { name: 'Frames picked at the scrubber' }));
    expect(screen.getByRole('button', { name: 'Add 0 frames' })).toBeDisabled();
    await video.scrubTo(0.75);
    await user.click(await screen.findByRole('button', { name: 'Pick this frame' }));
    await video.scrubTo(2.05);
    await user.click(screen.getByRole('button', { name: 'Pick this frame' }));
    await user.click(screen.getByRole('button', { name: 'Add 2 frames' }));
    await vi.waitFor(() => expect(project.doc.images).toHaveLength(2));
    expect(project.doc.images.map((image) => image.time)).toEqual([0.7, 2]);
  });

  it('refuses a video the worker cannot use, and a cancel adds nothing', async () => {
    const { video, project, refusals, engine, user } = setup();
    await video.open(clip('bad.mp4'));
    expect(refusals).toEqual([{ name: 'bad.mp4', message: 'This file holds only sound.' }]);
    expect(screen.queryByRole('dialog')).toBeNull();
    await video.open(clip('press.mp4'));
    await user.click(await screen.findByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(engine.closeVideo).toHaveBeenCalledWith('v1');
    expect(project.doc.images).toHaveLength(0);
  });

  it('stops on Cancel while the frames are being taken, and adds none of them', async () => {
    const { video, project, engine, user } = setup();
    let finish = () => {};
    engine.takeFrames.mockImplementationOnce(
      (_id: string, times: number[]) =>
        new Promise<FrameOutcome[]>((resolve) => {
          finish = () =>
            resolve([
              {
                ok: true,
                id: 'f0',
                name: 'press@0.000s.png',
                width: 640,
                height: 480,
                thumbnailUrl: 'blob:t',
                time: times[0]!,
              },
            ]);
        }),
    );
    await video.open(clip('press.mp4'));
    await user.click(await screen.findByRole('button', { name: 'Add 5 frames' }));
    expect(await screen.findByText(/Taking frame 1 of 5/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    finish();
    await vi.waitFor(() => expect(engine.forgetPhoto).toHaveBeenCalledWith('f0'));
    expect(project.doc.images).toHaveLength(0);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
