// The strain overlay of the photo view: whether it is shown, the analysis it is drawn from
// (asked of the worker only while it is shown), and each analysed photo's overlay geometry
// from the core, computed once per analysis with one set of scales for the whole sequence
// so the photos compare.
import { sequenceOverlays } from '../core/index';
import type { ImageOverlay, OverlayScales } from '../core/index';
import { AnalysisState } from './analysis.svelte';
import type { AnalysisResult, StrainAnalyser } from './analysis.svelte';
import type { Readiness } from './readiness';

/** Each analysed photo's overlay by image id, and the sequence's scales they share. */
export interface OverlaysByImage {
  scales: OverlayScales;
  byId: Record<string, ImageOverlay>;
}

/** The overlays of an analysis answer (null when it failed), by the ids of its images. */
export function overlaysByImage(
  result: AnalysisResult,
  misfitMagnification?: number,
): OverlaysByImage | null {
  if (!result.response.ok) return null;
  const { scales, overlays } = sequenceOverlays(
    result.request,
    result.response.analysis,
    misfitMagnification,
  );
  const byId: Record<string, ImageOverlay> = {};
  overlays.forEach((overlay, index) => {
    const id = result.imageIds[index];
    if (overlay && id !== undefined) byId[id] = overlay;
  });
  return { scales, byId };
}

export class StrainOverlayState {
  /** Whether the overlay is drawn over the photo (off until the user turns it on). */
  shown = $state(false);
  /** The misfit magnification the user chose; null: the one fitted to the sequence. */
  magnification = $state<number | null>(null);
  readonly analysis: AnalysisState;

  readonly #set: OverlaysByImage | null = $derived.by(() => {
    const result = this.analysis.result;
    return result ? overlaysByImage(result, this.magnification ?? undefined) : null;
  });

  constructor(analyser: StrainAnalyser) {
    this.analysis = new AnalysisState(analyser);
  }

  /** Keeps the analysis in step with the project while the overlay is shown. */
  follow(readiness: Readiness): void {
    if (this.shown) void this.analysis.update(readiness);
  }

  /** The sequence's scales, once there is an analysis. */
  get scales(): OverlayScales | null {
    return this.#set?.scales ?? null;
  }

  /** The overlay of one photo, in its image pixels; null when it has no strain (yet). */
  overlayFor(imageId: string | null | undefined): ImageOverlay | null {
    return (imageId ? this.#set?.byId[imageId] : undefined) ?? null;
  }

  /** Why a shown overlay has nothing to draw on this photo, in words; '' when it has. */
  absenceFor(imageId: string | null | undefined, readiness: Readiness): string {
    if (!this.shown || this.overlayFor(imageId)) return '';
    if (readiness.request === null) return 'No overlay yet: the analysis cannot run yet.';
    if (this.analysis.busy || !this.analysis.result) return 'Computing the overlay…';
    if (!this.analysis.result.response.ok) return this.analysis.result.response.problem.message;
    return 'No overlay on this photo: it is not in the analysis (its marks are incomplete or flagged).';
  }

  dispose(): void {
    this.analysis.cancel();
  }
}
