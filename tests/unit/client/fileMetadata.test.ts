// The main thread touches chosen files a few per task before posting them to the worker, so
// the browser's per-file disk round trips never add up to one long task.
import { describe, expect, it } from 'vitest';
import { FILES_PER_TASK, readFileMetadata } from '../../../src/client/fileMetadata';

/** Files that record in which task their size was first read. */
function recordingFiles(count: number, task: { n: number }): { files: File[]; readIn: number[] } {
  const readIn: number[] = [];
  const files = Array.from({ length: count }, (_, i) => {
    const file = new File(['x'.repeat(i)], `step-${i}mm.jpg`);
    Object.defineProperty(file, 'size', {
      get() {
        readIn[i] ??= task.n;
        return i;
      },
    });
    return file;
  });
  return { files, readIn };
}

describe('readFileMetadata', () => {
  it('touches every file, at most a few per task', async () => {
    const task = { n: 0 };
    const { files, readIn } = recordingFiles(50, task);
    await readFileMetadata(files, FILES_PER_TASK, async () => {
      task.n++;
    });
    expect(readIn.filter((t) => t !== undefined)).toHaveLength(50);
    const perTask = new Map<number, number>();
    for (const t of readIn) perTask.set(t, (perTask.get(t) ?? 0) + 1);
    expect(Math.max(...perTask.values())).toBeLessThanOrEqual(FILES_PER_TASK);
    expect(task.n).toBe(Math.ceil(50 / FILES_PER_TASK) - 1);
    // In order: a later file never before an earlier one.
    expect(readIn).toEqual([...readIn].sort((a, b) => a - b));
  });

  it('does not wait at all for a batch that fits in one task', async () => {
    const task = { n: 0 };
    const { files, readIn } = recordingFiles(3, task);
    await readFileMetadata(files, FILES_PER_TASK, async () => {
      task.n++;
    });
    expect(task.n).toBe(0);
    expect(readIn).toEqual([0, 0, 0]);
  });

  it('yields to the browser between tasks by default', async () => {
    const task = { n: 0 };
    const { files, readIn } = recordingFiles(FILES_PER_TASK + 1, task);
    const done = readFileMetadata(files);
    // The first task's files are read at once; the last waits for a later task.
    expect(readIn.filter((t) => t !== undefined)).toHaveLength(FILES_PER_TASK);
    await done;
    expect(readIn.filter((t) => t !== undefined)).toHaveLength(FILES_PER_TASK + 1);
  });
});
