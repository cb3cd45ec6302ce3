// Polling for a condition the page reaches in its own time (autosave finishing, a status text),
// with a deadline and a message that says what never happened.

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function waitUntil(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = 250,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs / 1000} s: ${what}`);
    await sleep(intervalMs);
  }
}

/** `promise`, or a rejection naming `what` once `timeoutMs` has passed without it settling. */
export function withTimeout<T>(promise: Promise<T>, what: string, timeoutMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`gave up after ${timeoutMs / 1000} s: ${what}`)),
      timeoutMs,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
