// Reads and writes the scale length as the user types it: a positive number of
// millimetres, with a message for anything else (the value is then not stored). A length
// typed with a unit ("2 in") is read by the worker and then checked here like a bare one.

import { scaleLengthProblem } from '../../model/limits';

export interface ParsedLength {
  /** The length in mm, or null when the text is not a valid length. */
  value: number | null;
  /** Why the text is not a valid length; empty when it is. */
  error: string;
}

/** Plain decimal notation (a comma works as the decimal mark), optionally with an exponent. */
const NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)(e[+-]?\d+)?$/i;

export function parseScaleLength(text: string): ParsedLength {
  const trimmed = text.trim();
  if (trimmed === '') return { value: null, error: 'Enter the scale length in mm, e.g. 10.0.' };
  if (!NUMBER.test(trimmed)) {
    return {
      value: null,
      error: `“${trimmed}” is not a number; enter the length in mm, e.g. 10.0.`,
    };
  }
  return checkScaleLength(Number(trimmed.replace(',', '.')));
}

/** A length in mm, typed bare or read from a unit, as the scale length takes it or why not. */
export function checkScaleLength(value: number): ParsedLength {
  if (!Number.isFinite(value)) return { value: null, error: 'That number is too large.' };
  if (value <= 0) return { value: null, error: 'The scale length must be greater than 0 mm.' };
  const implausible = scaleLengthProblem(value);
  if (implausible) return { value: null, error: implausible };
  return { value, error: '' };
}

/** The stored length as the box shows it: "10.0" for the default, as the original did. */
export function formatScaleLength(value: number | null): string {
  if (value === null) return '';
  return Number.isInteger(value) ? value.toFixed(1) : String(value);
}
