// Words for the autosave UI: how long ago, how much space, what came back.
import type { RestoreSummary } from '../../state/persistence.svelte';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

/** "just now", "2 minutes ago", "3 hours ago", "yesterday", "5 days ago". */
export function timeAgo(then: number, now: number): string {
  const seconds = Math.max(0, (now - then) / 1000);
  if (seconds < 45) return 'just now';
  const words = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return words.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (hours < 24) return words.format(-hours, 'hour');
  return words.format(-Math.round(hours / 24), 'day');
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

// Made once: toLocaleTimeString with options builds a new formatter on every call, and the
// first one costs about 20 ms of ICU set-up, inside the task that shows the first save.
let clock: Intl.DateTimeFormat | undefined;

/** Sets up the clock formatter ahead of time, for an idle moment before the first save. */
export function prepareClock(): Intl.DateTimeFormat {
  clock ??= new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
  return clock;
}

/** "Saved at 14:03." (in the user's own clock format) */
export function savedAtMessage(savedAt: number): string {
  return `Saved at ${prepareClock().format(savedAt)}.`;
}
