// Runs in the test browser: draws the test scene frame by frame on a canvas, encodes it
// with WebCodecs (through mediabunny's canvas source) and muxes it, and makes the faulty
// files the bad-input tests need. Bundled and evaluated in the page by support/testVideos.ts.
import {
  ALL_FORMATS,
  AudioSample,
  AudioSampleSource,
  BufferSource,
  BufferTarget,
  CanvasSource,
  EncodedPacket,
  EncodedPacketSink,
  EncodedVideoPacketSource,
  Input,
  Mp4OutputFormat,
  Output,
  QUALITY_VERY_HIGH,
  TextSubtitleSource,
  WebMOutputFormat,
} from 'mediabunny';
import { deformedDot, rulerShapes } from '../../unit/imaging/scenes';
import type { Shape } from '../../unit/imaging/render';
import { deformationAt, dotsAt, gridDotsAt } from '../../support/videoScene';
import type { VideoScene } from '../../support/videoScene';

export interface SceneVideoSpec {
  scene: VideoScene;
  container: 'mp4' | 'webm';
  codec: 'avc' | 'vp9' | 'vp8';
  fps: number;
  seconds: number;
  /** Clockwise rotation written in the file; the frames are stored turned the other way. */
  rotation?: 0 | 90;
  /** Size of the stored frames instead of the scene's (for a video of 1-px-wide frames). */
  coded?: { width: number; height: number };
}

function outputOf(
  container: 'mp4' | 'webm',
): Output<Mp4OutputFormat | WebMOutputFormat, BufferTarget> {
  const format =
    container === 'mp4'
      ? // The index before the frames, as phones write it: a cut copy keeps it.
        new Mp4OutputFormat({ fastStart: 'in-memory' })
      : new WebMOutputFormat();
  return new Output({ format, target: new BufferTarget() });
}

function drawShape(context: OffscreenCanvasRenderingContext2D, shape: Shape): void {
  context.beginPath();
  if (shape.kind === 'ellipse') {
    const [x, y] = shape.centre;
    context.ellipse(x, y, shape.a, shape.b, shape.angle ?? 0, 0, 2 * Math.PI);
    context.fill();
  } else {
    context.lineWidth = shape.width;
    context.moveTo(...shape.from);
    context.lineTo(...shape.to);
    context.stroke();
  }
}

/** The ink of each frame, drawn sharp before it is softened onto the frame (see drawScene). */
let inkLayer: OffscreenCanvasRenderingContext2D | null = null;

/** The scene at time t drawn upright on a context already turned as the file will store it. */
function drawScene(context: OffscreenCanvasRenderingContext2D, scene: VideoScene, time: number) {
  const { width, height } = context.canvas;
  if (inkLayer?.canvas.width !== width || inkLayer.canvas.height !== height)
    inkLayer = new OffscreenCanvas(width, height).getContext('2d')!;
  const ink = inkLayer;
  ink.setTransform(1, 0, 0, 1, 0, 0);
  ink.clearRect(0, 0, width, height);
  ink.setTransform(context.getTransform());
  ink.fillStyle = ink.strokeStyle = '#1e1e1e';
  const F = deformationAt(scene, time);
  for (const centre of [...dotsAt(scene, time), ...gridDotsAt(scene, time)])
    drawShape(ink, deformedDot(centre, scene.dot, F));
  for (const group of rulerShapes(scene.ruler)) for (const shape of group) drawShape(ink, shape);
  context.fillStyle = '#e6e6e6';
  context.fillRect(0, 0, scene.width, scene.height);
  // The ink as a lens shows it, softened by about a pixel: drawn razor-sharp, a ruler's
  // two-pixel ticks alias, and its patches match themselves no better than their neighbours.
  context.save();
  context.setTransform(1, 0, 0, 1, 0, 0);
  context.filter = 'blur(1px)';
  context.drawImage(ink.canvas, 0, 0);
  context.restore();
}

/** The test scene as a video file's bytes. */
export async function sceneVideo(spec: SceneVideoSpec): Promise<Uint8Array> {
  const { scene } = spec;
  const turned = spec.rotation === 90;
  const width = spec.coded?.width ?? (turned ? scene.height : scene.width);
  const height = spec.coded?.height ?? (turned ? scene.width : scene.height);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d')!;
  const output = outputOf(spec.container);
  const source = new CanvasSource(canvas, {
    codec: spec.codec,
    bitrate: QUALITY_VERY_HIGH,
    keyFrameInterval: 1,
  });
  output.addVideoTrack(source, { rotation: spec.rotation ?? 0, frameRate: spec.fps });
  await output.start();
  const frames = Math.round(spec.seconds * spec.fps) + 1;
  for (let k = 0; k < frames; k++) {
    const time = k / spec.fps;
    // Stored turned a quarter counter-clockwise: the player's clockwise turn sets it upright
    // (display x, y = stored y, stored height - x).
    if (turned) context.setTransform(0, -1, 1, 0, 0, height);
    drawScene(context, scene, time);
    await source.add(time, 1 / spec.fps);
  }
  await output.finalize();
  return new Uint8Array(output.target.buffer!);
}

/** A file whose only track is sound (a second of a quiet tone, Opus in WebM). */
export async function soundOnly(): Promise<Uint8Array> {
  const output = outputOf('webm');
  const source = new AudioSampleSource({ codec: 'opus', bitrate: 64_000 });
  output.addAudioTrack(source);
  await output.start();
  const rate = 48_000;
  const data = new Float32Array(rate).map((_, i) => 0.1 * Math.sin((2 * Math.PI * 440 * i) / rate));
  await source.add(
    new AudioSample({ data, format: 'f32', numberOfChannels: 1, sampleRate: rate, timestamp: 0 }),
  );
  await output.finalize();
  return new Uint8Array(output.target.buffer!);
}

/** A WebM whose only track is subtitles: a container that plays, with nothing to see. */
export async function subtitlesOnly(): Promise<Uint8Array> {
  const output = outputOf('webm');
  const source = new TextSubtitleSource('webvtt');
  output.addSubtitleTrack(source);
  await output.start();
  await source.add('WEBVTT\n\n00:00.000 --> 00:01.000\nThe press starts.\n');
  await output.finalize();
  return new Uint8Array(output.target.buffer!);
}

/**
 * An MP4 whose video track says H.265 (HEVC): a few packets of made-up bytes under a valid
 * decoder description, enough for a reader to see the codec and for a decoder to refuse it.
 */
export async function hevcVideo(): Promise<Uint8Array> {
  const output = outputOf('mp4');
  const source = new EncodedVideoPacketSource('hevc');
  output.addVideoTrack(source);
  await output.start();
  // An hvcC record: version 1, Main profile, level 3.1, no parameter-set arrays.
  const description = new Uint8Array([
    1, 1, 0x60, 0, 0, 0, 0x90, 0, 0, 0, 0, 0, 93, 0xf0, 0, 0xfc, 0xfd, 0xf8, 0xf8, 0, 0, 0x0f, 0,
  ]);
  for (let k = 0; k < 3; k++) {
    const packet = new EncodedPacket(new Uint8Array(64).fill(k + 1), 'key', k / 10, 1 / 10);
    await source.add(
      packet,
      k === 0
        ? {
            decoderConfig: {
              codec: 'hvc1.1.6.L93.B0',
              codedWidth: 640,
              codedHeight: 480,
              description,
            },
          }
        : undefined,
    );
  }
  await output.finalize();
  return new Uint8Array(output.target.buffer!);
}

/**
 * The reference for the bench: the frames shown at these times decoded by a bare
 * VideoDecoder (each from its key frame, as the app's reader does), closed at once and
 * nothing stored. Answers the seconds taken.
 */
export async function bareDecodeSeconds(bytes: Uint8Array, times: number[]): Promise<number> {
  const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(bytes) });
  const track = (await input.getPrimaryVideoTrack())!;
  const config = (await track.getDecoderConfig())!;
  const packets = new EncodedPacketSink(track);
  const started = performance.now();
  for (const time of times) {
    const target = (await packets.getPacket(time + 1e-6))!;
    let packet = await packets.getKeyPacket(time + 1e-6);
    let failure: unknown = null;
    const decoder = new VideoDecoder({
      output: (frame) => frame.close(),
      error: (error) => (failure = error),
    });
    decoder.configure(config);
    while (packet) {
      decoder.decode(packet.toEncodedVideoChunk());
      if (packet.sequenceNumber >= target.sequenceNumber) break;
      packet = await packets.getNextPacket(packet);
    }
    await decoder.flush();
    decoder.close();
    if (failure) throw failure;
  }
  const seconds = (performance.now() - started) / 1000;
  input.dispose();
  return seconds;
}

declare global {
  interface Window {
    strainSeerVideos: {
      sceneVideo: typeof sceneVideo;
      soundOnly: typeof soundOnly;
      subtitlesOnly: typeof subtitlesOnly;
      hevcVideo: typeof hevcVideo;
      bareDecodeSeconds: typeof bareDecodeSeconds;
    };
  }
}

window.strainSeerVideos = {
  sceneVideo,
  soundOnly,
  subtitlesOnly,
  hevcVideo,
  bareDecodeSeconds,
};
