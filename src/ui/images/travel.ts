// Reading a typed press travel (mm): empty means "not entered", anything else
// must be a finite number of 0 or more, or it gets a message and is not stored.

import { travelProblem } from '../../model/limits';

export type TravelReading = { ok: true; value: number | null } | { ok: false; message: string };

export const NOT_A_NUMBER = 'Enter a number of millimetres, such as 2.5.';

export function readTravel(text: string): TravelReading {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, value: null };
  const value = Number(trimmed);
  if (Number.isNaN(value)) return { ok: false, message: NOT_A_NUMBER };
  if (!Number.isFinite(value))
    return { ok: false, message: 'That number is too large; enter a finite value in mm.' };
  if (value < 0)
    return { ok: false, message: 'The press travel cannot be negative; enter 0 or more.' };
  const implausible = travelProblem(value);
  if (implausible) return { ok: false, message: implausible };
  // -0 reads as 0: the sign carries no meaning for a travel.
  return { ok: true, value: value === 0 ? 0 : value };
}

export function formatTravel(value: number | null): string {
  return value === null ? '' : String(value);
}
