// The whole sequence with its overlays as a video, encoded in the browser by WebCodecs
// through mediabunny: each photo held for a few frames, centred on its centre marker at one
// scale for the whole sequence (videoFraming.ts), its overlay drawn over it and a band under
// it with its name, press travel and the legend. The page only draws: the pictures of the
// photos are decoded and shrunk in the worker, one photo at a time, and the encoding runs on
// the browser's encoder threads; between frames the page waits for the encoder, so no task
// of the page's thread holds a frame's drawing longer than one photo's blit and strokes.
import {
  BufferTarget,
  CanvasSource,
  Mp4OutputFormat,
  Output,
  QUALITY_HIGH,
  WebMOutputFormat,
  canEncodeVideo,
} from 'mediabunny';
import type { VideoCodec } from 'mediabunny';
import {
  captionLines,
  drawOverlayAndCaption,
  legendHeight,
  loadPicture,
  pictureScale,
} from './overlayPicture';
import type { FramePictures, OverlayFrame } from './overlaySequence';
import { sequenceFraming, shownRegion } from './videoFraming';

/** Every video is 1280 × 720 (720p: plays everywhere, even sides as H.264 needs). */
export const VIDEO_SIZE = { width: 1280, height: 720 } as const;
/** Frames a second; a photo is held for a whole number of them. */
export const VIDEO_FRAME_RATE = 8;

/** H.264 in MP4 first (it plays in every browser and in slide software), then WebM's codecs. */
const CHOICES: readonly { codec: VideoCodec; container: 'mp4' | 'webm' }[] = [
  { codec: 'avc', container: 'mp4' },
  { codec: 'vp9', container: 'webm' },
  { codec: 'vp8', container: 'webm' },
  { codec: 'av1', container: 'webm' },
];

/** What the user reads when this browser has no video encoder for the size. */
export const NO_VIDEO_ENCODER =
  'This browser cannot encode video here (no WebCodecs encoder for H.264, VP9, VP8 or AV1 at 1280 × 720). Save all overlays (zip) saves the same pictures as PNGs.';

export class NoVideoEncoderError extends Error {
  constructor() {
    super(NO_VIDEO_ENCODER);
    this.name = 'NoVideoEncoderError';
  }
}

/** The first codec this browser encodes at the video's size, or null. */
export async function encodableVideo(): Promise<(typeof CHOICES)[number] | null> {
  if (typeof VideoEncoder === 'undefined') return null;
  for (const choice of CHOICES) {
    if (await canEncodeVideo(choice.codec, { ...VIDEO_SIZE, frameRate: VIDEO_FRAME_RATE })) {
      return choice;
    }
  }
  return null;
}

/** Frames each photo is held for at `photosPerSecond`: at least one. */
export function framesPerPhoto(photosPerSecond: number): number {
  return Math.max(1, Math.round(VIDEO_FRAME_RATE / photosPerSecond));
}

export interface OverlayVideo {
  blob: Blob;
  /** "strain_overlays.mp4" or ".webm". */
  fileName: string;
}

/** Makes the video of `frames`; rejects with NoVideoEncoderError where nothing encodes. */
export async function overlaySequenceVideo(
  doc: Document,
  pictures: FramePictures,
  frames: readonly OverlayFrame[],
  options: {
    photosPerSecond: number;
    signal?: AbortSignal;
    onProgress?: (done: number, total: number) => void;
  },
): Promise<OverlayVideo> {
  if (frames.length === 0) throw new Error('No photo has an overlay to put in a video yet.');
  const choice = await encodableVideo();
  if (!choice) throw new NoVideoEncoderError();
  const canvas = doc.createElement('canvas');
  canvas.width = VIDEO_SIZE.width;
  canvas.height = VIDEO_SIZE.height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser cannot draw the video’s frames.');
  const scale = pictureScale(canvas.width, canvas.height);
  // The photo above, the band with its caption and legend under it.
  // As tall as the longest caption: a photo with a ringed marker has two lines more.
  const lineCount = Math.max(...frames.map((frame) => captionLines(frame.overlay, '').length));
  const picture = { width: canvas.width, height: canvas.height - legendHeight(lineCount, scale) };
  const views = sequenceFraming(
    frames.map((frame) => frame.overlay),
    picture,
  );

  const output = new Output({
    format: choice.container === 'mp4' ? new Mp4OutputFormat() : new WebMOutputFormat(),
    target: new BufferTarget(),
  });
  const source = new CanvasSource(canvas, { codec: choice.codec, quality: QUALITY_HIGH });
  output.addVideoTrack(source, { frameRate: VIDEO_FRAME_RATE });
  await output.start();
  const hold = framesPerPhoto(options.photosPerSecond);
  const frameLength = 1 / VIDEO_FRAME_RATE;
  try {
    for (const [i, frame] of frames.entries()) {
      const view = views[i];
      if (!view) continue;
      // A picture with at least one of its pixels for each pixel of the video.
      const edge = Math.ceil(Math.max(frame.image.width, frame.image.height) * view.zoom);
      const { urls } = await pictures.reportPictures([frame.id], undefined, edge);
      const url = urls[frame.id];
      if (!url) throw new Error(`The photo ${frame.name} could not be read again.`);
      try {
        const photo = await loadPicture(doc, url);
        const shrink = photo.naturalWidth / frame.image.width;
        const region = shownRegion(view, picture);
        ctx.fillStyle = '#000000';
        ctx.fillRect(0, 0, canvas.width, canvas.height);
        ctx.drawImage(
          photo,
          region.x * shrink,
          region.y * shrink,
          region.width * shrink,
          region.height * shrink,
          0,
          0,
          picture.width,
          picture.height,
        );
      } finally {
        URL.revokeObjectURL(url);
      }
      drawOverlayAndCaption(ctx, frame.overlay, view, frame.title, scale);
      for (let k = 0; k < hold; k++) {
        options.signal?.throwIfAborted();
        // Resolves once the encoder takes more: its pace, not a loop, sets the page's work.
        await source.add((i * hold + k) * frameLength, frameLength);
      }
      options.onProgress?.(i + 1, frames.length);
    }
    await output.finalize();
  } catch (error) {
    await output.cancel();
    throw error;
  }
  const buffer = output.target.buffer;
  if (!buffer) throw new Error('The video could not be made.');
  return {
    blob: new Blob([buffer], { type: output.format.mimeType }),
    fileName: `strain_overlays${output.format.fileExtension}`,
  };
}
