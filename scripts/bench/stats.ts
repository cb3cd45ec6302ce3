// Summaries of repeated measurements. A single timing on a shared two-core machine says little,
// so every figure is a set of runs summarised by its median (robust to the odd slow run) and its
// full range (so a reader sees how far one run can stray).

export interface Spread {
  median: number;
  min: number;
  max: number;
  /** How many runs the summary is made of. */
  runs: number;
}

/** Median and range of `values`; the median of an even count is the mean of the middle two. */
export function spread(values: readonly number[]): Spread {
  if (values.length === 0) throw new Error('spread() needs at least one value');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, min: sorted[0]!, max: sorted[sorted.length - 1]!, runs: sorted.length };
}

/** A figure that is one exact number rather than a timing (bytes, a count): no spread. */
export function exact(value: number): Spread {
  return { median: value, min: value, max: value, runs: 1 };
}

/**
 * A figure over a whole set (an RMS over all dots, the worst of them) with the range of the
 * same figure over its parts (each size, each kind of shade) as its spread.
 */
export function overParts(central: number, parts: readonly number[]): Spread {
  return { median: central, min: Math.min(...parts), max: Math.max(...parts), runs: parts.length };
}

export const rms = (values: readonly number[]): number =>
  Math.sqrt(values.reduce((sum, v) => sum + v * v, 0) / values.length);
