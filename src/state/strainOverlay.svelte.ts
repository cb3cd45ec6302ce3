// The strain overlay of the photo view: whether it is shown, the analysis it is drawn from
// (asked of the worker only while it is shown), and each analysed photo's overlay geometry
// from the core, computed once per analysis with one set of scales for the whole sequence
// so the photos compare.
import { offDotMarkers, sequenceOverlays } from '../core/index';
import type { ImageOverlay, LocatedDot, OffDotMarker, OverlayScales, Vec2 } from '../core/index';
import { handPlacedUncertaintyOf } from '../model/document';
import { AnalysisState } from './analysis.svelte';
import type { AnalysisResult, StrainAnalyser } from './analysis.svelte';
import type { AssistState } from './assist.svelte';
import type { ProjectState } from './project.svelte';
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

/** A photo's fiducials as marked now and where their dots were located, for the rings. */
export interface MarkedDots {
  marked: readonly (Vec2 | null)[];
  located: readonly (LocatedDot | null)[];
  /** The uncertainty of a point placed or moved by hand, px. */
  handPlaced: number;
}

/** Where a project's marks and the assistance's located dots are read from, for the rings. */
export function markedDots(
  project: Pick<ProjectState, 'doc' | 'image'>,
  assist: Pick<AssistState, 'locatedDot'>,
  imageId: string,
): MarkedDots | null {
  const image = project.image(imageId);
  if (!image) return null;
  return {
    marked: image.fiducials,
    located: image.fiducials.map((_, index) =>
      assist.locatedDot(imageId, { kind: 'fiducial', index }),
    ),
    handPlaced: handPlacedUncertaintyOf(project.doc),
  };
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

  /** A photo's marks beside their located dots; none known: no marker is ringed. */
  readonly #dots: (imageId: string) => MarkedDots | null;

  constructor(analyser: StrainAnalyser, dots: (imageId: string) => MarkedDots | null = () => null) {
    this.analysis = new AnalysisState(analyser);
    this.#dots = dots;
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
    const overlay = (imageId ? this.#set?.byId[imageId] : undefined) ?? null;
    if (!overlay || !imageId) return overlay;
    const offDot = this.offDotFor(imageId);
    return offDot.length > 0 ? { ...overlay, offDot } : overlay;
  }

  /**
   * The photo's markers marked off their located dot, from the marks as they are now (a
   * nudge rings or unrings a marker at once, before the analysis has caught up).
   */
  offDotFor(imageId: string): OffDotMarker[] {
    const dots = this.#dots(imageId);
    return dots ? offDotMarkers(dots.marked, dots.located, dots.handPlaced) : [];
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
