// The strain overlay of the photo view: whether it is shown, the analysis it is drawn from
// (asked of the worker only while it is shown), and each analysed photo's overlay geometry
// from the core, with one set of scales for the whole sequence so the photos compare.
import { imageOverlay, overlayScales, overlaySources } from '../core/index';
import type { ImageOverlay, OverlayScales, OverlaySource } from '../core/index';
import { AnalysisState } from './analysis.svelte';
import type { StrainAnalyser } from './analysis.svelte';
import type { Readiness } from './readiness';

/** The overlay of the analysis at hand: each photo's source by image id, and the shared scales. */
interface OverlaySet {
  scaleLength: number;
  scales: OverlayScales;
  sources: Readonly<Record<string, OverlaySource>>;
}

export class StrainOverlayState {
  /** Whether the overlay is drawn over the photo (off until the user turns it on). */
  shown = $state(false);
  readonly analysis: AnalysisState;

  readonly #set: OverlaySet | null = $derived.by(() => {
    const result = this.analysis.result;
    if (!result?.response.ok) return null;
    const all = overlaySources(result.request, result.response.analysis);
    const sources: Record<string, OverlaySource> = {};
    all.forEach((source, index) => {
      const id = result.imageIds[index];
      if (source && id !== undefined) sources[id] = source;
    });
    const { scaleLength } = result.request;
    return { scaleLength, sources, scales: overlayScales(Object.values(sources), scaleLength) };
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
    const set = this.#set;
    const source = imageId ? set?.sources[imageId] : undefined;
    if (!set || !source) return null;
    return imageOverlay(source, set.scaleLength, set.scales);
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
