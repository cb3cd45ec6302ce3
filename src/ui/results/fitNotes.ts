// The photos the trend fits leave out, as sentences for the results view and the report.
import type { FitOmission } from '../../core/index';

/** "a.png, left out by choice: blurred." / "b.png, left out automatically: …" */
export function fitNotes(omissions: readonly FitOmission[]): string[] {
  return omissions.map(
    (o) =>
      `${o.imageName}, left out ${o.source === 'user' ? 'by choice' : 'automatically'}: ${o.reason}.`,
  );
}
