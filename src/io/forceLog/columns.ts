// A force log's columns as read from its header, and which of them a name suggests for force,
// travel or time. Apart from the reader so the column picker loads without papaparse.

export interface LogColumn {
  /** The column's name as the file gives it (without its unit), or "Column n". */
  name: string;
  /** The unit its name or units row gives ("kN", "mm"); empty when none is given. */
  unit: string;
}

/** The column a name suggests for force, travel or time, or -1. */
export function suggestColumn(
  columns: readonly LogColumn[],
  kind: 'force' | 'travel' | 'time',
): number {
  const words = {
    force: /force|load|kraft|last|\bF\b|\bkN\b|\bN\b/i,
    travel: /travel|displacement|position|extension|stroke|deflection|weg|\bmm\b/i,
    time: /time|zeit|\bs\b|sec/i,
  }[kind];
  return columns.findIndex((column) => words.test(`${column.name} ${column.unit}`));
}
