// Small dense linear systems (the normal equations of the fits), by Gaussian elimination.

/**
 * Solves the n x n system H x = g by Gaussian elimination with partial pivoting; null when a
 * pivot is below `tiny` in size (singular) or the answer is not finite.
 */
export function solve(
  H: Float64Array,
  g: Float64Array,
  n: number,
  tiny = 1e-12,
): Float64Array | null {
  const x = Float64Array.from(g);
  return solveInPlace(Float64Array.from(H), x, n, tiny) ? x : null;
}

/**
 * As solve, in the storage given: `m` is overwritten, and `x` holds g on entry and the
 * answer on return; false where solve gives null. For the fits' many small systems, whose
 * two copies per solve cost more than the elimination (typed arrays of 5 to 25 numbers
 * took 0.35-0.5 us each to make in Node 20): in place, a robust fit of 96 outline points
 * went from 510 to 440 us.
 */
export function solveInPlace(m: Float64Array, x: Float64Array, n: number, tiny = 1e-12): boolean {
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) {
      if (Math.abs(m[r * n + col]!) > Math.abs(m[pivot * n + col]!)) pivot = r;
    }
    if (!(Math.abs(m[pivot * n + col]!) > tiny)) return false;
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
      const factor = m[r * n + col]! / m[col * n + col]!;
      if (factor === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] = m[r * n + c]! - factor * m[col * n + c]!;
      x[r] = x[r]! - factor * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let sum = x[r]!;
    for (let c = r + 1; c < n; c++) sum -= m[r * n + c]! * x[c]!;
    x[r] = sum / m[r * n + r]!;
  }
  for (let r = 0; r < n; r++) if (!Number.isFinite(x[r]!)) return false;
  return true;
}
