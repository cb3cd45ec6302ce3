// Robust statistics of a grey window: the pixel noise, and the light background under a
// dot as a plane (so a lighting gradient across the dot does not shift its centroid).

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

/** A plane z = c0 + cx * x + cy * y over window pixel indices (x, y). */
export interface Plane {
  c0: number;
  cx: number;
  cy: number;
}

/**
 * Least-squares plane through the window pixels listed in `indices`, refitted a few times
 * without the pixels far from it (dark ink, a shadow, a highlight), which are judged against
 * the median absolute deviation of the residuals.
 */
export function robustPlane(
  data: Float32Array,
  width: number,
  indices: Int32Array,
  count: number,
  rounds = 3,
): Plane | null {
  // Each pixel's coordinates once, not a division per pixel in every fit and residual:
  // with the quantile in rimLevels selected rather than sorted, a dot's light levels on
  // the 12 MP bench photo went from 0.88 to 0.47 ms (Node).
  const xs = new Float64Array(count);
  const ys = new Float64Array(count);
  const zs = new Float64Array(count);
  for (let k = 0; k < count; k++) {
    const i = indices[k]!;
    const x = i % width;
    xs[k] = x;
    ys[k] = (i - x) / width;
    zs[k] = data[i]!;
  }
  const residuals = new Float32Array(count);
  const keep = new Uint8Array(count).fill(1);
  let plane: Plane | null = null;
  for (let round = 0; round <= rounds; round++) {
    plane = fitPlane(xs, ys, zs, count, keep) ?? plane;
    if (!plane || round === rounds) break;
    const { c0, cx, cy } = plane;
    for (let k = 0; k < count; k++) residuals[k] = zs[k]! - (c0 + cx * xs[k]! + cy * ys[k]!);
    const { median, mad } = medianAndMad(residuals, count);
    const sigma = Math.max(1.4826 * mad, 0.5);
    const low = median - 2.5 * sigma;
    const high = median + 3.5 * sigma;
    let kept = 0;
    for (let k = 0; k < count; k++) {
      const r = residuals[k]!;
      keep[k] = r > low && r < high ? 1 : 0;
      kept += keep[k]!;
    }
    if (kept < 3) break;
  }
  return plane;
}

/** Least-squares plane z = c0 + cx x + cy y through the kept points. */
function fitPlane(
  xs: Float64Array,
  ys: Float64Array,
  zs: Float64Array,
  count: number,
  keep: Uint8Array,
): Plane | null {
  // Centre the coordinates so the normal equations stay well conditioned.
  let n = 0;
  let mx = 0;
  let my = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    mx += xs[k]!;
    my += ys[k]!;
    n++;
  }
  if (n < 3) return null;
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let sz = 0;
  let sxz = 0;
  let syz = 0;
  for (let k = 0; k < count; k++) {
    if (!keep[k]) continue;
    const x = xs[k]! - mx;
    const y = ys[k]! - my;
    const z = zs[k]!;
    sxx += x * x;
    sxy += x * y;
    syy += y * y;
    sz += z;
    sxz += x * z;
    syz += y * z;
  }
  const det = sxx * syy - sxy * sxy;
  const mean = sz / n;
  let cx = 0;
  let cy = 0;
  // Pixels along one line cannot tell a slope across it: fit a level then.
  if (det > 1e-9 * (sxx + syy) ** 2 && det > 0) {
    cx = (sxz * syy - syz * sxy) / det;
    cy = (syz * sxx - sxz * sxy) / det;
  }
  return { c0: mean - cx * mx - cy * my, cx, cy };
}

/**
 * Darkness below the local background: the grey closing (max filter, then min filter, over
 * a size x size square) minus the image. The closing fills in every dark feature narrower
 * than the square (dots, lines, ticks) and follows everything wider (a shadowed area, the
 * table beside the specimen), so a dot reads dark against its own surroundings wherever it
 * sits. Van Herk / Gil-Werman running extrema: a few operations per pixel whatever the size.
 * From a square of 24 px up the closing is worked out on `grain` x `grain` block maxima
 * (default 2), where a background that is only used to threshold loses nothing that matters.
 */
export function blackTopHat(
  grey: Float32Array,
  w: number,
  h: number,
  size: number,
  grain = 2,
): Float32Array {
  if (size >= 24) return coarseTopHat(grey, w, h, size, Math.max(2, Math.floor(grain)));
  const k = Math.max(1, Math.floor(size) | 1);
  const closed = new Float32Array(grey);
  closeSquare(closed, w, h, k);
  for (let i = 0; i < closed.length; i++) closed[i] = closed[i]! - grey[i]!;
  return closed;
}

/**
 * The same for a large square with a fraction of the work: the closing of the block maxima
 * with a square `block` times smaller, read back per pixel (and never below the pixel).
 */
function coarseTopHat(
  grey: Float32Array,
  w: number,
  h: number,
  size: number,
  block: number,
): Float32Array {
  const cw = Math.ceil(w / block);
  const ch = Math.ceil(h / block);
  const coarse = new Float32Array(cw * ch).fill(-Infinity);
  // Block by block along each row, the running value in a local, not a counter and a read
  // and write of the block's cell per pixel: the closing of a 12 MP photo's search copy
  // went from 6.2 to 5.7 ms.
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / block) * cw;
    const line = y * w;
    for (let x = 0, bx = 0; x < w; bx++) {
      const end = Math.min(w, x + block);
      let high = coarse[row + bx]!;
      for (; x < end; x++) {
        const v = grey[line + x]!;
        if (v > high) high = v;
      }
      coarse[row + bx] = high;
    }
  }
  closeSquare(coarse, cw, ch, Math.max(1, Math.floor(size / block) | 1));
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const row = Math.floor(y / block) * cw;
    const line = y * w;
    for (let x = 0, bx = 0; x < w; bx++) {
      const end = Math.min(w, x + block);
      const c = coarse[row + bx]!;
      for (; x < end; x++) {
        const v = grey[line + x]!;
        out[line + x] = c > v ? c - v : 0;
      }
    }
  }
  return out;
}

/** In place: the closing by a k x k square (a running max, then a running min, each by rows and columns). */
function closeSquare(data: Float32Array, w: number, h: number, k: number): void {
  runningExtreme(data, w, h, k, true, true);
  runningExtreme(data, w, h, k, true, false);
  runningExtreme(data, w, h, k, false, true);
  runningExtreme(data, w, h, k, false, false);
}

/** In place: centred running max (or min) of width k along rows or along columns. */
function runningExtreme(
  data: Float32Array,
  w: number,
  h: number,
  k: number,
  isMax: boolean,
  alongRows: boolean,
): void {
  const n = alongRows ? w : h;
  const lines = alongRows ? h : w;
  const stride = alongRows ? 1 : w;
  const step = alongRows ? w : 1;
  const half = k >> 1;
  const m = n + 2 * half;
  const line = new Float32Array(m);
  const prefix = new Float32Array(m);
  const suffix = new Float32Array(m);
  // Negating turns a running min into a running max: one loop serves both.
  const sign = isMax ? 1 : -1;
  line.fill(-Infinity);
  for (let l = 0; l < lines; l++) {
    const base = l * step;
    for (let i = 0, j = base; i < n; i++, j += stride) line[i + half] = sign * data[j]!;
    // Maxima within blocks of k: running from each block's start, and from its end.
    for (let start = 0; start < m; start += k) {
      const end = start + k < m ? start + k : m;
      let acc = -Infinity;
      for (let i = start; i < end; i++) {
        const v = line[i]!;
        if (v > acc) acc = v;
        prefix[i] = acc;
      }
      acc = -Infinity;
      for (let i = end - 1; i >= start; i--) {
        const v = line[i]!;
        if (v > acc) acc = v;
        suffix[i] = acc;
      }
    }
    // The window of pixel i is padded [i, i + k - 1]: a block's tail and the next one's head.
    for (let i = 0, j = base; i < n; i++, j += stride) {
      const a = suffix[i]!;
      const b = i + k - 1 < m ? prefix[i + k - 1]! : -Infinity;
      data[j] = sign * (a > b ? a : b);
    }
  }
}
