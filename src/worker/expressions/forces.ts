// Each photo's force from the force log, with the log's units read by mathjs: the columns
// are brought to mm (or s) and N first, so the range a photo falls outside is said in the
// units the photos use.
import { photoForces } from '../../io/forceLog/interpolate';
import type { ForceReading } from '../../io/forceLog/interpolate';
import type { ForceLog } from '../../model/quantities';
import { math } from './mathInstance';

const TARGETS = {
  force: { unit: 'N', default: 'N', what: 'a force' },
  travel: { unit: 'mm', default: 'mm', what: 'a length' },
  time: { unit: 's', default: 's', what: 'a time' },
} as const;

/** How many target units one logged unit is, or why the unit cannot be used. */
function factorOf(unit: string, kind: keyof typeof TARGETS): number | string {
  const target = TARGETS[kind];
  const text = unit.trim() || target.default;
  try {
    const parsed = math.unit(1, text);
    if (parsed.equalBase(math.unit(1, target.unit))) return parsed.toNumber(target.unit);
  } catch {
    // said below
  }
  return `the log's unit “${text}” is not ${target.what}`;
}

/** Each analysed photo's force (N), or why it has none. */
export function forcesOf(
  log: ForceLog,
  photos: readonly { travel: number | null; time: number | null }[],
): ForceReading[] {
  const xFactor = factorOf(log.axisUnit, log.axis);
  const forceFactor = factorOf(log.forceUnit, 'force');
  const problem = [xFactor, forceFactor].find((f): f is string => typeof f === 'string');
  if (problem !== undefined) return photos.map(() => ({ ok: false, reason: problem }));
  const scaled = {
    axis: log.axis,
    x: log.x.map((value) => value * (xFactor as number)),
    force: log.force.map((value) => value * (forceFactor as number)),
  };
  return photoForces(scaled, photos);
}
