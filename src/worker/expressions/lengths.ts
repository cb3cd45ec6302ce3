// A length typed with its unit ("50 mm", "2 in", "0,05 m"), read by mathjs's units and
// answered in millimetres; anything that is not one length gets a sentence saying why.
import { math } from './mathInstance';

export type LengthAnswer = { ok: true; mm: number } | { ok: false; message: string };

const LENGTH = math.unit('1 mm');

export function readLength(text: string): LengthAnswer {
  // A decimal comma, as many keyboards type it, between two digits only.
  const typed = text.trim().replace(/(\d),(\d)/g, '$1.$2');
  let unit;
  try {
    unit = math.unit(typed);
  } catch {
    return {
      ok: false,
      message: `“${text.trim()}” is not a length; type a number and a unit of length, such as 50 mm or 2 in.`,
    };
  }
  if (unit.value === null) {
    return { ok: false, message: `“${text.trim()}” has no number; type it as 50 mm or 2 in.` };
  }
  if (!unit.equalBase(LENGTH)) {
    return {
      ok: false,
      message: `“${text.trim()}” is not a length (${unit.formatUnits()} measures something else); use mm, cm, m or in.`,
    };
  }
  const mm = unit.toNumber('mm');
  return Number.isFinite(mm)
    ? { ok: true, mm }
    : { ok: false, message: 'That length is too large to be a number.' };
}
