// Words for the autosave UI: how long ago, how much space, what came back.
import type { RestoreSummary } from '../../state/sessionRestore';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/**
 * "just now", "2 minutes ago", "3 hours ago", "yesterday", "5 days ago". Written out
 * rather than with Intl.RelativeTimeFormat, whose first use costs tens of milliseconds
 * of ICU set-up in the task that shows the restore notice.
 */
export function timeAgo(then: number, now: number): string {
  const seconds = Math.max(0, (now - then) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${plural(hours, 'hour')} ago`;
  const days = Math.round(hours / 24);
  return days === 1 ? 'yesterday' : `${plural(days, 'day')} ago`;
}

/** "840 KB", "38.2 MB", "1.4 GB". */
export function formatBytes(bytes: number): string {
  if (!(bytes >= 0)) return '0 B';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** "Restored 3 photos and 21 points from your last session, saved 2 minutes ago." */
export function restoredMessage(summary: RestoreSummary, now: number): string {
  return `Restored ${plural(summary.photos, 'photo')} and ${plural(summary.points, 'point')} from your last session, saved ${timeAgo(summary.savedAt, now)}.`;
}

/** What could not come back, or null when everything did. */
export function missingMessage(summary: RestoreSummary): string | null {
  const n = summary.missing;
  if (n === 0) return null;
  return n === 1
    ? "1 image's photo is not in the browser's storage: its points are back; add the photo again with “Add photos” to see it."
    : `${n} images' photos are not in the browser's storage: their points are back; add the photos again with “Add photos” to see them.`;
}

/**
 * "Saved at 14:03." in local 24-hour time. Written out by hand: the first Intl time
 * formatter of a page costs 20-50 ms of ICU set-up on this class of machine, a long task
 * for a status line.
 */
export function savedAtMessage(savedAt: number): string {
  const at = new Date(savedAt);
  const two = (n: number) => String(n).padStart(2, '0');
  return `Saved at ${two(at.getHours())}:${two(at.getMinutes())}.`;
}
