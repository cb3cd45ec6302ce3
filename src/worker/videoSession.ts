// The videos open in the worker and what is done with them: a preview of the frame at a time
// for the scrubber, and chosen frames taken into the photo store one at a time. Loaded with
// the video reader only when a video is opened (see video.ts).
import { FRAME_UNDECODABLE } from '../io/video/messages';
import { losslessFrame, previewOfFrame } from '../io/video/frameImages';
import { frameName, videoStem } from '../io/video/frameNames';
import { openVideo as readVideo } from '../io/video/reader';
import type { OpenedVideo, VideoFacts } from '../io/video/reader';
import type { IngestOutcome } from './photos';

/** A small picture of the frame shown at a time, and that frame's own time (s). */
export interface FramePreview {
  time: number;
  picture: Blob;
}

export type VideoOpened =
  | { ok: true; id: string; name: string; facts: VideoFacts; first: FramePreview }
  | { ok: false; name: string; message: string };

/** One chosen frame as it went into the photo store (or why not), with its exact time. */
export type FrameOutcome = IngestOutcome & { time: number };

export interface FrameProgress {
  done: number;
  total: number;
}

/** Stores one frame's file as a photo, sized and shrunk from its drawing (handed over). */
export type StoreFrame = (file: File, picture: ImageBitmap) => Promise<IngestOutcome>;

const PREVIEW_EDGE = 640;

const videos = new Map<string, { name: string; video: OpenedVideo }>();

/**
 * The video files opened in this session, by the name their frames carry (see
 * frameNames.ts), kept after their dialog closes so that tracking can follow the dots
 * through the frames between two taken ones. A File is a handle, not its bytes.
 */
const sources = new Map<string, File>();

/** The file of the video whose frames carry this name, if it was opened in this session. */
export function sourceVideo(stem: string): File | undefined {
  return sources.get(stem);
}

function videoOf(id: string): { name: string; video: OpenedVideo } {
  const open = videos.get(id);
  if (!open) throw new Error('This video is no longer open; add it again.');
  return open;
}

async function previewWith(video: OpenedVideo, time: number): Promise<FramePreview> {
  const frame = await video.frameAt(time);
  if (!frame) throw new Error(FRAME_UNDECODABLE);
  try {
    return { time: frame.timestamp, picture: await previewOfFrame(frame, PREVIEW_EDGE) };
  } finally {
    frame.close();
  }
}

/** Opens a video and previews its first frame, or says why it cannot be used. */
export async function openVideo(file: File): Promise<VideoOpened> {
  const opening = await readVideo(file);
  if (!opening.ok) return { ok: false, name: file.name, message: opening.message };
  const { video } = opening;
  let first: FramePreview;
  try {
    first = await previewWith(video, video.facts.start);
  } catch {
    // The index is readable but its frames do not decode: refused whole, nothing kept.
    video.dispose();
    return { ok: false, name: file.name, message: FRAME_UNDECODABLE };
  }
  const id = crypto.randomUUID();
  videos.set(id, { name: file.name, video });
  sources.set(videoStem(file.name), file);
  return { ok: true, id, name: file.name, facts: video.facts, first };
}

/** The frame shown at `time`, small, for the scrubber. */
export function previewFrame(id: string, time: number): Promise<FramePreview> {
  return previewWith(videoOf(id).video, time);
}

/**
 * Takes the frames shown at these times into the photo store, in time order, one decoded
 * frame at a time (closed before the next is decoded). A time that shows the same frame as
 * the one before gives nothing more. Each outcome carries its frame's own time.
 */
export async function takeFrames(
  id: string,
  times: readonly number[],
  store: StoreFrame,
  onProgress?: (progress: FrameProgress) => void,
): Promise<FrameOutcome[]> {
  const { name, video } = videoOf(id);
  const outcomes: FrameOutcome[] = [];
  let previous: number | null = null;
  let done = 0;
  for await (const frame of video.framesAt(times)) {
    done++;
    if (frame) {
      try {
        if (frame.timestamp !== previous) {
          previous = frame.timestamp;
          const { png, picture } = await losslessFrame(frame);
          const file = new File([png], frameName(name, frame.timestamp), { type: 'image/png' });
          outcomes.push({ ...(await store(file, picture)), time: frame.timestamp });
        }
      } finally {
        frame.close();
      }
    }
    onProgress?.({ done, total: times.length });
    if (!videos.has(id)) break; // closed while taking: stop after the frame in hand
  }
  return outcomes;
}

/** Closes a video: its file is let go, and frames being taken stop after the current one. */
export function closeVideo(id: string): void {
  videos.get(id)?.video.dispose();
  videos.delete(id);
}
