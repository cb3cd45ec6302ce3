// The outline of a dot: where rays from inside cross the threshold contour, and the centre
// of the ellipse fitted to it, robust to a line or shadow that touches the dot and takes
// over part of its outline. It gives the centroid a start near the truth.
import type { Vec2 } from '../types';
import type { RegionShape } from './morphology';

/** Bilinear sample of a window raster at continuous coordinates (pixel centres at +0.5). */
export function sample(data: Float32Array, w: number, h: number, fx: number, fy: number): number {
  const x = Math.min(Math.max(fx - 0.5, 0), w - 1.000001);
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1.000001);
  const ix = Math.floor(x);
  const iy = Math.floor(y);
  const tx = x - ix;
  const ty = y - iy;
  const i = iy * w + ix;
  return (
    (1 - ty) * ((1 - tx) * data[i]! + tx * data[i + 1]!) +
    ty * ((1 - tx) * data[i + w]! + tx * data[i + w + 1]!)
  );
}

/**
 * The centre of the ellipse fitted to the dot's outline (the threshold contour), robust to
 * a line or shadow touching it. Rays from the current centre find the outline; an ellipse
 * (a general conic) is fitted to those points by least squares, and points well off it,
 * where the outline runs out along the touching structure, are dropped and the fit redone.
 * The first cut is against the region's moment ellipse, before any fit can be pulled.
 */
export function edgeCentre(
  smooth: Float32Array,
  w: number,
  h: number,
  shape: RegionShape,
  threshold: number,
): Outline | null {
  const cx = shape.cx;
  const cy = shape.cy;
  if (sample(smooth, w, h, cx, cy) <= threshold) return null;
  const rays = Math.min(144, Math.max(72, 4 * Math.round(Math.PI * shape.a * 0.5)));
  const limit = 2 * shape.a + 6;
  const px = new Float64Array(rays);
  const py = new Float64Array(rays);
  const use = new Uint8Array(rays);
  let found = 0;
  for (let k = 0; k < rays; k++) {
    const ux = Math.cos((2 * Math.PI * k) / rays);
    const uy = Math.sin((2 * Math.PI * k) / rays);
    let previous = sample(smooth, w, h, cx, cy);
    for (let r = 0.25; r <= limit; r += 0.25) {
      const x = cx + r * ux;
      const y = cy + r * uy;
      if (x < 0.5 || y < 0.5 || x > w - 0.5 || y > h - 0.5) break;
      const value = sample(smooth, w, h, x, y);
      if (value <= threshold) {
        const at = r - (0.25 * (threshold - value)) / (previous - value);
        // Relative to the start, for a well-conditioned fit.
        px[k] = at * ux;
        py[k] = at * uy;
        use[k] = 1;
        found++;
        break;
      }
      previous = value;
    }
  }
  if (found < rays / 6) return null;

  // Where a touching structure takes over, the outline jumps outwards from the shape the
  // region's moments predict: split the rays into runs at such jumps and start from the
  // longest run, the part of the outline that is the dot's.
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  const offsets = new Float64Array(rays);
  for (let k = 0; k < rays; k++) {
    const ux = Math.cos((2 * Math.PI * k) / rays);
    const uy = Math.sin((2 * Math.PI * k) / rays);
    const u = ux * cos + uy * sin;
    const v = -ux * sin + uy * cos;
    const model = 1 / Math.sqrt((u / shape.a) ** 2 + (v / shape.b) ** 2);
    offsets[k] = use[k] ? Math.hypot(px[k]!, py[k]!) - model : NaN;
  }
  const inlier = longestRun(offsets, Math.max(1, 0.15 * shape.b));
  if (!inlier) return null;
  // A free ellipse through part of an outline is poorly determined: until the fitted points
  // go most of the way round, keep the region's shape and fit only centre and size.
  const metric: Conic = {
    ox: 0,
    oy: 0,
    m11: (cos / shape.a) ** 2 + (sin / shape.b) ** 2,
    m12: cos * sin * (1 / shape.a ** 2 - 1 / shape.b ** 2),
    m22: (sin / shape.a) ** 2 + (cos / shape.b) ** 2,
  };
  const fit = (mask: Uint8Array, count: number) =>
    (count >= 0.6 * rays ? fitConic(px, py, mask) : null) ?? fitShaped(px, py, mask, metric);
  let ellipse = fit(
    inlier,
    inlier.reduce((n, v) => n + v, 0),
  );
  if (!ellipse) return null;
  const residuals = new Float64Array(rays);
  const residual = (e: Conic, k: number) =>
    (conicRadius(e, px[k]!, py[k]!) - 1) * Math.hypot(px[k]! - e.ox, py[k]! - e.oy);
  let kept = 0;
  for (let round = 0; round < 6; round++) {
    let n = 0;
    for (let k = 0; k < rays; k++) if (inlier[k]) residuals[n++] = Math.abs(residual(ellipse, k));
    const mad = residuals.subarray(0, n).sort()[Math.floor(n / 2)]!;
    const cut = Math.max(0.4, 3 * 1.4826 * mad);
    let changed = false;
    kept = 0;
    for (let k = 0; k < rays; k++) {
      const keep = use[k] && Math.abs(residual(ellipse, k)) <= cut ? 1 : 0;
      if (keep !== inlier[k]) changed = true;
      inlier[k] = keep;
      kept += keep;
    }
    if (kept < rays / 6) return null;
    if (!changed) break;
    ellipse = fit(inlier, kept);
    if (!ellipse) return null;
  }
  let scatter = 0;
  for (let k = 0; k < rays; k++) if (inlier[k]) scatter += residual(ellipse, k) ** 2;
  return {
    centre: [cx + ellipse.ox, cy + ellipse.oy],
    rays,
    inliers: kept,
    residual: Math.sqrt(scatter / kept),
  };
}

/** The outline's fitted ellipse centre and how much of the outline it fits. */
export interface Outline {
  centre: Vec2;
  /** Rays cast, and those whose outline point the ellipse fits. */
  rays: number;
  inliers: number;
  /** RMS distance of those points from the ellipse, px. */
  residual: number;
}

/**
 * The longest circular run of consecutive rays whose outline radii change by less than
 * `jump` from one ray to the next (as a 0/1 mask), or null if it spans under a quarter turn.
 */
function longestRun(radii: Float64Array, jump: number): Uint8Array | null {
  const n = radii.length;
  const joined = (k: number) => {
    const a = radii[(k + n - 1) % n]!;
    const b = radii[k]!;
    return Number.isFinite(a) && Number.isFinite(b) && Math.abs(a - b) <= jump;
  };
  let start = -1;
  for (let k = 0; k < n; k++) {
    if (!joined(k)) {
      start = k;
      break;
    }
  }
  const mask = new Uint8Array(n);
  if (start < 0) {
    mask.fill(1);
    return mask;
  }
  let bestStart = 0;
  let bestLength = 0;
  let runStart = start;
  let length = 0;
  for (let i = 0; i <= n; i++) {
    const k = (start + i) % n;
    if (i === n || !joined(k)) {
      if (length > bestLength) {
        bestLength = length;
        bestStart = runStart;
      }
      runStart = k;
      length = Number.isFinite(radii[k]!) ? 1 : 0;
    } else {
      length++;
    }
  }
  if (bestLength < n / 4) return null;
  for (let i = 0; i < bestLength; i++) mask[(bestStart + i) % n] = 1;
  return mask;
}

/** An ellipse (p - o)^T M (p - o) = 1. */
interface Conic {
  ox: number;
  oy: number;
  m11: number;
  m12: number;
  m22: number;
}

/** sqrt((p - o)^T M (p - o)): 1 on the ellipse, the point's relative distance out. */
function conicRadius(e: Conic, x: number, y: number): number {
  const dx = x - e.ox;
  const dy = y - e.oy;
  return Math.sqrt(Math.max(0, e.m11 * dx * dx + 2 * e.m12 * dx * dy + e.m22 * dy * dy));
}

/**
 * Least-squares ellipse of a given shape (the metric's, up to scale) through the chosen
 * points: p^T M p = 2 q.p - k is linear in q = M o and k = o^T M o - s^2.
 */
function fitShaped(
  px: Float64Array,
  py: Float64Array,
  use: Uint8Array,
  metric: Conic,
): Conic | null {
  const ata = new Float64Array(9);
  const atb = new Float64Array(3);
  const row = new Float64Array(3);
  let count = 0;
  for (let k = 0; k < px.length; k++) {
    if (!use[k]) continue;
    const x = px[k]!;
    const y = py[k]!;
    row[0] = 2 * x;
    row[1] = 2 * y;
    row[2] = -1;
    const rhs = metric.m11 * x * x + 2 * metric.m12 * x * y + metric.m22 * y * y;
    for (let i = 0; i < 3; i++) {
      atb[i] = atb[i]! + row[i]! * rhs;
      for (let j = 0; j < 3; j++) ata[i * 3 + j] = ata[i * 3 + j]! + row[i]! * row[j]!;
    }
    count++;
  }
  if (count < 6) return null;
  const solution = solveLinear(ata, atb, 3);
  if (!solution) return null;
  const [q1, q2, k] = solution as unknown as [number, number, number];
  const det = metric.m11 * metric.m22 - metric.m12 * metric.m12;
  const ox = (metric.m22 * q1 - metric.m12 * q2) / det;
  const oy = (metric.m11 * q2 - metric.m12 * q1) / det;
  const s2 = ox * q1 + oy * q2 - k;
  if (!(s2 > 0)) return null;
  return { ox, oy, m11: metric.m11 / s2, m12: metric.m12 / s2, m22: metric.m22 / s2 };
}

/**
 * Least-squares conic A x^2 + B xy + C y^2 + D x + E y = 1 through the chosen points (the
 * origin, the start, is inside the dot, so the constant term cannot vanish), as an ellipse.
 */
function fitConic(px: Float64Array, py: Float64Array, use: Uint8Array): Conic | null {
  const n = 5;
  const ata = new Float64Array(n * n);
  const atb = new Float64Array(n);
  const row = new Float64Array(n);
  let count = 0;
  for (let k = 0; k < px.length; k++) {
    if (!use[k]) continue;
    const x = px[k]!;
    const y = py[k]!;
    row[0] = x * x;
    row[1] = x * y;
    row[2] = y * y;
    row[3] = x;
    row[4] = y;
    for (let i = 0; i < n; i++) {
      atb[i] = atb[i]! + row[i]!;
      for (let j = 0; j < n; j++) ata[i * n + j] = ata[i * n + j]! + row[i]! * row[j]!;
    }
    count++;
  }
  if (count < 8) return null;
  const solution = solveLinear(ata, atb, n);
  if (!solution) return null;
  const [A, B, C, D, E] = solution as unknown as [number, number, number, number, number];
  const det = 4 * A * C - B * B;
  if (!(det > 0) || !(A > 0)) return null;
  const ox = (B * E - 2 * C * D) / det;
  const oy = (B * D - 2 * A * E) / det;
  // (p - o)^T M (p - o) = 1 - f(o), where f is the fitted left-hand side.
  const norm = 1 - (A * ox * ox + B * ox * oy + C * oy * oy + D * ox + E * oy);
  if (!(norm > 0)) return null;
  return { ox, oy, m11: A / norm, m12: B / 2 / norm, m22: C / norm };
}

/** Gaussian elimination with partial pivoting on a small dense system; null if singular. */
function solveLinear(a: Float64Array, b: Float64Array, n: number): Float64Array | null {
  const m = Float64Array.from(a);
  const x = Float64Array.from(b);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    if (Math.abs(m[pivot * n + col]!) < 1e-300) return null;
    if (pivot !== col) {
      for (let c = 0; c < n; c++) {
        const t = m[col * n + c]!;
        m[col * n + c] = m[pivot * n + c]!;
        m[pivot * n + c] = t;
      }
      const t = x[col]!;
      x[col] = x[pivot]!;
      x[pivot] = t;
    }
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / m[col * n + col]!;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] = m[r * n + c]! - f * m[col * n + c]!;
      x[r] = x[r]! - f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let c = r + 1; c < n; c++) sum -= m[r * n + c]! * x[c]!;
    x[r] = sum / m[r * n + r]!;
  }
  return x.every(Number.isFinite) ? x : null;
}
