// What the autosave tells: a failed save in words for the user, and the performance marks
// that let the benchmarks and browser tests time a save and a restore.
import { isQuotaError } from '../io/projectDb';

export const STORAGE_FULL_MESSAGE =
  "Not saved: the browser's storage is full. Export a bundle or free space.";
export const SAVED_MARK = 'strain-seer:autosaved';
export const RESTORED_MARK = 'strain-seer:restored';

export function describeSaveFailure(error: unknown): string {
  if (isQuotaError(error)) return STORAGE_FULL_MESSAGE;
  const detail = error instanceof Error ? error.message : String(error);
  return `Not saved: ${detail.replace(/\.$/, '')}. Your work is still here; saving is tried again on your next change.`;
}

/** Leaves a performance mark with its figures, replacing the last one of that name. */
export function mark(name: string, detail: Record<string, number>): void {
  const perf = globalThis.performance;
  if (typeof perf?.mark !== 'function') return;
  perf.clearMarks(name);
  perf.mark(name, { detail });
}
