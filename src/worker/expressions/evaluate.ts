// The user's quantities for every analysed photo: each formula checked and compiled once
// (sandbox.ts), then evaluated with the photo's variables as mathjs quantities, so units are
// carried and checked (a force over an area comes out in MPa when the column asks for it).
// A formula that cannot be used gets one message for its field; a photo that lacks something
// the formula reads gets an empty cell and the reason. Loaded lazily with mathjs.
import { linearRegression, toProblem } from '../../core/index';
import type { SequenceAnalysis, TrendOutcome } from '../../core/index';
import type { ForceReading } from '../../io/forceLog/interpolate';
import { QUANTITY_VARIABLES } from '../../model/quantities';
import type { ForceLog, QuantityDefinition, Specimen } from '../../model/quantities';
import type { Unit } from 'mathjs';
import { math } from './mathInstance';
import { forcesOf } from './forces';
import { compileExpression, messageOf } from './sandbox';
import type { Value } from './sandbox';
import { photoVariables } from './variables';
import type { PhotoVariables } from './variables';

export interface QuantitiesRequest {
  analysis: SequenceAnalysis;
  /** Each analysed photo's time (s), null for a photo that is no video frame. */
  times: (number | null)[];
  forceLog: ForceLog | null;
  specimen: Specimen | null;
  definitions: QuantityDefinition[];
}

export type QuantityColumn =
  | {
      ok: true;
      name: string;
      unit: string;
      /** One value per analysed photo; null where it has none (see `notes`). */
      values: (number | null)[];
      notes: (string | null)[];
      /** The fit against press travel, when the definition asks for it. */
      trend: TrendOutcome | null;
    }
  | { ok: false; name: string; message: string };

export interface QuantitiesResponse {
  /** Each photo's force (N) from the log and, where it has none, why; null without a log. */
  forces: ForceReading[] | null;
  columns: QuantityColumn[];
}

const VARIABLE_NAMES = new Set(QUANTITY_VARIABLES.map((variable) => variable.name));

/** Why a variable a formula reads has no value for a photo. */
function missingReason(name: string, force: ForceReading | undefined): string {
  if (name === 'F')
    return force && !force.ok ? `no force: ${force.reason}` : 'no force log is open';
  if (name === 'w0' || name === 't0' || name === 'A0') return 'the specimen size is not entered';
  if (name === 'travel') return 'it has no press travel';
  if (name === 'time') return 'it is not a video frame';
  if (name.startsWith('u_')) return 'its points carry no uncertainty';
  return 'its strain could not be computed';
}

/** The column's unit as mathjs reads it, or a message; null for a pure number. */
function targetUnit(
  text: string,
): { ok: true; unit: Unit | null } | { ok: false; message: string } {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, unit: null };
  try {
    const unit = math.unit(trimmed);
    if (unit.value === null) return { ok: true, unit };
  } catch {
    // said below
  }
  return { ok: false, message: `“${trimmed}” is not a unit (for example MPa, N, mm).` };
}

function dimensionless(unit: Unit): boolean {
  return unit.dimensions.every((power) => power === 0);
}

/** A formula's result for one photo as a number in the column's unit, or why it is not one. */
function inUnit(result: unknown, unit: Unit | null, unitText: string): number | string {
  if (typeof result === 'number') {
    return unit === null || dimensionless(unit)
      ? result
      : `the formula gives a pure number, not a quantity in ${unitText}`;
  }
  if (math.isUnit(result)) {
    if (unit === null) {
      if (dimensionless(result)) return result.toNumber('');
      return `the formula gives ${result.formatUnits()}: give the column a unit, such as ${result.formatUnits()}`;
    }
    if (!result.equalBase(unit)) {
      return `the formula gives ${result.formatUnits()}, which cannot be expressed in ${unitText}`;
    }
    return result.toNumber(unitText.trim());
  }
  return 'the formula gives no number';
}

function scopeOf(variables: PhotoVariables, uses: ReadonlySet<string>): Map<string, Value> {
  const scope = new Map<string, Value>();
  for (const name of uses) {
    const variable = variables.get(name);
    if (!variable) continue;
    scope.set(
      name,
      variable.unit === '' ? variable.value : math.unit(variable.value, variable.unit),
    );
  }
  return scope;
}

function fitOf(analysis: SequenceAnalysis, values: readonly (number | null)[]): TrendOutcome {
  const left = new Set(analysis.leftOut.map((omission) => omission.imageIndex));
  const x: number[] = [];
  const y: number[] = [];
  analysis.images.forEach((image, i) => {
    const value = values[i];
    if (left.has(i) || image.pressTravel === null || value === null || value === undefined) return;
    x.push(image.pressTravel);
    y.push(value);
  });
  try {
    return { ok: true, regression: linearRegression(x, y) };
  } catch (error) {
    return { ok: false, problem: toProblem(error) };
  }
}

function evaluateColumn(
  definition: QuantityDefinition,
  photos: readonly PhotoVariables[],
  forces: readonly ForceReading[] | null,
  analysis: SequenceAnalysis,
): QuantityColumn {
  const name = definition.name;
  const target = targetUnit(definition.unit);
  if (!target.ok) return { ok: false, name, message: target.message };
  const compiled = compileExpression(definition.expression, VARIABLE_NAMES);
  if (!compiled.ok) return { ok: false, name, message: compiled.message };
  const values: (number | null)[] = [];
  const notes: (string | null)[] = [];
  photos.forEach((variables, i) => {
    const missing = [...compiled.uses].find((used) => !variables.has(used));
    let outcome: number | string;
    if (missing !== undefined) {
      outcome = missingReason(missing, forces?.[i]);
    } else {
      try {
        outcome = inUnit(
          compiled.evaluate(scopeOf(variables, compiled.uses)),
          target.unit,
          definition.unit,
        );
      } catch (error) {
        outcome = messageOf(error);
      }
    }
    if (typeof outcome === 'number' && !Number.isFinite(outcome)) {
      outcome = 'the formula gives no finite value here (a division by zero?)';
    }
    values.push(typeof outcome === 'number' ? outcome : null);
    notes.push(typeof outcome === 'number' ? null : outcome);
  });
  // A formula that fails on every photo for the same reason is a problem of the formula.
  const firstNote = notes[0];
  if (photos.length > 0 && firstNote && notes.every((note) => note === firstNote)) {
    return {
      ok: false,
      name,
      message: `${firstNote.charAt(0).toUpperCase()}${firstNote.slice(1)}.`,
    };
  }
  const trend = definition.fit ? fitOf(analysis, values) : null;
  return { ok: true, name, unit: definition.unit.trim(), values, notes, trend };
}

export function evaluateQuantities(request: QuantitiesRequest): QuantitiesResponse {
  const { analysis } = request;
  const forces = request.forceLog
    ? forcesOf(
        request.forceLog,
        analysis.images.map((image, i) => ({
          travel: image.pressTravel,
          time: request.times[i] ?? null,
        })),
      )
    : null;
  const photos = analysis.images.map((image, i) =>
    photoVariables(
      image,
      {
        force: forces?.[i]?.ok ? forces[i].force : null,
        time: request.times[i] ?? null,
      },
      request.specimen,
    ),
  );
  return {
    forces,
    columns: request.definitions.map((definition) =>
      evaluateColumn(definition, photos, forces, analysis),
    ),
  };
}
