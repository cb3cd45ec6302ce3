// What a photo's file name tells us: its place in a natural sort ("5mm"
// before "10mm") and the press travel it may carry ("deformation-05mm-force.png").

// Made on the first comparison, not when the module loads: building a collator loads the
// browser's collation tables, some 15 ms of the main thread that the first screen need not wait
// for (a photo list is sorted only once photos arrive).
let collator: Intl.Collator | undefined;

/** Natural order of file names: runs of digits compare as numbers, case is ignored. */
export function naturalCompare(a: string, b: string): number {
  collator ??= new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

const MILLIMETRES_PER_UNIT: Readonly<Record<string, number>> = {
  mm: 1,
  cm: 10,
  m: 1000,
  um: 0.001,
  µm: 0.001,
  in: 25.4,
};

/**
 * The press travel in millimetres written in a file name as a number followed
 * by a length unit (mm, cm, m, µm/um, in), or null when there is none or more
 * than one. A decimal comma or point is accepted ("2,5mm", "2.5 mm").
 */
export function travelFromFileName(name: string): number | null {
  const stem = name.replace(/\.[a-z0-9]+$/i, '');
  const pattern = /(?<![\d.,])(\d+(?:[.,]\d+)?)\s?(mm|cm|µm|um|m|in)(?![a-z])/gi;
  const matches = [...stem.matchAll(pattern)];
  if (matches.length !== 1) return null;
  const [, number, unit] = matches[0] as RegExpMatchArray;
  const factor = MILLIMETRES_PER_UNIT[(unit as string).toLowerCase()];
  const value = Number((number as string).replace(',', '.'));
  if (factor === undefined || !Number.isFinite(value)) return null;
  // Round away binary noise from unit conversion (0.1 cm -> 1 mm, not 1.0000000000000002).
  return Number((value * factor).toPrecision(12));
}
