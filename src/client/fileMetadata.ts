// Chromium reads a chosen file's size and date from disk the first time the file is touched
// (read, asked its size, or posted to a worker): a synchronous round trip to the browser
// process, about 1 ms a file on a 2-core laptop. Thirty photos posted to the worker in one
// message made one 35 ms main-thread task, fifty a long one. Touching them a few at a time,
// one task each, spreads that cost out; the message that follows costs next to nothing.

/** Files touched per task: a few milliseconds of round trips at most. */
export const FILES_PER_TASK = 8;

/** Lets the browser run other tasks (input, frames) before going on. */
function nextTask(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** Reads each file's size (and so its date) a few files per task. */
export async function readFileMetadata(
  files: readonly File[],
  perTask = FILES_PER_TASK,
  yieldTask: () => Promise<void> = nextTask,
): Promise<void> {
  for (let start = 0; start < files.length; start += perTask) {
    if (start > 0) await yieldTask();
    for (const file of files.slice(start, start + perTask)) void file.size;
  }
}
