// Pictures of the photos for the printed report: each photo decoded again and shrunk to a
// size that prints sharp (the 192 px thumbnails print at about 80 dpi in the report's
// three-column grid; 720 px prints at about 300). Made one photo at a time, in the worker,
// so a report of 30 photos of 12 MP keeps the page responsive while it is prepared.
import { decodeChecked } from './decode';
import { photoFile, shrunkJpeg } from './photos';
import { thumbnailUrl } from './thumbnailUrls';

export const REPORT_PICTURE_EDGE = 720;

export interface ReportPictures {
  /** Object URLs of the pictures made, by photo id (the page revokes them). */
  urls: Record<string, string>;
  /** Ids whose photo could not be read again (the report shows their thumbnails). */
  missing: string[];
}

export async function reportPictures(
  ids: readonly string[],
  onProgress?: (done: number, total: number) => void,
  /** The pictures' longest edge, px: larger for a sequence's video, which shows part of a photo. */
  edge = REPORT_PICTURE_EDGE,
): Promise<ReportPictures> {
  const urls: Record<string, string> = {};
  const missing: string[] = [];
  for (const [i, id] of ids.entries()) {
    try {
      const bitmap = await decodeChecked(photoFile(id));
      try {
        urls[id] = thumbnailUrl(await shrunkJpeg(bitmap, edge));
      } finally {
        bitmap.close();
      }
    } catch {
      missing.push(id);
    }
    onProgress?.(i + 1, ids.length);
  }
  return { urls, missing };
}
