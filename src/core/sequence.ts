// Strain for a whole sequence of marked images against a reference image (or
// each against the one before it), and the trends against press travel over the
// photos kept (src/core/trends.ts).
import { fitDeformation } from './deformation';
import type { Problem } from './errors';
import { DegenerateMarkersError, InvalidInputError, toProblem } from './errors';
import { areaChange, rotationAngle, volumeConstancyStrains } from './kinematics';
import type { PrincipalStrains } from './principal';
import { principalStrains } from './principal';
import type { FitOmission, StrainComponent, TrendOutcome } from './trends';
import { fitOmissions, trendsOf } from './trends';
import { assertScaleLength, normalizeByScale } from './scale';
import { strainTensor } from './strain';
import type { ImageMarks } from './marks';
import { assertPointUncertainty, hasPointUncertainty } from './pointUncertainty';
import type { PrincipalUncertainty, StrainUncertainty } from './uncertainty';
import { propagateStrainUncertainty } from './uncertainty';
import type { Mat2, StrainMeasure, Vec2 } from './types';
import { isStrainMeasure } from './types';

/** Total strain against one reference image, or incremental strain step by step. */
export type ReferenceMode = { kind: 'total'; referenceIndex: number } | { kind: 'incremental' };

export interface SequenceRequest {
  images: readonly ImageMarks[];
  scaleLength: number;
  measure: StrainMeasure;
  reference: ReferenceMode;
}

export interface ImageStrain {
  /** The image this one was compared with. */
  referenceIndex: number;
  F: Mat2;
  /** Strain tensor in the chosen measure, image axes (x right, y down). */
  strain: Mat2;
  principal: PrincipalStrains;
  /** det F - 1. */
  areaChange: number;
  /** Rigid rotation from the polar decomposition, degrees from +x towards +y. */
  rotation: number;
  /** Hencky through-thickness strain assuming constant volume. */
  thicknessStrain: number;
  /** von Mises equivalent strain from the Hencky principal strains (volume constancy). */
  equivalentStrain: number;
  /** RMS of the marker misfit of a homogeneous deformation, mm. */
  residualRms: number;
  /**
   * Standard uncertainty of each strain component (same measure and axes),
   * propagated from the point uncertainties of both images; present only when
   * both images carry point uncertainties.
   */
  strainUncertainty?: Mat2;
  /** Standard uncertainties of the principal strains, their angle (degrees) and the equivalent strain. */
  principalUncertainty?: PrincipalUncertainty;
}

export type ImageOutcome =
  | { ok: true; name: string; pressTravel: number | null; strain: ImageStrain }
  | { ok: false; name: string; pressTravel: number | null; problem: Problem };

export interface SequenceAnalysis {
  measure: StrainMeasure;
  reference: ReferenceMode;
  images: ImageOutcome[];
  /** The photos the trend fits leave out and why, in sequence order. */
  leftOut: FitOmission[];
  trends: Record<StrainComponent, TrendOutcome>;
}

/** One image's marks in scale units, or why they cannot be. */
export type Normalised = { ok: true; points: Vec2[] } | { ok: false; problem: Problem };

/** Throws what is wrong with a request as a whole (the settings, a point's uncertainty, a reason). */
export function checkSequenceRequest(request: SequenceRequest): void {
  if (!isStrainMeasure(request.measure)) {
    throw new InvalidInputError(`Unknown strain measure "${String(request.measure)}".`);
  }
  assertScaleLength(request.scaleLength);
  request.images.forEach(assertPointUncertainty);
  for (const image of request.images) {
    const reason: unknown = image.leftOut?.reason;
    if (image.leftOut && (typeof reason !== 'string' || reason.trim() === '')) {
      throw new InvalidInputError(
        `${image.name} is left out of the fits without a reason; give one.`,
      );
    }
  }
  const n = request.images.length;
  if (n === 0) throw new InvalidInputError('There are no images to analyse; add photos first.');
  if (request.reference.kind === 'total') {
    const r = request.reference.referenceIndex;
    if (!Number.isInteger(r) || r < 0 || r >= n) {
      throw new InvalidInputError(
        `The reference image ${r + 1} does not exist; pick one of the ${n} images.`,
      );
    }
  }
}

/** An image's fiducials in scale units (its scale points `scaleLength` apart). */
export function normaliseImage(image: ImageMarks, scaleLength: number): Normalised {
  try {
    if (image.fiducials.length !== 5) {
      throw new InvalidInputError(
        `has ${image.fiducials.length} of its 5 fiducials; mark all five in order.`,
      );
    }
    return { ok: true, points: normalizeByScale(image.fiducials, image.scalePoints, scaleLength) };
  } catch (error) {
    return { ok: false, problem: { ...toProblem(error), imageName: image.name } };
  }
}

function prefixed(problem: Problem, imageName: string): Problem {
  return { ...problem, message: `${imageName}: ${problem.message}`, imageName };
}

interface Pair {
  reference: ImageMarks;
  current: ImageMarks;
  referenceIndex: number;
  currentIndex: number;
}

function strainOf(
  reference: Vec2[],
  current: Vec2[],
  pair: Pair,
  scaleLength: number,
  measure: StrainMeasure,
): ImageStrain {
  const { F, residualRms } = fitDeformation(reference, current, 4);
  const strain = strainTensor(F, measure);
  const { thickness, equivalent } = volumeConstancyStrains(F);
  const result: ImageStrain = {
    referenceIndex: pair.referenceIndex,
    F,
    strain,
    principal: principalStrains(strain),
    areaChange: areaChange(F),
    rotation: rotationAngle(F),
    thicknessStrain: thickness,
    equivalentStrain: equivalent,
    residualRms,
  };
  // Only when both photos carry point uncertainties; otherwise the result
  // has no uncertainty fields at all. A photo compared with itself (the
  // reference, or the first photo in incremental mode) has the same points on
  // both sides: whatever their errors, its strain is exactly zero, so it is
  // known exactly rather than with two independent photos' spread.
  const uncertainty =
    pair.reference === pair.current
      ? selfComparisonUncertainty(pair.reference)
      : propagateStrainUncertainty(pair.reference, pair.current, scaleLength, measure, F, strain);
  if (uncertainty) {
    result.strainUncertainty = uncertainty.strainUncertainty;
    result.principalUncertainty = uncertainty.principalUncertainty;
  }
  return result;
}

function selfComparisonUncertainty(image: ImageMarks): StrainUncertainty | null {
  if (!hasPointUncertainty(image)) return null;
  return {
    strainUncertainty: [
      [0, 0],
      [0, 0],
    ],
    principalUncertainty: { e1: 0, e2: 0, angle: 0, equivalentStrain: 0 },
  };
}

/** What the strain of one image is computed from: the request's settings and every image. */
export interface OutcomeInputs {
  images: readonly ImageMarks[];
  normalised: readonly Normalised[];
  scaleLength: number;
  measure: StrainMeasure;
  reference: ReferenceMode;
}

/** The image its strain at `index` is compared with. */
export function referenceIndexOf(reference: ReferenceMode, index: number): number {
  return reference.kind === 'total' ? reference.referenceIndex : Math.max(0, index - 1);
}

/**
 * The strain of the image at `index` against its reference, or the problem that stops it.
 * It reads only that image and its reference, so a sequence can recompute the images an
 * edit touched and keep the others.
 */
export function imageOutcome(inputs: OutcomeInputs, index: number): ImageOutcome {
  const { images, normalised, scaleLength, measure } = inputs;
  const image = images[index] as ImageMarks;
  const base = { name: image.name, pressTravel: image.pressTravel };
  const referenceIndex = referenceIndexOf(inputs.reference, index);
  const current = normalised[index] as Normalised;
  const ref = normalised[referenceIndex] as Normalised;
  if (!current.ok) return { ...base, ok: false, problem: prefixed(current.problem, image.name) };
  if (!ref.ok) {
    const refName = (images[referenceIndex] as ImageMarks).name;
    return {
      ...base,
      ok: false,
      problem: {
        code: ref.problem.code,
        message: `${image.name} is compared with ${refName}, which needs fixing first.`,
        imageName: image.name,
      },
    };
  }
  try {
    return {
      ...base,
      ok: true,
      strain: strainOf(
        ref.points,
        current.points,
        {
          reference: images[referenceIndex] as ImageMarks,
          current: image,
          referenceIndex,
          currentIndex: index,
        },
        scaleLength,
        measure,
      ),
    };
  } catch (error) {
    // A degenerate reference is the reference image's fault: say so there.
    const atFault =
      error instanceof DegenerateMarkersError && error.configuration === 'reference'
        ? (images[referenceIndex] as ImageMarks).name
        : image.name;
    return { ...base, ok: false, problem: prefixed(toProblem(error), atFault) };
  }
}

/** The photos the trend fits leave out, and the fits over the others. */
export function sequenceTrends(
  images: readonly ImageMarks[],
  outcomes: readonly ImageOutcome[],
): Pick<SequenceAnalysis, 'leftOut' | 'trends'> {
  const inputs = outcomes.map((outcome, i) => ({
    name: outcome.name,
    pressTravel: outcome.pressTravel,
    strain: outcome.ok ? outcome.strain.strain : null,
    leftOut: (images[i] as ImageMarks).leftOut,
  }));
  const leftOut = fitOmissions(inputs);
  return { leftOut, trends: trendsOf(inputs, leftOut) };
}

/**
 * Analyses a sequence: per image its strain against the reference (or, in
 * incremental mode, against the previous image), then each component's trend
 * against press travel. Problems with one image are reported on that image
 * and do not stop the others; problems with the whole request throw.
 */
export function analyseSequence(request: SequenceRequest): SequenceAnalysis {
  checkSequenceRequest(request);
  const { images, scaleLength, measure, reference } = request;
  const normalised = images.map((image) => normaliseImage(image, scaleLength));
  const inputs = { images, normalised, scaleLength, measure, reference };
  const outcomes = images.map((_, index) => imageOutcome(inputs, index));
  return { measure, reference, images: outcomes, ...sequenceTrends(images, outcomes) };
}
