// A length as the user types it in a field that shows mm: a bare number is read at once in
// mm; a number with a unit ("2 in", "5 cm") is read by the worker, which loads mathjs's units
// the first time, so the answer comes a moment later and typing never waits on it.
import type { LengthAnswer } from '../../worker/quantities';

/** The worker's reader of lengths with units (the engine, or a test double). */
export interface LengthReader {
  readTypedLength(text: string): Promise<LengthAnswer>;
}

export { hasUnit } from './unitText';

/**
 * Reads typed text that carries a unit; answers only if it is still what `current()` holds
 * when the worker answers (a newer keystroke supersedes it).
 */
export async function readWithUnit(
  reader: LengthReader,
  text: string,
  current: () => string | null,
): Promise<LengthAnswer | null> {
  let answer: LengthAnswer;
  try {
    answer = await reader.readTypedLength(text);
  } catch (error) {
    answer = {
      ok: false,
      message: `The unit could not be read: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  return current() === text ? answer : null;
}
