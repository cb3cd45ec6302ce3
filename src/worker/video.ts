// The worker's video calls. Each loads the video session (and with it the demuxer) on first
// use, so the worker's own chunk grows by no more than these few lines.
import type { Vec2 } from '../core';
import { trackPhotoFiducials } from './imaging';
import type { ScaleCarryOver, TrackResponse } from './imaging';
import { ingestDrawn } from './photos';
import type { FramePair, ThroughVideo } from './videoFollow';
import type { FrameProgress } from './videoSession';

const session = () => import('./videoSession');

/** Opens a video for taking frames (see videoSession.ts). */
export async function openVideo(file: File) {
  return (await session()).openVideo(file);
}

/** The frame shown at `time` in an open video, small, for the scrubber. */
export async function previewFrame(id: string, time: number) {
  return (await session()).previewFrame(id, time);
}

/** Takes the frames shown at these times into the photo store, one at a time. */
export async function takeFrames(
  id: string,
  times: number[],
  onProgress?: (progress: FrameProgress) => void,
) {
  return (await session()).takeFrames(id, times, ingestDrawn, onProgress);
}

/** Lets an open video go. */
export async function closeVideo(id: string) {
  (await session()).closeVideo(id);
}

/** A tracking answer, and whether the dots were followed through the frames in between. */
export type TrackedThroughVideo = TrackResponse & { through: ThroughVideo };

/**
 * Tracks the dots onto a frame taken from a video from where they are on the frame before
 * it (`pair`): first through the video's frames in between, when the video is open in this
 * session, so that a dot never jumps far between two looks; else from that frame alone.
 */
export async function trackThroughVideo(
  photoId: string,
  previous: Vec2[],
  pair: FramePair,
  scale?: ScaleCarryOver,
): Promise<TrackedThroughVideo> {
  const followed = await (
    await import('./videoFollow')
  )
    .followBetween(pair, previous)
    .catch((error: unknown) => ({
      why: `The frames in between could not be read (${error instanceof Error ? error.message : String(error)}), so the dots were tracked from the frame before alone.`,
    }));
  const through: ThroughVideo =
    'why' in followed
      ? { followed: false, why: followed.why }
      : { followed: true, frames: followed.frames, unsure: followed.unsure };
  const answer = await trackPhotoFiducials(
    photoId,
    'why' in followed ? previous : followed.points,
    scale,
  );
  return { ...answer, through };
}
