/**
 * The length of (x, y). Math.hypot gives the same to the last bit or so, with a care for
 * overflow that pixel-scale numbers never need, and costs far more: in Node 20 a call took
 * 75 ns against 3.5 ns for this (10^7 calls). The outline fits call it for every point of
 * every step: a robust fit of 96 outline points took 690 us with Math.hypot, 440 with this.
 */
export function norm(x: number, y: number): number {
  return Math.sqrt(x * x + y * y);
}
