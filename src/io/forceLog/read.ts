// Reads a testing machine's log (CSV or TSV) into a table of numbers: which delimiter it
// uses, whether its decimal mark is a comma, how many lines of header come before the data,
// the column names and the unit each name (or a row of units under it) gives. papaparse
// splits the lines; the layout is found by trying each common delimiter and keeping the one
// under which the most rows are all numbers.
import Papa from 'papaparse';

import type { LogColumn } from './columns';

export type { LogColumn } from './columns';

export interface ReadLog {
  delimiter: string;
  decimalComma: boolean;
  /** Lines before the first row of numbers (metadata, names, units). */
  headerLines: number;
  columns: LogColumn[];
  /** The data rows; a cell that is not a number is null. */
  rows: (number | null)[][];
}

export type LogReading = { ok: true; log: ReadLog } | { ok: false; message: string };

const DELIMITERS = ['\t', ';', ',', '|'];

/** A unit at the end of a column name: "Force (kN)", "Force [kN]", "Force in kN", "Force/kN". */
const UNIT_IN_NAME =
  /^(.*?)\s*(?:\(([^()]+)\)|\[([^[\]]+)\]|\s+in\s+(\S+)|\/\s*([A-Za-zµ°%²³^0-9]+))$/;

const NUMBER_POINT = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const NUMBER_COMMA = /^[+-]?(\d+,?\d*|,\d+)(e[+-]?\d+)?$/i;

function numberOf(cell: string, decimalComma: boolean): number | null {
  const text = cell.trim();
  if (decimalComma ? !NUMBER_COMMA.test(text) : !NUMBER_POINT.test(text)) return null;
  const value = Number(decimalComma ? text.replace(',', '.') : text);
  return Number.isFinite(value) ? value : null;
}

interface Layout {
  delimiter: string;
  decimalComma: boolean;
  lines: string[][];
  /** Index of the first data line, and of the line after the last. */
  start: number;
  end: number;
  width: number;
  score: number;
}

/** The numeric block at the end of the file under one delimiter and decimal mark. */
function layoutOf(lines: string[][], delimiter: string, decimalComma: boolean): Layout | null {
  const numeric = (line: string[]) =>
    line.length >= 2 && line.every((cell) => numberOf(cell, decimalComma) !== null);
  // The data block: the last run of all-number lines of one width (a trailing line may be cut).
  let end = lines.length;
  while (end > 0 && !numeric(lines[end - 1] ?? [])) end--;
  if (end === 0) return null;
  const width = (lines[end - 1] ?? []).length;
  let start = end;
  while (start > 0) {
    const line = lines[start - 1] ?? [];
    if (line.length !== width || !numeric(line)) break;
    start--;
  }
  const rows = end - start;
  if (rows < 2) return null;
  return { delimiter, decimalComma, lines, start, end, width, score: rows * width };
}

function splitUnit(header: string): LogColumn {
  const match = UNIT_IN_NAME.exec(header.trim());
  if (!match) return { name: header.trim(), unit: '' };
  const unit = match[2] ?? match[3] ?? match[4] ?? match[5] ?? '';
  return { name: (match[1] ?? '').trim() || header.trim(), unit: unit.trim() };
}

/** The names (and units) from the lines just above the data, when they are text. */
function columnsOf(layout: Layout): LogColumn[] {
  const { lines, start, width, decimalComma } = layout;
  const textual = (line: string[] | undefined) =>
    line !== undefined &&
    line.length === width &&
    line.some((cell) => cell.trim() !== '' && numberOf(cell, decimalComma) === null);
  const above = lines[start - 1];
  const twoAbove = lines[start - 2];
  const generic = (i: number): LogColumn => ({ name: `Column ${i + 1}`, unit: '' });
  if (!textual(above)) return Array.from({ length: width }, (_, i) => generic(i));
  // A row of units under the names: short cells such as "mm", "kN", "(s)".
  const looksLikeUnits = (line: string[]) =>
    line.every((cell) => /^[([]?\s*[A-Za-zµ°%²³/^0-9.]{0,8}\s*[)\]]?$/.test(cell.trim()));
  if (textual(twoAbove) && looksLikeUnits(above as string[])) {
    return (twoAbove as string[]).map((cell, i) => ({
      name: cell.trim() || generic(i).name,
      unit: (above as string[])[i]?.trim().replace(/^[([]\s*|\s*[)\]]$/g, '') ?? '',
    }));
  }
  return (above as string[]).map((cell, i) => {
    const column = splitUnit(cell);
    return column.name ? column : { ...generic(i), unit: column.unit };
  });
}

/** Reads a force log's text; says so when no block of numbers is found in it. */
export function readForceLog(text: string): LogReading {
  const source = text.replace(/^\uFEFF/, '');
  let best: Layout | null = null;
  for (const delimiter of DELIMITERS) {
    const parsed = Papa.parse<string[]>(source, { delimiter, skipEmptyLines: 'greedy' });
    const lines = parsed.data;
    // A comma cannot be both the delimiter and the decimal mark.
    const marks = delimiter === ',' ? [false] : [false, true];
    for (const decimalComma of marks) {
      const layout = layoutOf(lines, delimiter, decimalComma);
      if (layout && (!best || layout.score > best.score)) best = layout;
    }
  }
  if (!best) {
    return {
      ok: false,
      message:
        'No table of numbers was found in this file: a force log needs at least two columns ' +
        'and two rows of numbers (comma, semicolon or tab between them).',
    };
  }
  const layout = best;
  const rows = layout.lines
    .slice(layout.start, layout.end)
    .map((line) => line.map((cell) => numberOf(cell, layout.decimalComma)));
  return {
    ok: true,
    log: {
      delimiter: layout.delimiter,
      decimalComma: layout.decimalComma,
      headerLines: layout.start,
      columns: columnsOf(layout),
      rows,
    },
  };
}
