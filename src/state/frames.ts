// Waiting for the page to render. Building a large view in stages only helps if each stage
// is also laid out and painted in a frame of its own: stages built in back-to-back tasks are
// all rendered by the one frame that follows them, and that rendering task is as long as
// building everything at once. Work that keeps coming (a sequence marked photo by photo)
// likewise waits for each result to be on screen before asking for the next.
//
// The first screen is also rendered once at build time, on the server side of Svelte, where
// no frame is ever painted and the page is never idle: there both waits never end, so what
// waits on them (code fetched for later) is left to the browser.

/** True in the build-time server render of the first screen, false in the browser. */
function onServer(): boolean {
  return import.meta.env.SSR;
}
/** A wait that never ends, for the server render. */
const never = (): Promise<void> => new Promise<void>(() => {});

/**
 * Runs `callback` in a task of its own after the next frame has been rendered; returns a
 * function that cancels it. (In a hidden tab frames wait, and so does the callback.)
 */
export function afterNextPaint(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(callback, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}

/**
 * Resolves after the next frame has been rendered, or at once where no frame will come (no
 * frames at all, or a hidden tab, which must not stall the work); a tab hidden while waiting
 * goes on after at most `maxWaitMs`.
 */
export function nextPaint(maxWaitMs = 100): Promise<void> {
  if (onServer()) return never();
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  if (globalThis.document?.visibilityState === 'hidden') return Promise.resolve();
  return new Promise((resolve) => {
    const cancel = afterNextPaint(() => {
      clearTimeout(timer);
      resolve();
    });
    const timer = setTimeout(() => {
      cancel();
      resolve();
    }, maxWaitMs);
  });
}

/**
 * Resolves when the page is idle (no input or rendering waiting), or after `timeoutMs` at the
 * latest: for work nobody is looking at yet, such as code for parts of the page below the fold.
 */
export function whenIdle(timeoutMs = 2000): Promise<void> {
  if (onServer()) return never();
  return new Promise((resolve) => {
    if (typeof requestIdleCallback === 'function') {
      requestIdleCallback(() => resolve(), { timeout: timeoutMs });
    } else {
      setTimeout(resolve, 0);
    }
  });
}
