// Bounds of the user's quantities and force log that files are held to, apart from the
// catalogue of variables and presets so that the schema (which the worker's bundle reader
// loads) does not bring the catalogue along.
export const QUANTITY_LIMITS = {
  columns: 20,
  nameLength: 40,
  expressionLength: 500,
  unitLength: 20,
  logRows: 200_000,
} as const;
