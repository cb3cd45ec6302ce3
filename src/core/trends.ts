// The trends of a sequence against press travel, fitted over the photos kept: a photo the
// user left out (with a reason), or one whose strain or travel is missing, is named with
// why, and the fit runs on the others instead of failing for all three components.
import type { Problem } from './errors';
import { toProblem } from './errors';
import type { LinearRegression } from './regression';
import { linearRegression } from './regression';
import type { Mat2 } from './types';

export type StrainComponent = 'xx' | 'yy' | 'xy';
export const STRAIN_COMPONENTS: readonly StrainComponent[] = ['xx', 'yy', 'xy'];

export type TrendOutcome =
  { ok: true; regression: LinearRegression } | { ok: false; problem: Problem };

/** A photo the trend fits do not use, and why. */
export interface FitOmission {
  /** Its place in the analysed sequence. */
  imageIndex: number;
  imageName: string;
  /** 'user': left out by choice; 'automatic': it has no strain or no press travel to fit. */
  source: 'user' | 'automatic';
  reason: string;
}

/** What the trends need of one analysed photo. */
export interface TrendInput {
  name: string;
  pressTravel: number | null;
  /** Its strain tensor; null when it could not be computed (its own outcome says why). */
  strain: Mat2 | null;
  /** The user's reason for leaving it out of the fits, when they did. */
  leftOut?: { reason: string } | null | undefined;
}

function omissionOf(input: TrendInput, imageIndex: number): FitOmission | null {
  const base = { imageIndex, imageName: input.name };
  if (input.leftOut) return { ...base, source: 'user', reason: input.leftOut.reason };
  if (input.strain === null) {
    // The photo's own row says what is wrong with it; here only that it cannot count.
    return { ...base, source: 'automatic', reason: 'its strain could not be computed' };
  }
  if (input.pressTravel === null) {
    return { ...base, source: 'automatic', reason: 'it has no press travel' };
  }
  return null;
}

/** The photos the fits leave out, in sequence order. */
export function fitOmissions(inputs: readonly TrendInput[]): FitOmission[] {
  return inputs.flatMap((input, i) => omissionOf(input, i) ?? []);
}

/** "a.png (reason); b.png (reason)": the omissions in one line, for messages. */
export function omissionList(omissions: readonly FitOmission[]): string {
  return omissions.map((o) => `${o.imageName} (${o.reason})`).join('; ');
}

function componentOf(strain: Mat2, component: StrainComponent): number {
  if (component === 'xx') return strain[0][0];
  if (component === 'yy') return strain[1][1];
  return strain[0][1];
}

/** Each component's fit against press travel over the photos not in `omissions`. */
export function trendsOf(
  inputs: readonly TrendInput[],
  omissions: readonly FitOmission[],
): Record<StrainComponent, TrendOutcome> {
  const skipped = new Set(omissions.map((o) => o.imageIndex));
  const kept = inputs.filter((_, i) => !skipped.has(i));
  const entries = STRAIN_COMPONENTS.map((component): [StrainComponent, TrendOutcome] => {
    const x = kept.map((input) => input.pressTravel as number);
    const y = kept.map((input) => componentOf(input.strain as Mat2, component));
    try {
      return [component, { ok: true, regression: linearRegression(x, y) }];
    } catch (error) {
      const problem = toProblem(error);
      // Too few photos left: say which ones are out, so the user knows what to bring back.
      const message =
        omissions.length > 0
          ? `${problem.message} Left out of the fit: ${omissionList(omissions)}.`
          : problem.message;
      return [component, { ok: false, problem: { ...problem, message } }];
    }
  });
  return Object.fromEntries(entries) as Record<StrainComponent, TrendOutcome>;
}
