// Which frames of a video to take and what press travel each gets, as plain functions of the
// user's choices: the dialog's state holds the choices, these turn them into times and travels.

/** How the frames are chosen, over the span from `from` to `to` (s) where it applies. */
export type FrameChoice =
  | { kind: 'every'; step: number; from: number; to: number }
  | { kind: 'evenly'; count: number; from: number; to: number }
  | { kind: 'picked'; times: readonly number[] };

/** More frames than this in one go are refused: the project's table would be the worse for it. */
export const MOST_FRAMES = 500;

/** The times asked for, in increasing order; empty when the choice is incomplete. */
export function chosenTimes(choice: FrameChoice): number[] {
  if (choice.kind === 'picked') return [...new Set(choice.times)].sort((a, b) => a - b);
  const { from, to } = choice;
  if (!Number.isFinite(from) || !Number.isFinite(to) || to < from) return [];
  if (choice.kind === 'every') {
    if (!(choice.step > 0)) return [];
    const count = Math.floor((to - from) / choice.step + 1e-9) + 1;
    if (count > MOST_FRAMES) return [];
    return Array.from({ length: count }, (_, k) => from + k * choice.step);
  }
  const count = Math.floor(choice.count);
  if (!(count >= 1) || count > MOST_FRAMES) return [];
  if (count === 1) return [from];
  return Array.from({ length: count }, (_, k) => from + ((to - from) * k) / (count - 1));
}

/** A frame whose press travel the user knows, for interpolating the others. */
export interface KnownTravel {
  time: number;
  travel: number;
}

/** How each frame's press travel follows from its time. */
export type TravelRule =
  | { kind: 'none' }
  | { kind: 'speed'; speed: number; start: number }
  | { kind: 'between'; first: KnownTravel; second: KnownTravel };

/** Binary noise rounded away (0.1 * 3 gives 0.3, not 0.30000000000000004). */
const tidy = (value: number) => Number(value.toPrecision(12));

/**
 * The press travel (mm) of a frame at `time` (s), or null when the rule gives none: no rule,
 * an incomplete one, or a negative travel (before the first known frame of a line that
 * reaches below zero). At a constant speed the press stands still until `start`.
 */
export function travelAt(rule: TravelRule, time: number): number | null {
  if (rule.kind === 'none') return null;
  if (rule.kind === 'speed') {
    const { speed, start } = rule;
    if (!Number.isFinite(speed) || speed < 0 || !Number.isFinite(start)) return null;
    return tidy(speed * Math.max(0, time - start));
  }
  const { first, second } = rule;
  const span = second.time - first.time;
  const values = [first.time, first.travel, second.time, second.travel];
  if (!values.every(Number.isFinite) || span === 0) return null;
  const travel = first.travel + ((time - first.time) * (second.travel - first.travel)) / span;
  return travel < 0 ? null : tidy(travel);
}

/** A time as the dialog shows it: seconds to the millisecond. */
export function timeText(time: number): string {
  return `${time.toFixed(3)} s`;
}
