// How a video and its frames are named and recognised. Plain functions, no decoding, so the
// page can route a dropped file without loading the video reader.

const VIDEO_NAME = /\.(mp4|m4v|mov|webm|mkv)$/i;

/** Whether a dropped or picked file is a video (by its type, else by its name's ending). */
export function isVideoFile(file: { name: string; type: string }): boolean {
  return file.type.startsWith('video/') || VIDEO_NAME.test(file.name);
}

/**
 * A frame's file name: the video's name without its ending, "@", and the frame's time in
 * seconds to the millisecond ("press@12.345s.png"), which sorts and reads as the time.
 */
export function frameName(videoName: string, time: number): string {
  return `${videoStem(videoName)}@${time.toFixed(3)}s.png`;
}

const FRAME_NAME = /^(.+)@(\d+\.\d{3})s\.png$/;

/**
 * The video a frame was taken from, as its name gives it (the video's name without its
 * ending: "press" for "press@12.345s.png"), or null for a name no frame is given.
 */
export function videoOfFrame(frameName: string): string | null {
  return FRAME_NAME.exec(frameName)?.[1] ?? null;
}

/** A video's name as its frames carry it: without its ending. */
export function videoStem(videoName: string): string {
  return videoName.replace(/\.[a-z0-9]+$/i, '');
}
