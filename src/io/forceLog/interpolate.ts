// Each photo's force from the force log: linear interpolation between the two logged rows
// around the photo's travel (or time). A log that only moves forward is searched by halves;
// one that goes back and forth (an unloading, a pause) takes the first crossing, in the order
// the machine logged it.
import type { ForceLog } from '../../model/quantities';

/** Logged columns are read by index often; a missing entry reads as NaN, never matching. */
const at = (values: readonly number[], index: number): number => values[index] ?? NaN;

export type ForceReading = { ok: true; force: number } | { ok: false; reason: string };

function ascending(x: readonly number[]): boolean {
  for (let i = 1; i < x.length; i++) if (!(at(x, i) >= at(x, i - 1))) return false;
  return true;
}

/** The index i of the first logged segment [x[i], x[i+1]] that holds `at`, or -1. */
function segmentOf(x: readonly number[], where: number, sorted: boolean): number {
  if (sorted) {
    let low = 0;
    let high = x.length - 1;
    if (high < 1 || where < at(x, low) || where > at(x, high)) return -1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (at(x, middle) <= where) low = middle;
      else high = middle;
    }
    return low;
  }
  for (let i = 0; i + 1 < x.length; i++) {
    const [a, b] = [at(x, i), at(x, i + 1)];
    if ((a <= where && where <= b) || (b <= where && where <= a)) return i;
  }
  return -1;
}

function range(x: readonly number[]): [number, number] {
  let low = Infinity;
  let high = -Infinity;
  for (const value of x) {
    low = Math.min(low, value);
    high = Math.max(high, value);
  }
  return [low, high];
}

/** A reader of forces at given travels (or times) along one log. */
export function forceReader(
  log: Pick<ForceLog, 'x' | 'force' | 'axis'>,
): (at: number) => ForceReading {
  const { x, force } = log;
  const sorted = ascending(x);
  const [low, high] = range(x);
  const unit = log.axis === 'travel' ? 'mm' : 's';
  const what = log.axis === 'travel' ? 'travel' : 'time';
  return (where) => {
    if (x.length === 1 && where === x[0]) return { ok: true, force: at(force, 0) };
    const i = segmentOf(x, where, sorted);
    if (i < 0) {
      return {
        ok: false,
        reason: `its ${what} ${where} ${unit} is outside the logged range (${low} to ${high} ${unit})`,
      };
    }
    const span = at(x, i + 1) - at(x, i);
    const t = span === 0 ? 0 : (where - at(x, i)) / span;
    return { ok: true, force: at(force, i) + t * (at(force, i + 1) - at(force, i)) };
  };
}

/**
 * Each photo's force, from its travel (or time) as the log's axis asks; a photo without that
 * value, or outside the logged range, has none and a reason why.
 */
export function photoForces(
  log: Pick<ForceLog, 'x' | 'force' | 'axis'>,
  photos: readonly { travel: number | null; time: number | null }[],
): ForceReading[] {
  const read = forceReader(log);
  return photos.map((photo) => {
    const where = log.axis === 'travel' ? photo.travel : photo.time;
    if (where === null) {
      return {
        ok: false,
        reason:
          log.axis === 'travel' ? 'it has no press travel' : 'it has no time (not a video frame)',
      };
    }
    return read(where);
  });
}
