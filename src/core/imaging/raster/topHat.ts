// Darkness below the local background (a black top-hat): what every search for dark marks
// thresholds, so a dot reads dark against its own surroundings wherever it sits.

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
