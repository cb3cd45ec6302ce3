// What the worker loads on first need of mathjs: reading typed lengths and evaluating the
// user's quantities. Imported only dynamically (src/worker/quantities.ts), so mathjs is a
// chunk of its own, never part of the worker's first load.
export { readLength } from './lengths';
export { evaluateQuantities } from './evaluate';
