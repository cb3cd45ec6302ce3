// Binary-mask tools the dot finders share: connected components, the exact Euclidean
// distance transform, opening by a disc (to cut a dot free from a thinner line touching
// it), and shape statistics of a region. Typed arrays throughout, no per-pixel objects.

const FAR = 1e20;

/**
 * Squared distance from each pixel centre to the nearest pixel where `mask` is 0 (or, with
 * `invert`, where it is not 0). Without `invert` the outside of the raster counts as 0, so
 * regions touching the border are measured conservatively. Felzenszwalb and Huttenlocher's
 * lower-envelope transform, one pass per axis: linear in the number of pixels.
 */
export function squaredDistance(
  mask: Uint8Array,
  width: number,
  height: number,
  invert = false,
): Float32Array {
  const out = new Float32Array(width * height);
  const pad = invert ? 0 : 1;
  const n = Math.max(width, height) + 2;
  const f = new Float64Array(n);
  const d = new Float64Array(n);
  const v = new Int32Array(n);
  const z = new Float64Array(n + 1);
  for (let x = 0; x < width; x++) {
    if (pad) f[0] = 0;
    for (let y = 0; y < height; y++) {
      const on = mask[y * width + x] !== 0;
      f[y + pad] = on !== invert ? FAR : 0;
    }
    if (pad) f[height + 1] = 0;
    transform1d(f, height + 2 * pad, d, v, z);
    for (let y = 0; y < height; y++) out[y * width + x] = d[y + pad]!;
  }
  for (let y = 0; y < height; y++) {
    if (pad) f[0] = 0;
    for (let x = 0; x < width; x++) f[x + pad] = out[y * width + x]!;
    if (pad) f[width + 1] = 0;
    transform1d(f, width + 2 * pad, d, v, z);
    for (let x = 0; x < width; x++) out[y * width + x] = d[x + pad]!;
  }
  return out;
}

/** d[q] = min over p of (q - p)^2 + f[p], skipping the p where f is FAR (no feature). */
function transform1d(
  f: Float64Array,
  n: number,
  d: Float64Array,
  v: Int32Array,
  z: Float64Array,
): void {
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq >= FAR) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = -Infinity;
      z[1] = Infinity;
      continue;
    }
    let p = v[k]!;
    let s = (fq + q * q - (f[p]! + p * p)) / (2 * (q - p));
    while (s <= z[k]!) {
      k--;
      p = v[k]!;
      s = (fq + q * q - (f[p]! + p * p)) / (2 * (q - p));
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Infinity;
  }
  if (k < 0) {
    d.fill(FAR, 0, n);
    return;
  }
  k = 0;
  for (let q = 0; q < n; q++) {
    while (z[k + 1]! < q) k++;
    const p = v[k]!;
    d[q] = (q - p) * (q - p) + f[p]!;
  }
}

/**
 * Morphological opening by a disc of `radius` px: the union of all such discs that fit in
 * the mask. A dot survives whole; a line thinner than the disc, touching it, disappears.
 */
export function openByDisc(
  mask: Uint8Array,
  width: number,
  height: number,
  radius: number,
  inside?: Float32Array,
): Uint8Array {
  const r2 = radius * radius;
  const dist = inside ?? squaredDistance(mask, width, height);
  const eroded = new Uint8Array(width * height);
  for (let i = 0; i < eroded.length; i++) eroded[i] = dist[i]! > r2 ? 1 : 0;
  const toEroded = squaredDistance(eroded, width, height, true);
  const opened = new Uint8Array(width * height);
  for (let i = 0; i < opened.length; i++) {
    opened[i] = mask[i] !== 0 && toEroded[i]! <= r2 ? 1 : 0;
  }
  return opened;
}

/** Grows a mask by `radius` px (Euclidean). */
export function dilate(
  mask: Uint8Array,
  width: number,
  height: number,
  radius: number,
): Uint8Array {
  const dist = squaredDistance(mask, width, height, true);
  const out = new Uint8Array(width * height);
  const r2 = radius * radius;
  for (let i = 0; i < out.length; i++) out[i] = mask[i] !== 0 || dist[i]! <= r2 ? 1 : 0;
  return out;
}

/** 8-connected components of the non-zero pixels: labels 1..count, 0 for background. */
export function labelComponents(
  mask: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; count: number } {
  const labels = new Int32Array(width * height);
  const parent = new Int32Array(Math.floor((width * height) / 2) + 2);
  let next = 1;
  const find = (a: number): number => {
    while (parent[a] !== a) {
      parent[a] = parent[parent[a]!]!;
      a = parent[a]!;
    }
    return a;
  };
  const union = (a: number, b: number): number => {
    const ra = find(a);
    const rb = find(b);
    if (ra === rb) return ra;
    if (ra < rb) {
      parent[rb] = ra;
      return ra;
    }
    parent[ra] = rb;
    return rb;
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      if (mask[i] === 0) continue;
      let label = 0;
      // Already-visited neighbours: W, NW, N, NE.
      if (x > 0 && labels[i - 1] !== 0) label = labels[i - 1]!;
      if (y > 0) {
        const up = i - width;
        if (x > 0 && labels[up - 1] !== 0)
          label = label ? union(label, labels[up - 1]!) : labels[up - 1]!;
        if (labels[up] !== 0) label = label ? union(label, labels[up]!) : labels[up]!;
        if (x + 1 < width && labels[up + 1] !== 0)
          label = label ? union(label, labels[up + 1]!) : labels[up + 1]!;
      }
      if (label === 0) {
        if (next >= parent.length) return labelBySearch(mask, width, height);
        parent[next] = next;
        label = next++;
      }
      labels[i] = label;
    }
  }
  // Compact the roots to 1..count.
  const compact = new Int32Array(next);
  let count = 0;
  for (let l = 1; l < next; l++) {
    const root = find(l);
    if (compact[root] === 0) compact[root] = ++count;
    compact[l] = compact[root]!;
  }
  for (let i = 0; i < labels.length; i++) if (labels[i] !== 0) labels[i] = compact[labels[i]!]!;
  return { labels, count };
}

/** The same labels by flood fill, for the rare mask with more provisional labels than expected. */
function labelBySearch(
  mask: Uint8Array,
  width: number,
  height: number,
): { labels: Int32Array; count: number } {
  const labels = new Int32Array(width * height);
  const stack = new Int32Array(width * height);
  let count = 0;
  for (let start = 0; start < labels.length; start++) {
    if (mask[start] === 0 || labels[start] !== 0) continue;
    count++;
    let top = 0;
    stack[top++] = start;
    labels[start] = count;
    while (top > 0) {
      const i = stack[--top]!;
      const x = i % width;
      const y = (i - x) / width;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          const j = yy * width + xx;
          if (mask[j] !== 0 && labels[j] === 0) {
            labels[j] = count;
            stack[top++] = j;
          }
        }
      }
    }
  }
  return { labels, count };
}

/** Area, centroid, second moments and extent of one labelled region. */
export interface RegionShape {
  area: number;
  /** Centroid in the raster's pixel-centre coordinates (pixel i at i + 0.5). */
  cx: number;
  cy: number;
  /** Semi-axes of the ellipse with the same second moments (a >= b), and a's direction. */
  a: number;
  b: number;
  angle: number;
  /** Area over the moment ellipse's area: 1 for a filled ellipse, low for rings, glyphs, combs. */
  fill: number;
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

/**
 * Shape of the pixels where labels === label (or mask !== 0 when label is 0), in the
 * coordinates of a raster whose top-left pixel is (x0, y0).
 */
export function regionShape(
  labels: Int32Array | Uint8Array,
  width: number,
  height: number,
  label: number,
  x0 = 0,
  y0 = 0,
): RegionShape | null {
  let area = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const gy = y + y0;
    for (let x = 0; x < width; x++) {
      const value = labels[row + x]!;
      if (label === 0 ? value === 0 : value !== label) continue;
      const gx = x + x0;
      area++;
      sx += gx;
      sy += gy;
      sxx += gx * gx;
      sxy += gx * gy;
      syy += gy * gy;
      if (gx < minX) minX = gx;
      if (gx > maxX) maxX = gx;
      if (gy < minY) minY = gy;
      if (gy > maxY) maxY = gy;
    }
  }
  if (area === 0) return null;
  return shapeFromMoments(area, sx, sy, sxx, sxy, syy, minX, minY, maxX, maxY);
}

/** The moment ellipse of a region from its pixel sums (pixel x, y at their indices). */
export function shapeFromMoments(
  area: number,
  sx: number,
  sy: number,
  sxx: number,
  sxy: number,
  syy: number,
  minX: number,
  minY: number,
  maxX: number,
  maxY: number,
): RegionShape {
  const mx = sx / area;
  const my = sy / area;
  // A pixel is a unit square, not a point: add its own variance 1/12 so tiny regions behave.
  const vxx = sxx / area - mx * mx + 1 / 12;
  const vyy = syy / area - my * my + 1 / 12;
  const vxy = sxy / area - mx * my;
  const mean = (vxx + vyy) / 2;
  const diff = Math.sqrt(((vxx - vyy) / 2) ** 2 + vxy * vxy);
  const l1 = mean + diff;
  const l2 = Math.max(mean - diff, 1e-9);
  const a = 2 * Math.sqrt(l1);
  const b = 2 * Math.sqrt(l2);
  return {
    area,
    cx: mx + 0.5,
    cy: my + 0.5,
    a,
    b,
    angle: 0.5 * Math.atan2(2 * vxy, vxx - vyy),
    fill: area / (Math.PI * a * b),
    minX,
    minY,
    maxX,
    maxY,
  };
}

/** The same shape moved by (dx, dy) pixels: as seen from a raster cut at another origin. */
export function movedShape(shape: RegionShape, dx: number, dy: number): RegionShape {
  return {
    ...shape,
    cx: shape.cx + dx,
    cy: shape.cy + dy,
    minX: shape.minX + dx,
    maxX: shape.maxX + dx,
    minY: shape.minY + dy,
    maxY: shape.maxY + dy,
  };
}
