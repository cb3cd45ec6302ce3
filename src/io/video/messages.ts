// What the user is told when a video cannot give frames. Kept apart from the reader so the
// wording is tested without a browser's decoders.

/** Frames smaller than this on a side cannot hold five dots and a ruler worth marking. */
export const MIN_FRAME_EDGE = 32;

const CODEC_LABELS: Record<string, string> = {
  avc: 'H.264',
  hevc: 'H.265 (HEVC)',
  vp8: 'VP8',
  vp9: 'VP9',
  av1: 'AV1',
};

/** A codec as people know it: "H.265 (HEVC)" for mediabunny's "hevc", the name itself otherwise. */
export function codecLabel(codec: string | null): string {
  return codec === null ? 'an unknown codec' : (CODEC_LABELS[codec] ?? codec);
}

export const UNREADABLE_VIDEO =
  'This video could not be read: it may be damaged or cut short (a copy or download that ' +
  'did not finish), or in a container Strain Seer does not read (it reads MP4, MOV, WebM ' +
  'and MKV).';

export const CUT_SHORT_VIDEO =
  'This video is cut short: its index lists frames that are not in the file (a copy or ' +
  'download that did not finish). Copy the whole file again and add it.';

/** A file with no video track: only sound, or nothing at all that plays. */
export function noVideoMessage(hasAudio: boolean): string {
  return hasAudio
    ? 'This file holds only sound, no video track: there are no frames to take from it.'
    : 'This file holds no video track: there are no frames to take from it.';
}

/** A codec this browser cannot decode, with the command that re-encodes the video freely. */
export function unsupportedCodecMessage(codec: string | null, fileName: string): string {
  const stem = fileName.replace(/\.[a-z0-9]+$/i, '');
  return (
    `This browser cannot decode this video's ${codecLabel(codec)} frames. Re-encode it to ` +
    'H.264 with a free tool and add the new file: in HandBrake (handbrake.fr), choose the ' +
    'H.264 video encoder with a constant quality of 12 or lower; or with FFmpeg (ffmpeg.org): ' +
    `ffmpeg -i "${fileName}" -c:v libx264 -crf 12 -pix_fmt yuv420p "${stem}-h264.mp4"`
  );
}

/** Frames too small to mark, or null when they are large enough. */
export function frameSizeProblem(width: number, height: number): string | null {
  if (Math.min(width, height) >= MIN_FRAME_EDGE) return null;
  return (
    `Its frames are ${width} × ${height} pixels: too small to show five dots and a ruler. ` +
    `Strain Seer takes videos at least ${MIN_FRAME_EDGE} pixels on each side.`
  );
}

export const FRAME_UNDECODABLE =
  'The frame at this time could not be decoded: the video may be damaged there.';
