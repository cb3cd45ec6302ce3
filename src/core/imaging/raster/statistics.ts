// Robust statistics of grey values: medians, quantiles and the median absolute deviation
// (from one shared histogram, as the many small fits of each dot need them fast), and the
// pixel noise of a patch of grey values.

const BINS = 4096;
const LOW = -512;
const WIDTH = 1024 / BINS;
/**
 * One histogram for every call, all zero between calls: only the bins a call used are
 * cleared, and its quantiles are read from the lowest of them. A fresh 4096-bin histogram
 * per call, cleared and read from the start, cost more than the values in the many small
 * robust fits of each dot: 300 values took 10.7 us that way, 4.0 us this way.
 */
const histogram = new Uint32Array(BINS);

/** Median and median absolute deviation of values known to lie in [-512, 512]. */
export function medianAndMad(values: Float32Array, count: number): { median: number; mad: number } {
  if (count === 0) return { median: 0, mad: 0 };
  let low = BINS;
  let high = -1;
  for (let i = 0; i < count; i++) {
    const bin = Math.min(BINS - 1, Math.max(0, Math.floor((values[i]! - LOW) / WIDTH)));
    histogram[bin] = histogram[bin]! + 1;
    if (bin < low) low = bin;
    if (bin > high) high = bin;
  }
  const median = quantileOf(low, count, 0.5) * WIDTH + LOW;
  histogram.fill(0, low, high + 1);
  low = BINS;
  high = -1;
  for (let i = 0; i < count; i++) {
    const bin = Math.min(BINS - 1, Math.floor(Math.abs(values[i]! - median) / WIDTH));
    histogram[bin] = histogram[bin]! + 1;
    if (bin < low) low = bin;
    if (bin > high) high = bin;
  }
  const mad = quantileOf(low, count, 0.5) * WIDTH;
  histogram.fill(0, low, high + 1);
  return { median, mad };
}

/** The (interpolated) bin position below which `q` of the counts fall; none lie below `from`. */
function quantileOf(from: number, count: number, q: number): number {
  const target = q * count;
  let seen = 0;
  for (let bin = from; bin < BINS; bin++) {
    const n = histogram[bin]!;
    if (seen + n >= target && n > 0) return bin + (target - seen) / n;
    seen += n;
  }
  return BINS;
}

/**
 * The middle value of the list, sorted[floor(n / 2)] (the upper of the two middles for an
 * even count), or `empty` for an empty list. Reorders the list (see kthSmallest).
 */
export function middleValue(values: number[], empty = 0): number {
  return values.length > 0 ? kthSmallest(values, values.length, values.length >> 1) : empty;
}

/**
 * The k-th smallest (from 0) of the first `count` values: sorted[k], found by selection
 * (Hoare's), which leaves the values reordered. The same number a sort gives, at a
 * fraction of the cost: the outline fits take many medians of about a hundred values
 * (96 values: 10.7 us sorted, 1.3 us selected, Node 20), and a dot's light ring a
 * quantile of a few thousand (2500 values: 140 and 25 us).
 */
export function kthSmallest(
  values: Float32Array | Float64Array | number[],
  count: number,
  k: number,
) {
  let lo = 0;
  let hi = count - 1;
  while (hi > lo) {
    const pivot = values[(lo + hi) >> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i++] = values[j]!;
        values[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return values[k]!;
}

/**
 * Pixel noise (standard deviation, grey levels) from differences of horizontal neighbours:
 * a lighting gradient or a dot edge barely moves the median of those, unlike the spread of
 * the values themselves.
 */
export function noiseLevel(data: Float32Array, width: number, height: number): number {
  const diffs = new Float32Array(Math.max(0, (width - 1) * Math.ceil(height / 2)));
  let n = 0;
  for (let y = 0; y < height; y += 2) {
    const row = y * width;
    for (let x = 0; x + 1 < width; x++) diffs[n++] = data[row + x + 1]! - data[row + x]!;
  }
  const { mad } = medianAndMad(diffs, n);
  // MAD of a difference of two independent normals: 0.6745 * sqrt(2) * sigma.
  return mad / (0.6745 * Math.SQRT2);
}
