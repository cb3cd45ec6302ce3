// How the fit residual of each result splits over the markers, in a few words: "even
// across markers" for a specimen that deforms unevenly (barrelling), "mostly fiducial 2"
// when one marker carries it (README.md, "Checks while marking").
import { misfitSpread } from '../../core/index';
import type { SequenceAnalysis, Vec2 } from '../../core/index';

/** A residual below this (mm) is rounding and clicking noise: nothing to say about it. */
const NEGLIGIBLE_MM = 1e-3;

/**
 * One note per image of the analysis (null where there is nothing to say: the reference
 * itself, a failed image, a negligible residual). One marker "carries" the misfit when,
 * left out, the other four fit far better and it sits well away from where they put it.
 */
export function misfitNotes(
  analysis: SequenceAnalysis,
  /** The marks the analysis was computed from, in its order. */
  images: readonly { fiducials: readonly (Vec2 | null)[] }[],
): (string | null)[] {
  return analysis.images.map((image, i) => {
    if (!image.ok || image.strain.referenceIndex === i) return null;
    if (!(image.strain.residualRms > NEGLIGIBLE_MM)) return null;
    const current = images[i]?.fiducials;
    const reference = images[image.strain.referenceIndex]?.fiducials;
    if (!current?.every(Boolean) || !reference?.every(Boolean)) return null;
    const spread = misfitSpread(current as Vec2[], reference as Vec2[]);
    if (!spread) return null;
    const k = spread.marker;
    if (k === null || (spread.offsets[k] as number) < 3 * (spread.restRms[k] as number)) {
      return 'even across markers';
    }
    return spread.partner === null
      ? `mostly fiducial ${k}`
      : `mostly fiducial ${Math.min(k, spread.partner)} or ${Math.max(k, spread.partner)}`;
  });
}
