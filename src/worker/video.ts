// The worker's video calls. Each loads the video session (and with it the demuxer) on first
// use, so the worker's own chunk grows by no more than these few lines.
import { ingest } from './photos';
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
  const store = async (file: File) => (await ingest([file]))[0]!;
  return (await session()).takeFrames(id, times, store, onProgress);
}

/** Lets an open video go. */
export async function closeVideo(id: string) {
  (await session()).closeVideo(id);
}
