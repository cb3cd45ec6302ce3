// What the user is told about the ruler where they work on it: where to put the scale
// points as they place them, and what to do when the ruler check finds no ticks.

/** Where scale points go, said while one is next to place. */
export const SCALE_PLACEMENT_HINT =
  "Put S1 and S2 on two long (centimetre) ticks of the ruler, far apart, and away from the photo's edge; the scale length is the distance between them.";

/** What to do when the ruler check cannot measure the ticks, by the reason it gives. */
export function rulerAdvice(reason: string): string {
  if (reason === 'too-short') {
    return 'Put S1 and S2 farther apart: two long ticks several centimetres apart give a more precise scale.';
  }
  if (reason === 'no-ticks') {
    return 'The check counts the ticks the line from S1 to S2 crosses. Put both points at the same height on the ruler, where the millimetre ticks reach (at their ends on the ruler’s edge), so that line crosses every tick; or leave them where they are and check the scale length against the ruler yourself: the check only advises.';
  }
  return 'Check that S1 and S2 lie on the ruler, on two of its long ticks.';
}
