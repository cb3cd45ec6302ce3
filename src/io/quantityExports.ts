// The user's quantities in raw_data.csv: after the original's columns and Strain Seer's
// additions come the force from the log (N) and one column per quantity, named with its
// unit. Plain data in: the worker's answer, indexed like the analysis.
import type { TrendOutcome } from '../core/index';
import { num } from './csv';
import type { Cell } from './csv';

/** The worker's quantities for one analysis (its QuantitiesResponse fits). */
export interface ExportQuantities {
  forces: readonly ({ ok: true; force: number } | { ok: false; reason: string })[] | null;
  columns: readonly (
    | {
        ok: true;
        name: string;
        unit: string;
        values: readonly (number | null)[];
        /** The fit against press travel, when the user asked for one. */
        trend?: TrendOutcome | null;
      }
    | { ok: false; name: string; message: string }
  )[];
}

type Computed = Extract<ExportQuantities['columns'][number], { ok: true }>;

const computed = (quantities: ExportQuantities): Computed[] =>
  quantities.columns.filter((column): column is Computed => column.ok);

/** A quantity's name in the files: its name, then its unit in brackets. */
const headerOf = (column: Computed) =>
  column.unit ? `${column.name} (${column.unit})` : column.name;

/** The extra headers: force_N when a log is in use, then each computed quantity. */
export function quantityHeaders(quantities: ExportQuantities | null): string[] {
  if (!quantities) return [];
  return [...(quantities.forces ? ['force_N'] : []), ...computed(quantities).map(headerOf)];
}

/** The quantities fitted against press travel, by their names in the files, with their fits. */
export function fittedQuantities(
  quantities: ExportQuantities | null,
): { key: string; trend: TrendOutcome }[] {
  if (!quantities) return [];
  return computed(quantities).flatMap((c) =>
    c.trend ? [{ key: headerOf(c), trend: c.trend }] : [],
  );
}

/** One image's extra cells; `index` is its place in the analysis (undefined: not analysed). */
export function quantityCells(
  quantities: ExportQuantities | null,
  index: number | undefined,
): Cell[] {
  if (!quantities) return [];
  const at = <T>(list: readonly T[]) => (index === undefined ? undefined : list[index]);
  const force = quantities.forces ? at(quantities.forces) : undefined;
  return [
    ...(quantities.forces ? [force?.ok ? num(force.force) : null] : []),
    ...computed(quantities).map((column) => num(at(column.values))),
  ];
}
