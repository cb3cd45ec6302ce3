// Building a large view in stages only helps if each stage is also laid out and painted in a
// frame of its own: stages built in back-to-back tasks are all rendered by the one frame
// that follows them, and that rendering task is as long as building everything at once.

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
