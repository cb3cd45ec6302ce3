// What a printed report says, gathered at the moment the user asks for it: the analysis
// the worker returned, the marks it was computed from and the charts as pictures. Picking
// and wording only; every number comes from the worker or from the user's marks.
import { STRAIN_COMPONENTS, STRAIN_MEASURE_LABELS } from '../../core/index';
import type { SequenceAnalysis, StrainComponent, Vec2 } from '../../core/index';
import { pointUncertainty } from '../../model/document';
import type { ProjectDocument, ProjectImage } from '../../model/document';
import { placedMarkers, slotMark } from '../annotate/markers';
import type { OverlaysByImage } from '../../state/strainOverlay.svelte';
import type { PlacedMarker } from '../annotate/markers';
import type { QuantitiesResponse } from '../../worker/quantities';

/** A chart as a picture: an object URL of its PNG, owned by the report. */
export interface ReportChart {
  component: StrainComponent;
  url: string;
}

export interface ReportContent {
  createdAt: Date;
  appVersion: string;
  analysis: SequenceAnalysis;
  /** The analysed images in the analysis's order (a plain copy taken with it). */
  images: ProjectImage[];
  scaleLength: number;
  /** The standard uncertainty (px) the analysis gave each hand-placed point. */
  handPlacedUncertainty?: number;
  /** Why other images were left out, one sentence per image. */
  leftOut: string[];
  /** Photos in the project, analysed or not. */
  photoCount: number;
  charts: ReportChart[];
  /** Pictures of the photos by image id: sharp ones made for the report, else thumbnails. */
  pictures: Readonly<Record<string, string>>;
  /** Each analysed photo's strain overlay, drawn over its picture; none: marks only. */
  overlays?: OverlaysByImage | null;
  /** The user's quantities of the same analysis (force, their columns); none: no such table. */
  quantities?: QuantitiesResponse | null;
}

/** Where sharper pictures of the photos come from (the worker; absent in some tests). */
export interface PictureSource {
  reportPictures(
    ids: string[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<{ urls: Record<string, string>; missing: string[] }>;
}

/** The images an analysis was computed from, found by the ids it answered for. */
export function analysedImages(doc: ProjectDocument, imageIds: readonly string[]): ProjectImage[] {
  const byId = new Map(doc.images.map((image) => [image.id, image]));
  return imageIds.flatMap((id) => byId.get(id) ?? []);
}

/** "2026-11-26 14:05": local time, unambiguous on any locale's paper. */
export function reportTimestamp(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, '0');
  const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  return `${day} ${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** How the strain was measured, in one phrase: the measure and what each image is compared with. */
export function referenceText(analysis: SequenceAnalysis): string {
  if (analysis.reference.kind === 'incremental') {
    return 'incremental: each image against the one before it';
  }
  const reference = analysis.images[analysis.reference.referenceIndex];
  return `total: every image against ${reference?.name ?? 'the reference image'}`;
}

export function measureText(analysis: SequenceAnalysis): string {
  return STRAIN_MEASURE_LABELS[analysis.measure];
}

/** The components whose trend has a fitted line, in table order. */
export function fittedComponents(analysis: SequenceAnalysis): StrainComponent[] {
  return STRAIN_COMPONENTS.filter((component) => analysis.trends[component].ok);
}

/** One row of the coordinates table: a point of one image, as marked. */
export interface CoordinateRow {
  image: string;
  mark: string;
  kind: 'fiducial' | 'scale';
  point: Vec2;
  /** Its standard uncertainty (px) as located on its dot; null when placed by hand. */
  uncertainty: number | null;
}

export function coordinateRows(images: readonly ProjectImage[]): CoordinateRow[] {
  return images.flatMap((image) =>
    placedMarkers(image).map(({ slot, point }) => ({
      image: image.name,
      mark: slotMark(slot),
      kind: slot.kind,
      point,
      uncertainty: pointUncertainty(image, slot),
    })),
  );
}

/** A photo's marks drawn over its thumbnail: positions in full-size image pixels. */
export interface PhotoMarks {
  id: string;
  name: string;
  width: number;
  height: number;
  pressTravel: number | null;
  markers: PlacedMarker[];
}

export function markedPhotos(images: readonly ProjectImage[]): PhotoMarks[] {
  return images.map((image) => ({
    id: image.id,
    name: image.name,
    width: image.width,
    height: image.height,
    pressTravel: image.pressTravel,
    markers: placedMarkers(image),
  }));
}
