// How the exports write CSV: numbers in full precision, text that a spreadsheet would run
// as a formula made harmless, the same for every CSV file the app writes.
import Papa from 'papaparse';

/**
 * A text cell a spreadsheet would run as a formula (or that starts with a tab or
 * carriage return) gets a leading apostrophe. No `.*$`: a newline must not let
 * "=cmd\n..." through. Full-width signs are included because some spreadsheets
 * fold them to ASCII.
 */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export type Cell = string | number | null;

/** Numbers stay numbers in full precision; anything not finite becomes an empty cell. */
export function num(value: number | null | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * The delimiters of the common locales: a spreadsheet set to semicolons (much of Europe) or
 * reading tab-separated text splits an unquoted cell at these, and a piece that then starts
 * a cell of its own may start with `=`.
 */
const ANY_LOCALE_DELIMITER = /[,;\t]/;

const needsQuotes = (value: unknown) =>
  typeof value === 'string' && ANY_LOCALE_DELIMITER.test(value);

/**
 * A CSV with a header row, CRLF line ends, formula-like text cells made harmless and every
 * text cell holding a delimiter of any common locale quoted.
 */
export function toCsv(columns: readonly string[], rows: Cell[][]): string {
  return Papa.unparse(
    { fields: [...columns], data: rows },
    { escapeFormulae: FORMULA_START, newline: '\r\n', quotes: needsQuotes },
  );
}
