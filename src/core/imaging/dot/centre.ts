// The sub-pixel centre of a segmented dot. A free dot: the darkness-weighted centroid over
// an ellipse shaped like the dot, iterated, with the background plane taken from a ring
// around it (centroid.ts); pixels of other dark structures are replaced by the dot's
// darkness at their mirror point through the centre, so what is summed stays
// point-symmetric and a symmetric dot keeps its exact centre. Darkness is measured against
// a level that follows uneven light the way the dot's own ink does (ink.ts, ground.ts). A
// dot that runs into other darkness (a line, a shadow, the specimen's dark edge), or whose
// surroundings a soft shadow makes uneven: the centre of the ellipse fitted to the part of
// its outline that borders lighter ground (outline/rimFit.ts); if that outline is no
// ellipse, the middle of its ink core, which a line or shadow less dark than ink does not
// reach. Each centre comes with a standard uncertainty meant to predict its real error
// (docs/science.md).
import type { Plane } from '../raster/planeFit';
import type { RegionShape } from '../raster/morphology';
import { centroidFigures, iterateCentroid } from './centroid';
import type { CentroidFigures, Estimate } from './centroid';
import { ringPlane } from './ground';
import { inkCore, inkResponse } from './ink';
import { axesEllipse, ellipseAxes } from './outline/conic';
import { enclosedCentre } from './outline/rays';
import { fitRim } from './outline/rimFit';
import { rimLevels } from './outline/rimLevels';
import { windowFor } from './summingWindow';
import type { SummingWindow } from './summingWindow';

/** A dot's centre, how it was found, and how far to trust it. */
export interface DotCentre extends Omit<CentroidFigures, 'responseShift' | 'ringAsymmetry'> {
  /** How the centre was found: the darkness centroid, or the outline's ellipse when
   * another structure touches the dot and hides part of it. */
  method: 'centroid' | 'outline';
  /** Another dark structure touches the dot, or a shadow falls across it. */
  touching: boolean;
  /** One standard deviation of the centre, px per axis: from pixel noise (centroid), or
   * from the outline points' scatter, how much of the outline was seen and whether the dot
   * could as well be round (outline). */
  uncertainty: number;
  /** Fraction of the outline seen: 1 for a free dot, less where something hides it. */
  coverage: number;
  /** The fitted outline's semi-axes and the long axis's direction (radians), when the
   * centre came from it. */
  axes?: { a: number; b: number; angle: number };
  /** For a centre from a partly seen outline taken as a circle: how far the centre of a
   * free ellipse through the same outline lies from it, px (0 otherwise). */
  shapeGap?: number;
  /** The part of a short arc's circle centre that is doubt about the dot's shape, px. */
  shapeShift?: number;
}

/**
 * The centre: the darkness centroid when the dot stands clear (other structures' pixels in
 * its disc are replaced by the dot's darkness at their mirror point, which leaves the sum
 * point-symmetric); the centre of the ellipse fitted to its outline when something dark
 * touches it, because then part of the dot's own darkness cannot be told from the other.
 * 'partial' when the dot runs into other darkness and too little of a clean outline
 * borders lighter ground to give its shape, and so its centre; null when there is no
 * centre to give for another reason.
 */
export function measureCentre(
  grey: Float32Array,
  w: number,
  h: number,
  excluded: Uint8Array,
  shape: RegionShape,
  fallback: Plane,
  noise: number,
): DotCentre | 'partial' | null {
  const reach = windowFor(shape);
  const levels = rimLevels(grey, w, h, [shape.cx, shape.cy], shape.a, shape.b, noise);
  const model = axesEllipse(shape.cx, shape.cy, shape.a, shape.b, shape.angle);
  const limits = { minRadius: 1.5, maxRadius: 2 * shape.a + 6, maxElongation: 8 };
  // A quick look first: most dots stand free, and need no more. Where it finds the dot
  // running into other darkness, or many spoilt edges (something close by; the segmented
  // region may then hold part of it, and so misjudge where the dot ends), the outline is
  // fitted in full and that decides.
  const look = levels && fitRim(grey, w, h, model, levels, limits, true);
  const closer = look !== null && (look.mergedRun >= MERGED_RUN || look.spoilt >= SPOILT);
  const rim = closer ? fitRim(grey, w, h, model, levels!, limits) : look;
  const touching = rim !== null && rim.mergedRun >= MERGED_RUN;
  if (touching && rim) {
    // The outline's ellipse when it is well determined: seen more than half way round,
    // and fitting the points it kept. An outline that is no ellipse at all (a hand-drawn
    // dot squashed against a line) and is hidden only in small part: the middle of the
    // visible ink instead, graded as such. Otherwise too much is hidden to give a centre.
    const ragged =
      !(rim.residual <= Math.max(0.6, 0.1 * ellipseAxes(rim.ellipse).b)) ||
      !Number.isFinite(rim.uncertainty);
    const trusted = !ragged && rim.visible >= 0.5 && rim.coverage >= 0.4;
    // The visible ink's middle: that of its darkest part, the ink itself, when it stands
    // clear of what the dot runs into (a line or a shadow less dark than ink, whose far
    // side the outline's rays mistake for the dot's edge); else that of the outline.
    const middle = trusted
      ? rim.centre
      : ragged && rim.merged <= 0.2
        ? (inkCore(grey, w, h, excluded, shape, levels!) ??
          enclosedCentre(rim.rays, rim.rays.origin))
        : null;
    // No centre: too little of a clean outline shows, or none fits at all, beside what
    // the dot runs into; an outline that fits but is no ellipse is past locating.
    if (!middle) return ragged && Number.isFinite(rim.uncertainty) ? null : 'partial';
    const estimate: Estimate = {
      cx: middle[0],
      cy: middle[1],
      plane: fallback,
      mass: 0,
      response: 1,
    };
    estimate.plane = ringPlane(grey, w, h, excluded, estimate.cx, estimate.cy, reach) ?? fallback;
    const result = centroidFigures(grey, w, h, excluded, shape, estimate, reach, noise);
    return (
      result && {
        ...result,
        method: 'outline',
        touching: true,
        // Untrusted, the visible ink's middle is as uncertain as it is far from the
        // segmented region's middle (and never better than half a pixel).
        uncertainty: trusted
          ? outlineUncertainty(rim.uncertainty)
          : Math.max(0.5, Math.hypot(middle[0] - shape.cx, middle[1] - shape.cy)),
        coverage: rim.coverage,
        ...(trusted
          ? { axes: ellipseAxes(rim.ellipse), shapeGap: rim.shapeGap, shapeShift: rim.shapeShift }
          : {}),
      }
    );
  }
  // From the segmented region's middle: a ragged free dot's outline ellipse may sit off
  // its ink, and the centroid's fixed point is the one near where it starts.
  const estimate: Estimate = {
    cx: shape.cx,
    cy: shape.cy,
    plane: fallback,
    mass: 0,
    response: 1,
  };
  if (!iterateCentroid(grey, w, h, excluded, reach, noise, estimate)) return null;
  // How the ink follows the light, read off the dot's own flat middle where it has one;
  // the centroid again with it, from where it stands.
  const response = inkResponse(grey, w, h, excluded, shape, estimate, look?.rays.blur ?? 0, noise);
  let result = centroidFigures(grey, w, h, excluded, shape, estimate, reach, noise);
  if (!result) return null;
  // Where the light is even across the dot the response hardly matters: the centroid is
  // iterated again only if it would move by a thousandth of a pixel or more.
  if (Math.abs(response.value - 1) * result.responseShift >= 0.001) {
    estimate.response = response.value;
    if (!iterateCentroid(grey, w, h, excluded, reach, noise, estimate)) return null;
    result = centroidFigures(grey, w, h, excluded, shape, estimate, reach, noise);
    if (!result) return null;
  }
  const uncertainty = centroidUncertainty(result, noise, response.sigma, shape, reach);
  // The centroid assumes the background under the dot is the plane through the ring
  // around it. A soft shadow's edge (a penumbra) across the dot breaks that and pulls the
  // centroid, while the dot's own outline stays sharp: when the outline is seen whole, is
  // a clean ellipse, and its centre disagrees with the centroid by far more than either's
  // noise, the outline's centre is the one to trust.
  if (rim && rim.coverage >= 0.85 && rim.spoilt <= 0.1 && rim.residual <= CLEAN_OUTLINE) {
    const apart = Math.hypot(rim.centre[0] - estimate.cx, rim.centre[1] - estimate.cy);
    const fromNoise = ((noise / result.level) * result.spread) / result.mass;
    if (apart > Math.max(0.08, 4 * Math.hypot(fromNoise, rim.uncertainty))) {
      return {
        ...result,
        centre: rim.centre,
        method: 'outline',
        touching: true,
        // The outline's own figure, and a share of how far the centroid was pulled: a
        // penumbra that pulls the centroid so far bends the outline's edges a little too.
        uncertainty: Math.hypot(outlineUncertainty(rim.uncertainty), PENUMBRA_SHARE * apart),
        coverage: rim.coverage,
        axes: ellipseAxes(rim.ellipse),
      };
    }
  }
  return { ...result, method: 'centroid', touching: false, uncertainty, coverage: 1 };
}

/**
 * The standard uncertainty of a centroid, px per axis: the pixel noise carried through the
 * weighted mean, the ink's response to the light as far as it is unknown (times how much
 * the centre depends on it), and what neither covers (docs/science.md).
 */
function centroidUncertainty(
  result: CentroidFigures,
  noise: number,
  responseSigma: number,
  shape: RegionShape,
  reach: SummingWindow,
): number {
  const fromNoise = ((noise / result.level) * result.spread) / result.mass;
  const fromLight = (result.responseShift * responseSigma) / Math.SQRT2;
  // A background slope wrong by g grey levels per px shifts the centroid by about g R^2 /
  // (4 C) for a disc of radius R and contrast C; the ring's odd departure at radius rho
  // puts g near sqrt(2) times it over rho.
  const radius = Math.sqrt(shape.a * shape.b);
  const rho = Math.sqrt(reach.a * reach.b) + 0.5 * Math.sqrt(reach.ringA * reach.ringB);
  const fromGround =
    (BACKGROUND_SCALE * result.ringAsymmetry * radius * radius) / (4 * rho * result.contrast);
  return Math.sqrt(fromNoise ** 2 + fromLight ** 2 + fromGround ** 2);
}

/**
 * How much more than that slope estimate an uneven background moves a centroid: a
 * shadow's edge or band through the dot is a step, not a slope, and moves it about twice
 * as far (a 12 px dot with a band over 40 % of it lands 0.9 px off, twice the slope
 * estimate). Set so on the synthetic dots, and checked on a separate draw (docs/science.md).
 */
const BACKGROUND_SCALE = 2;

/**
 * The standard uncertainty of a centre from a partly seen outline, px per axis: the fit's
 * own figure (the edge points' scatter carried through the fit, grown as less of the
 * outline is seen), and a floor for the edge biases that the scatter does not show (the
 * blur of a shadow or band beside the edge pulls it a little). The floor was set on
 * synthetic dots under shadows, dark edges and bands, and checked on a separate draw
 * (docs/science.md).
 */
function outlineUncertainty(fitted: number): number {
  return Math.hypot(fitted, OUTLINE_FLOOR);
}

const OUTLINE_FLOOR = 0.02;
/** Of how far a penumbra pulled the centroid away from the outline's centre, the share
 * that stays uncertain in the outline's centre (its edges are pulled too, less). */
const PENUMBRA_SHARE = 0.25;

/** The run of consecutive rays into other darkness (as a fraction of all rays) from which
 * a dot counts as touching it: a line or shadow takes a sector of the outline. */
const MERGED_RUN = 0.025;
/** Fraction of spoilt edges in the quick look from which the outline is fitted in full. */
const SPOILT = 0.08;
/** RMS distance of the outline points from their ellipse below which the outline counts as
 * a clean ellipse, px (a synthetic or printed dot; hand-drawn dots stray by 0.2-1 px). */
const CLEAN_OUTLINE = 0.15;
