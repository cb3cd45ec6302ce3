// Each analysed photo's variables, as a formula sees them: plain numbers with the unit they
// are in (the catalogue in model/quantities.ts names and explains them). Hencky strains are
// computed here from F whatever measure the analysis used, so true-strain formulas work in
// every measure. Nothing of mathjs: the evaluator turns these into its own quantities.
import { principalStrains, strainTensor } from '../../core/index';
import type { ImageOutcome } from '../../core/index';
import type { Specimen } from '../../model/quantities';

export interface RawVariable {
  value: number;
  /** '' for a pure number. */
  unit: string;
}

export type PhotoVariables = Map<string, RawVariable>;

/** What a photo brings besides its strain: its force (N) and its time (s), when known. */
export interface PhotoExtras {
  force: number | null;
  time: number | null;
}

const plain = (value: number): RawVariable => ({ value, unit: '' });

/** The specimen's variables: w0, t0 and A0 where entered. */
function specimenVariables(specimen: Specimen | null, into: PhotoVariables): void {
  const width = specimen?.width ?? null;
  const thickness = specimen?.thickness ?? null;
  if (width !== null) into.set('w0', { value: width, unit: 'mm' });
  if (thickness !== null) into.set('t0', { value: thickness, unit: 'mm' });
  if (width !== null && thickness !== null) {
    into.set('A0', { value: width * thickness, unit: 'mm^2' });
  }
}

/** The variables of one photo; those it has no value for are absent. */
export function photoVariables(
  outcome: ImageOutcome,
  extras: PhotoExtras,
  specimen: Specimen | null,
): PhotoVariables {
  const variables: PhotoVariables = new Map();
  if (outcome.pressTravel !== null)
    variables.set('travel', { value: outcome.pressTravel, unit: 'mm' });
  if (extras.time !== null) variables.set('time', { value: extras.time, unit: 's' });
  if (extras.force !== null) variables.set('F', { value: extras.force, unit: 'N' });
  specimenVariables(specimen, variables);
  if (!outcome.ok) return variables;
  const { strain, principal, F } = outcome.strain;
  const hencky = strainTensor(F, 'hencky');
  const henckyPrincipal = principalStrains(hencky);
  const entries: [string, number][] = [
    ['exx', strain[0][0]],
    ['eyy', strain[1][1]],
    ['exy', strain[0][1]],
    ['e1', principal.e1],
    ['e2', principal.e2],
    ['angle', principal.angle],
    ['areaChange', outcome.strain.areaChange],
    ['hxx', hencky[0][0]],
    ['hyy', hencky[1][1]],
    ['hxy', hencky[0][1]],
    ['h1', henckyPrincipal.e1],
    ['h2', henckyPrincipal.e2],
    ['h3', outcome.strain.thicknessStrain],
    ['eq', outcome.strain.equivalentStrain],
  ];
  const su = outcome.strain.strainUncertainty;
  const pu = outcome.strain.principalUncertainty;
  if (su && pu) {
    entries.push(
      ['u_exx', su[0][0]],
      ['u_eyy', su[1][1]],
      ['u_exy', su[0][1]],
      ['u_e1', pu.e1],
      ['u_e2', pu.e2],
      ['u_angle', pu.angle],
      ['u_eq', pu.equivalentStrain],
    );
  }
  for (const [name, value] of entries) variables.set(name, plain(value));
  return variables;
}
