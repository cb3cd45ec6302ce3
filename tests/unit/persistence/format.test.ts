// The autosave UI's words: how long ago, how much space, what came back.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  missingMessage,
  restoredMessage,
  savedAtMessage,
  timeAgo,
} from '../../../src/ui/persistence/format';

const NOW = Date.UTC(2025, 5, 1, 12, 0, 0);

describe('timeAgo', () => {
  it.each([
    [0, 'just now'],
    [44_000, 'just now'],
    [60_000, '1 minute ago'],
    [120_000, '2 minutes ago'],
    [59 * 60_000, '59 minutes ago'],
    [3 * 3_600_000, '3 hours ago'],
    [30 * 3_600_000, 'yesterday'],
    [5 * 86_400_000, '5 days ago'],
  ])('%i ms before now reads "%s"', (ago, words) => {
    expect(timeAgo(NOW - ago, NOW)).toBe(words);
  });

  it('treats a time in the future (a changed clock) as just now', () => {
    expect(timeAgo(NOW + 60_000, NOW)).toBe('just now');
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [840_000, '840 KB'],
    [38_200_000, '38.2 MB'],
    [1_400_000_000, '1.4 GB'],
    [Number.NaN, '0 B'],
  ])('%d bytes read "%s"', (bytes, words) => {
    expect(formatBytes(bytes)).toBe(words);
  });
});

describe('restore messages', () => {
  it('counts photos and points in words, singular and plural', () => {
    const two = { photos: 3, points: 21, savedAt: NOW - 120_000, missing: 0 };
    expect(restoredMessage(two, NOW)).toBe(
      'Restored 3 photos and 21 points from your last session, saved 2 minutes ago.',
    );
    const one = { photos: 1, points: 1, savedAt: NOW, missing: 0 };
    expect(restoredMessage(one, NOW)).toBe(
      'Restored 1 photo and 1 point from your last session, saved just now.',
    );
  });

  it('names the photos that did not come back, and how to get them back', () => {
    expect(missingMessage({ photos: 3, points: 0, savedAt: NOW, missing: 0 })).toBeNull();
    expect(missingMessage({ photos: 2, points: 0, savedAt: NOW, missing: 1 })).toMatch(
      /^1 image's photo is not in the browser's storage: .*add the photo again/,
    );
    expect(missingMessage({ photos: 0, points: 0, savedAt: NOW, missing: 4 })).toMatch(
      /^4 images'/,
    );
  });
});

describe('savedAtMessage', () => {
  it('gives the local time of the save as a 24-hour clock', () => {
    expect(savedAtMessage(new Date(2025, 5, 1, 9, 5, 59).getTime())).toBe('Saved at 09:05.');
    expect(savedAtMessage(new Date(2025, 5, 1, 23, 40).getTime())).toBe('Saved at 23:40.');
  });
});
