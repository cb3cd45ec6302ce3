// The worker's first word: posted once its module has loaded and its API is listening, so
// the page can tell a worker that could not start (its script missing or broken, as after an
// update in an old tab) from one that is busy. comlink ignores messages without a call id.
export const READY_MESSAGE = 'strain-seer:engine-ready';

export function isReadyMessage(data: unknown): boolean {
  return data === READY_MESSAGE;
}
