// Lengths typed with a unit, as the scale length and the press travels accept them.
import { describe, expect, it } from 'vitest';
import { readTypedLength } from '../../../src/worker/quantities';

describe('typed lengths', () => {
  it.each([
    ['50 mm', 50],
    ['2 in', 50.8],
    ['5 cm', 50],
    ['0.05 m', 50],
    ['0,05 m', 50],
    ['12.5mm', 12.5],
  ])('reads %s as %f mm', async (text, mm) => {
    const answer = await readTypedLength(text);
    expect(answer.ok).toBe(true);
    if (answer.ok) expect(answer.mm).toBeCloseTo(mm, 12);
  });

  it('says a force is not a length', async () => {
    expect(await readTypedLength('50 N')).toEqual({
      ok: false,
      message: '“50 N” is not a length (N measures something else); use mm, cm, m or in.',
    });
  });

  it('says what it cannot read', async () => {
    expect(await readTypedLength('fifty mm')).toMatchObject({ ok: false });
    expect(await readTypedLength('mm')).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no number/),
    });
  });
});
