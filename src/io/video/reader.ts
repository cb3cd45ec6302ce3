// Reading a video file in the worker: its facts (duration, size upright, codec, rotation)
// and single decoded frames at chosen times, with mediabunny demuxing and WebCodecs decoding.
// The file is read in slices as needed, never whole, and a frame is decoded only when asked
// for (from its key frame on), so a ten-minute 4K video costs no more than the frames taken.
// This module is loaded only when a video is opened: mediabunny stays out of every other path.
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, VideoSampleSink } from 'mediabunny';
import type { InputVideoTrack, VideoSample } from 'mediabunny';
import {
  CUT_SHORT_VIDEO,
  UNREADABLE_VIDEO,
  codecLabel,
  frameSizeProblem,
  noVideoMessage,
  unsupportedCodecMessage,
} from './messages';

/** What the page needs to know of an opened video. */
export interface VideoFacts {
  /** Time of the first frame, s (usually 0). */
  start: number;
  /** Time at which the last frame ends, s. */
  end: number;
  /** Frame size as displayed, rotation applied, px. */
  width: number;
  height: number;
  /** Clockwise rotation the file asks for, degrees (phones filming upright write 90). */
  rotation: number;
  /** The codec as people know it ("H.264", "VP9"). */
  codec: string;
  /** Frames per second, estimated from the first frames' timestamps; null when unknown. */
  frameRate: number | null;
}

export type VideoOpening = { ok: true; video: OpenedVideo } | { ok: false; message: string };

/** An open video: its facts, and its frames decoded on demand. Dispose it when done. */
export class OpenedVideo {
  readonly facts: VideoFacts;
  #input: Input;
  #frames: VideoSampleSink;

  constructor(input: Input, track: InputVideoTrack, facts: VideoFacts) {
    this.#input = input;
    this.#frames = new VideoSampleSink(track);
    this.facts = facts;
  }

  /**
   * Where to look for the frame shown at `time`: a microsecond later, so that a frame's own
   * time (read back from a file's time base, perhaps a hair under) finds that frame.
   */
  #at(time: number): number {
    return Math.max(time, this.facts.start) + 1e-6;
  }

  /** The frame shown at `time` (the last one starting at or before it); the caller closes it. */
  frameAt(time: number): Promise<VideoSample | null> {
    return this.#frames.getSample(this.#at(time));
  }

  /**
   * The frames shown at each of these times, in increasing time, each decoded once and
   * yielded one at a time: the caller closes each before asking for the next, so one frame
   * is held at a time whatever their number.
   */
  framesAt(times: readonly number[]): AsyncGenerator<VideoSample | null> {
    const sorted = [...times].sort((a, b) => a - b).map((t) => this.#at(t));
    return this.#frames.samplesAtTimestamps(sorted);
  }

  dispose(): void {
    this.#input.dispose();
  }
}

/** Whether the decoder of this browser takes the track's configuration. */
async function decodable(track: InputVideoTrack): Promise<boolean> {
  const config = await track.getDecoderConfig();
  if (!config || typeof VideoDecoder === 'undefined') return false;
  try {
    return (await VideoDecoder.isConfigSupported(config)).supported === true;
  } catch {
    return false;
  }
}

/**
 * Whether the file holds the track's last packet: a file cut short keeps its index (at the
 * start of a phone's MP4) but loses the frames it points to.
 */
async function endIsThere(track: InputVideoTrack, fileSize: number): Promise<boolean> {
  try {
    const last = await new EncodedPacketSink(track).getPacket(Infinity);
    return last !== null && last.byteLength > 0 && fileSize > 0;
  } catch {
    return false;
  }
}

async function factsOf(track: InputVideoTrack): Promise<VideoFacts> {
  const [start, end, width, height, rotation, codec] = await Promise.all([
    track.getFirstTimestamp(),
    track.computeDuration(),
    track.getDisplayWidth(),
    track.getDisplayHeight(),
    track.getRotation(),
    track.getCodec(),
  ]);
  let frameRate: number | null = null;
  try {
    const stats = await track.computePacketStats(50);
    frameRate = Number.isFinite(stats.averagePacketRate) ? stats.averagePacketRate : null;
  } catch {
    // Unknown frame rate: the scrubber then steps by a fixed time.
  }
  return { start, end, width, height, rotation, codec: codecLabel(codec), frameRate };
}

/** Opens a video for taking frames, or says why it cannot be used. Nothing is decoded yet. */
export async function openVideo(file: File): Promise<VideoOpening> {
  const input = new Input({ formats: ALL_FORMATS, source: new BlobSource(file) });
  const refuse = (message: string): VideoOpening => {
    input.dispose();
    return { ok: false, message };
  };
  try {
    const track = await input.getPrimaryVideoTrack();
    if (!track) return refuse(noVideoMessage((await input.getAudioTracks()).length > 0));
    if (!(await decodable(track))) {
      return refuse(unsupportedCodecMessage(await track.getCodec(), file.name));
    }
    const facts = await factsOf(track);
    const small = frameSizeProblem(facts.width, facts.height);
    if (small) return refuse(small);
    if (!(facts.end > facts.start) || !(await endIsThere(track, file.size))) {
      return refuse(CUT_SHORT_VIDEO);
    }
    return { ok: true, video: new OpenedVideo(input, track, facts) };
  } catch {
    return refuse(UNREADABLE_VIDEO);
  }
}
