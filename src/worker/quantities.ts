// The worker's door to mathjs: typed lengths with units and the user's own quantities. The
// module that does the work (with mathjs) is imported on the first call only, so a project
// that never uses a unit or a formula never fetches it.
import type * as Expressions from './expressions/index';
import type { LengthAnswer } from './expressions/lengths';
import type { QuantitiesRequest, QuantitiesResponse } from './expressions/evaluate';

export type { LengthAnswer } from './expressions/lengths';
export type { QuantitiesRequest, QuantitiesResponse, QuantityColumn } from './expressions/evaluate';

let loading: Promise<typeof Expressions> | undefined;

function expressions(): Promise<typeof Expressions> {
  loading ??= import('./expressions/index');
  // A failed load (offline before the chunk was cached) may succeed on the next try.
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

/** A length typed with a unit, in mm, or why it is not one. */
export async function readTypedLength(text: string): Promise<LengthAnswer> {
  return (await expressions()).readLength(text);
}

/** The user's quantities for every analysed photo. */
export async function evaluateQuantities(request: QuantitiesRequest): Promise<QuantitiesResponse> {
  return (await expressions()).evaluateQuantities(request);
}
