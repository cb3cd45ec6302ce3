// Whether typed text is a bare number or a number with something after it that may be a
// unit: decided at once as the user types, apart from the code that reads units (loaded on
// first use), so a field on the first screen carries only this.

/** Plain decimal notation (a comma works as the decimal mark), optionally with an exponent. */
const PLAIN_NUMBER = /^[+-]?(\d+[.,]?\d*|[.,]\d+)(e[+-]?\d+)?$/i;

/** Whether the text is a number followed by something else that may be a unit. */
export function hasUnit(text: string): boolean {
  const trimmed = text.trim();
  return !PLAIN_NUMBER.test(trimmed) && /^[+-]?[\d.,]/.test(trimmed) && /[a-zµ"']/i.test(trimmed);
}
