// The sub-pixel centre of a segmented dot. A free dot: the darkness-weighted centroid over
// an ellipse shaped like the dot, iterated, with the background plane taken from a ring
// around it; pixels of other dark structures are replaced by the dot's darkness at their
// mirror point through the centre, so what is summed stays point-symmetric and a symmetric
// dot keeps its exact centre. Darkness is measured against a level that follows uneven
// light the way the dot's own ink does (read off the dot's flat middle): lighting scales
// ink and paper alike, glare or a tone curve adds to both, and weighing the darkness for
// the wrong one pulls the centroid along the gradient. A dot that runs into other
// darkness (a line, a shadow, the specimen's dark edge), or whose surroundings a soft
// shadow makes uneven: the centre of the ellipse fitted to the part of its outline that
// borders lighter ground (outline.ts); if that outline is no ellipse, the middle of its
// ink core, which a line or shadow less dark than ink does not reach. Each centre comes
// with a standard uncertainty meant to predict its real error (docs/science.md).
import type { Vec2 } from '../types';
import { medianAndMad, robustPlane } from './background';
import type { Plane } from './background';
import type { RegionShape } from './morphology';
import { axesEllipse, ellipseAxes } from './conic';
import { enclosedCentre, fitRim, rimLevels, sample } from './outline';
import type { RimLevels } from './outline';
import { labelComponents } from './morphology';
import { norm } from './norm';
import { solve } from './solve';

export interface Refined {
  centre: Vec2;
  /** How the centre was found: the darkness centroid, or the outline's ellipse when
   * another structure touches the dot and hides part of it. */
  method: 'centroid' | 'outline';
  /** Darkness of the dot's middle below the background, grey levels. */
  contrast: number;
  /** The background's grey level at the centre. */
  level: number;
  /** Sum of relative darkness over the pixels used. */
  mass: number;
  /** sqrt of the mean over both axes of sum((x - c)^2) over the pixels that carry weight. */
  spread: number;
  meanSquaredAsymmetry: number;
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

type Figures = Omit<Refined, 'method' | 'touching' | 'uncertainty' | 'coverage'> & {
  /** How far the centre moves per unit change of the ink's response to the light, px. */
  responseShift: number;
  /** The background ring's departure from its plane that is not point-symmetric, grey
   * levels RMS (ringAsymmetry). */
  ringAsymmetry: number;
};

/** The state of the centroid iteration, in window pixel coordinates. */
interface Estimate {
  cx: number;
  cy: number;
  plane: Ground;
  mass: number;
  /** How the ink's darkness follows the light (see `scale`): 1 when uneven light scales
   * ink and paper alike, 0 when it adds the same grey to both. */
  response: number;
}

/**
 * The centre: the darkness centroid when the dot stands clear (other structures' pixels in
 * its disc are replaced by the dot's darkness at their mirror point, which leaves the sum
 * point-symmetric); the centre of the ellipse fitted to its outline when something dark
 * touches it, because then part of the dot's own darkness cannot be told from the other.
 */
export function refineCentre(
  grey: Float32Array,
  w: number,
  h: number,
  excluded: Uint8Array,
  shape: RegionShape,
  fallback: Plane,
  noise: number,
): Refined | null {
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
    if (!middle) return null;
    const estimate: Estimate = {
      cx: middle[0],
      cy: middle[1],
      plane: fallback,
      mass: 0,
      response: 1,
    };
    estimate.plane = ringPlane(grey, w, h, excluded, estimate.cx, estimate.cy, reach) ?? fallback;
    const result = figures(grey, w, h, excluded, shape, estimate, reach, noise);
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
  let result = figures(grey, w, h, excluded, shape, estimate, reach, noise);
  if (!result) return null;
  // Where the light is even across the dot the response hardly matters: the centroid is
  // iterated again only if it would move by a thousandth of a pixel or more.
  if (Math.abs(response.value - 1) * result.responseShift >= 0.001) {
    estimate.response = response.value;
    if (!iterateCentroid(grey, w, h, excluded, reach, noise, estimate)) return null;
    result = figures(grey, w, h, excluded, shape, estimate, reach, noise);
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
 * The middle of the dot's ink proper: the pixels within reach of the segmented shape that
 * are nearly as dark as its ink (INK_CORE of the way from the light ground to the ink),
 * their largest connected part. A line or shadow the dot runs into is seldom as dark as
 * ink, and drops out where a half-darkness outline would take it in. Null when too little
 * is left to say where the dot is.
 */
function inkCore(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  levels: RimLevels,
): Vec2 | null {
  const { light, ink } = levels;
  const reach = 1.5 * shape.a + 2;
  const x0 = Math.max(0, Math.floor(shape.cx - reach));
  const y0 = Math.max(0, Math.floor(shape.cy - reach));
  const x1 = Math.min(w - 1, Math.ceil(shape.cx + reach));
  const y1 = Math.min(h - 1, Math.ceil(shape.cy + reach));
  const bw = x1 - x0 + 1;
  const bh = y1 - y0 + 1;
  if (bw < 3 || bh < 3) return null;
  const core = new Uint8Array(bw * bh);
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      if (mask[y * w + x] !== 0) continue;
      const ground = light.c0 + light.cx * x + light.cy * y;
      if (!(ground > ink)) continue;
      if ((ground - grey[y * w + x]!) / (ground - ink) >= INK_CORE)
        core[(y - y0) * bw + x - x0] = 1;
    }
  }
  const { labels, count } = labelComponents(core, bw, bh);
  if (count === 0) return null;
  const size = new Int32Array(count + 1);
  const sx = new Float64Array(count + 1);
  const sy = new Float64Array(count + 1);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i]!;
    if (l === 0) continue;
    size[l]!++;
    sx[l] = sx[l]! + (i % bw);
    sy[l] = sy[l]! + Math.floor(i / bw);
  }
  let best = 1;
  for (let l = 2; l <= count; l++) if (size[l]! > size[best]!) best = l;
  const n = size[best]!;
  if (n < 12) return null;
  return [x0 + sx[best]! / n + 0.5, y0 + sy[best]! / n + 0.5];
}

/** How dark, from the light ground (0) to the ink (1), a pixel of the ink core is. */
const INK_CORE = 0.85;

/** What is known, before looking, of how a dot's ink follows uneven light: as lighting
 * (1), with some added glare or tone curve pulling it towards 0. */
const RESPONSE_PRIOR = { value: 1, sigma: 0.5 };

/**
 * How the ink's darkness follows the light across the dot (Estimate.response), from the
 * dot's flat middle: there the darkness below the background plane is the contrast at the
 * centre times 1 + response (L / Lc - 1), a straight line in the light L. Its slope, with
 * its standard error from the scatter about the line, is combined with RESPONSE_PRIOR
 * (inverse-variance weights): a small dot, or light that hardly changes across the dot,
 * says little and keeps the prior, and then the centre hardly depends on it.
 */
function inkResponse(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  estimate: Estimate,
  blur: number,
  noise: number,
): { value: number; sigma: number } {
  const prior = RESPONSE_PRIOR;
  // Inside the outline by the blur's reach and a pixel: the ink's own level.
  const margin = 1.5 + 2.5 * (blur > 0 ? blur : 1.2);
  const a = shape.a - margin;
  const b = shape.b - margin;
  if (!(b >= 2)) return prior;
  const { cx, cy, plane } = estimate;
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  const centreLevel = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
  let n = 0;
  let st = 0;
  let sd = 0;
  let stt = 0;
  let std = 0;
  let sdd = 0;
  for (let y = Math.max(0, Math.floor(cy - a)); y <= Math.min(h - 1, cy + a); y++) {
    for (let x = Math.max(0, Math.floor(cx - a)); x <= Math.min(w - 1, cx + a); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if ((u / a) ** 2 + (v / b) ** 2 > 1 || mask[y * w + x] !== 0) continue;
      const level = levelAt(plane, x, y);
      const t = level - centreLevel;
      const d = level - grey[y * w + x]!;
      n++;
      st += t;
      sd += d;
      stt += t * t;
      std += t * d;
      sdd += d * d;
    }
  }
  if (n < 12) return prior;
  const vt = stt - (st * st) / n;
  if (!(vt > 1e-9)) return prior;
  const slope = (std - (st * sd) / n) / vt;
  const contrast = sd / n - (slope * st) / n;
  if (!(contrast > 4 * noise)) return prior;
  const scatter = Math.max(0, sdd - (sd * sd) / n - slope * slope * vt) / Math.max(1, n - 2);
  const slopeSigma = Math.sqrt(Math.max(scatter, noise * noise) / vt);
  const measured = Math.min(1.5, Math.max(-0.5, (slope * centreLevel) / contrast));
  const sigma = (slopeSigma * centreLevel) / contrast;
  const wPrior = 1 / prior.sigma ** 2;
  const wMeasured = 1 / (sigma * sigma);
  return {
    value: (prior.value * wPrior + measured * wMeasured) / (wPrior + wMeasured),
    sigma: 1 / Math.sqrt(wPrior + wMeasured),
  };
}

/**
 * The standard uncertainty of a centroid, px per axis: the pixel noise carried through the
 * weighted mean, the ink's response to the light as far as it is unknown (times how much
 * the centre depends on it), and what neither covers (docs/science.md).
 */
function centroidUncertainty(
  result: Figures,
  noise: number,
  responseSigma: number,
  shape: RegionShape,
  reach: Reach,
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

/**
 * The pixels the centroid sums over: an ellipse shaped like the dot, grown by a quarter
 * and 4 px, and the ring outside it where the background plane is fitted. For a round dot
 * it is a disc; for a flattened one it stays close to the dot across its short axis, so a
 * shadow or an edge running beside a long thin dot stays out of it.
 */
interface Reach {
  cos: number;
  sin: number;
  /** Semi-axes of the summing window, px. */
  a: number;
  b: number;
  /** Width of the background ring outside it along each axis, px. */
  ringA: number;
  ringB: number;
}

function windowFor(shape: RegionShape): Reach {
  return {
    cos: Math.cos(shape.angle),
    sin: Math.sin(shape.angle),
    a: 1.25 * shape.a + 4,
    b: 1.25 * shape.b + 4,
    ringA: Math.max(4, 0.4 * shape.a),
    ringB: Math.max(4, 0.4 * shape.b),
  };
}

/** (dx, dy) relative to the ellipse of semi-axes (a, b) in the window's frame: 1 on it. */
function radial(r: Reach, dx: number, dy: number, a: number, b: number): number {
  const u = dx * r.cos + dy * r.sin;
  const v = -dx * r.sin + dy * r.cos;
  return Math.sqrt((u / a) ** 2 + (v / b) ** 2);
}

/**
 * How far inside the window's edge a point lies along its ray from the centre, plus half
 * a pixel, at most 1: a soft edge, so the sums change smoothly as the window moves (for a
 * disc, reach + 0.5 - distance).
 */
function softEdge(r: Reach, dx: number, dy: number): number {
  const e = radial(r, dx, dy, r.a, r.b);
  if (e === 0) return 1;
  return Math.min(1, 0.5 + norm(dx, dy) * (1 / e - 1));
}

/**
 * Squared radial positions (as radial() gives them) within which the soft edge's weight
 * is surely 1, and beyond which it is surely 0 or less. Between them lies a band about two
 * pixels wide; only there is the exact weight worked out.
 */
interface EdgeBands {
  inner2: number;
  outer2: number;
}

function edgeBands(r: Reach): EdgeBands {
  // A point at radial position e lies at least b e from the centre (b the shorter
  // semi-axis), so its weight 0.5 + d (1 / e - 1) is at least 0.5 + b (1 - e): 1.5 or
  // more inside e = 1 - 1 / b; and at most 0.5 - b (e - 1), below -0.5, beyond
  // e = 1 + 1 / (b - 0.5).
  const b = Math.min(r.a, r.b);
  const inner = Math.max(0, 1 - 1 / b);
  const outer = 1 + 1 / Math.max(0.5, b - 0.5);
  return { inner2: inner * inner, outer2: outer * outer };
}

/**
 * softEdge(r, dx, dy), without its square roots where the answer is plain 1 or nothing:
 * nine in ten of the summing window's pixels. With norm() for Math.hypot in the band, the
 * centroid of a dot on the 12 MP bench photo went from 1.0 to 0.55 ms (Node).
 */
function edgeWeight(r: Reach, bands: EdgeBands, dx: number, dy: number): number {
  const u = (dx * r.cos + dy * r.sin) / r.a;
  const v = (-dx * r.sin + dy * r.cos) / r.b;
  const e2 = u * u + v * v;
  if (e2 <= bands.inner2) return 1;
  if (e2 >= bands.outer2) return 0;
  return softEdge(r, dx, dy);
}

/** The background plane through the ring of pixels just outside the summing ellipse. */
function ringPlane(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  cx: number,
  cy: number,
  reach: Reach,
): Ground | null {
  const outerA = reach.a + reach.ringA;
  const outerB = reach.b + reach.ringB;
  const indices = new Int32Array(Math.ceil(4 * (outerA + 2) ** 2));
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - outerA)); y <= Math.min(h - 1, cy + outerA); y++) {
    for (let x = Math.max(0, Math.floor(cx - outerA)); x <= Math.min(w - 1, cx + outerA); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      if (
        radial(reach, dx, dy, reach.a, reach.b) > 1 &&
        radial(reach, dx, dy, outerA, outerB) <= 1 &&
        mask[y * w + x] === 0
      )
        indices[n++] = y * w + x;
    }
  }
  if (n < 12) return null;
  const plane = robustPlane(grey, w, indices, n, 2);
  return plane && bent(grey, w, indices, n, plane, cx - 0.5, cy - 0.5, reach);
}

/** What a background is measured against: a plane, bent where the ring says so. */
type Ground = Plane & {
  /** A quadratic bend about (ox, oy), pixel index coordinates. */
  bend?: { xx: number; xy: number; yy: number; ox: number; oy: number };
};

/** The ground's level at pixel index coordinates (x, y). */
function levelAt(g: Ground, x: number, y: number): number {
  const flat = g.c0 + g.cx * x + g.cy * y;
  const b = g.bend;
  if (!b) return flat;
  const dx = x - b.ox;
  const dy = y - b.oy;
  return flat + b.xx * dx * dx + b.xy * dx * dy + b.yy * dy * dy;
}

/**
 * The ring's plane with a quadratic bend added when the ring is wide enough to tell one
 * (a lamp's fall-off seen close up): fitted by least squares to the ring pixels within
 * three robust sigmas of the plane, about the dot's middle.
 */
function bent(
  grey: Float32Array,
  w: number,
  indices: Int32Array,
  n: number,
  plane: Plane,
  ox: number,
  oy: number,
  reach: Reach,
): Ground {
  if (n < MIN_BEND_PIXELS || Math.min(reach.a, reach.b) < MIN_BEND_REACH) return plane;
  const residuals = new Float32Array(n);
  for (let k = 0; k < n; k++) {
    const i = indices[k]!;
    const x = i % w;
    const y = (i - x) / w;
    residuals[k] = grey[i]! - (plane.c0 + plane.cx * x + plane.cy * y);
  }
  const { median, mad } = medianAndMad(residuals, n);
  const limit = 3 * Math.max(1.4826 * mad, 0.5);
  // Normal equations of r = d0 + d1 u + d2 v + e1 u^2 + e2 u v + e3 v^2, u and v in units
  // of the ring's size so that they stay well conditioned.
  const unit = Math.max(1, reach.a + reach.ringA);
  const H = new Float64Array(36);
  const g = new Float64Array(6);
  const f = new Float64Array(6);
  let kept = 0;
  for (let k = 0; k < n; k++) {
    const r = residuals[k]!;
    if (Math.abs(r - median) > limit) continue;
    const i = indices[k]!;
    const x = i % w;
    const u = (x - ox) / unit;
    const v = ((i - x) / w - oy) / unit;
    f[0] = 1;
    f[1] = u;
    f[2] = v;
    f[3] = u * u;
    f[4] = u * v;
    f[5] = v * v;
    for (let a = 0; a < 6; a++) {
      g[a] = g[a]! + f[a]! * r;
      for (let b = 0; b < 6; b++) H[a * 6 + b] = H[a * 6 + b]! + f[a]! * f[b]!;
    }
    kept++;
  }
  if (kept < MIN_BEND_PIXELS) return plane;
  const d = solve(H, g, 6);
  if (!d) return plane;
  const s = 1 / unit;
  return {
    c0: plane.c0 + d[0]! - (d[1]! * ox + d[2]! * oy) * s,
    cx: plane.cx + d[1]! * s,
    cy: plane.cy + d[2]! * s,
    bend: { xx: d[3]! * s * s, xy: d[4]! * s * s, yy: d[5]! * s * s, ox, oy },
  };
}

/** Ring pixels, and the summing ellipse's shorter semi-axis (px), from which the ring
 * can tell a bend from a plane. */
const MIN_BEND_PIXELS = 150;
const MIN_BEND_REACH = 10;

function isOff(mask: Uint8Array, w: number, h: number, x: number, y: number): boolean {
  return x < 0 || y < 0 || x >= w || y >= h || mask[y * w + x] !== 0;
}

/**
 * Darkness-weighted centroid over a disc around the estimate, re-centred until it stops
 * moving. A pixel counts only if neither it nor its mirror through the centre is masked.
 */
function iterateCentroid(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  reach: Reach,
  noise: number,
  estimate: Estimate,
): boolean {
  // Darkness below three noise sigmas is left out: background pixels then add almost no
  // noise however wide the disc. A fixed pointwise transform keeps a symmetric dot
  // symmetric, so this costs no bias.
  const floor = 3 * noise;
  const bands = edgeBands(reach);
  const { response } = estimate;
  let { cx, cy, plane } = estimate;
  let fittedAt: Vec2 | null = null;
  let lastDx = 0;
  let lastDy = 0;
  let extrapolate = false;
  for (let iteration = 0; iteration < 100; iteration++) {
    if (!fittedAt || Math.hypot(cx - fittedAt[0], cy - fittedAt[1]) > 0.2) {
      plane = ringPlane(grey, w, h, mask, cx, cy, reach) ?? plane;
      fittedAt = [cx, cy];
    }

    const centreLevel = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
    const floorRel = floor / centreLevel;
    let sum = 0;
    let sx = 0;
    let sy = 0;
    for (
      let y = Math.max(0, Math.floor(cy - reach.a - 1));
      y <= Math.min(h - 1, cy + reach.a + 1);
      y++
    ) {
      const yc = y + 0.5;
      const my = Math.floor(2 * cy - yc);
      for (
        let x = Math.max(0, Math.floor(cx - reach.a - 1));
        x <= Math.min(w - 1, cx + reach.a + 1);
        x++
      ) {
        const xc = x + 0.5;
        // A soft edge, so the sums change smoothly as the disc moves.
        const weight = edgeWeight(reach, bands, xc - cx, yc - cy);
        if (weight <= 0) continue;
        let dark: number;
        if (mask[y * w + x] === 0) {
          dark = scaledDarkness(plane, x, y, grey[y * w + x]!, response, centreLevel);
        } else {
          // Another structure's pixel: take the dot's darkness from the mirror point instead,
          // or nothing if that too is covered.
          const mx = 2 * cx - xc;
          const myc = 2 * cy - yc;
          if (isOff(mask, w, h, Math.floor(mx), my)) continue;
          dark =
            darknessAt(grey, w, h, plane, mx, myc) /
            scale(plane, mx - 0.5, myc - 0.5, response, centreLevel);
        }
        const d = weight * Math.max(0, dark - floorRel);
        sum += d;
        sx += d * xc;
        sy += d * yc;
      }
    }
    if (!(sum > 0)) return false;
    const nx = sx / sum;
    const ny = sy / sum;
    if (!Number.isFinite(nx) || !Number.isFinite(ny)) return false;
    const dx = nx - cx;
    const dy = ny - cy;
    const moved = Math.hypot(dx, dy);
    cx = nx;
    cy = ny;
    estimate.mass = sum;
    if (moved < 1e-5) break;
    // Steps shrinking by a steady ratio r (a linear contraction): jump to where they lead.
    const ratio = (dx * lastDx + dy * lastDy) / (lastDx * lastDx + lastDy * lastDy);
    if (extrapolate && ratio > 0.3 && ratio < 0.9) {
      const gain = Math.min(ratio / (1 - ratio), 4);
      cx += gain * dx;
      cy += gain * dy;
      extrapolate = false;
    } else {
      extrapolate = true;
    }
    lastDx = dx;
    lastDy = dy;
  }
  estimate.cx = cx;
  estimate.cy = cy;
  estimate.plane = plane;
  return true;
}

/** Absolute darkness (grey levels below the background plane), bilinear between pixel centres. */
function darknessAt(
  grey: Float32Array,
  w: number,
  h: number,
  plane: Ground,
  fx: number,
  fy: number,
) {
  // The plane is read where the sample is taken: at the clamped position.
  const x = Math.min(Math.max(fx - 0.5, 0), w - 1.000001);
  const y = Math.min(Math.max(fy - 0.5, 0), h - 1.000001);
  return levelAt(plane, x, y) - sample(grey, w, h, fx, fy);
}

/** Quality figures at the final centre: contrast, noise spread, asymmetry. */
function figures(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  shape: RegionShape,
  estimate: Estimate,
  reach: Reach,
  noise: number,
): Figures | null {
  const { cx, cy, plane, mass, response } = estimate;
  const level = Math.max(levelAt(plane, cx - 0.5, cy - 0.5), 1);
  const floor = (3 * noise) / level;
  let spread = 0;
  // How the centre would move per unit change of the ink's response to the light: the
  // weights' derivative with respect to it, -W (L - Lc) / E, moments about the centre.
  let weights = 0;
  let shiftX = 0;
  let shiftY = 0;
  let asym = 0;
  let pairs = 0;
  const darkValues = new Float32Array(Math.ceil(Math.PI * (shape.a + 2) * (shape.b + 2)) + 16);
  let dark = 0;
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  for (let y = Math.max(0, Math.floor(cy - reach.a)); y <= Math.min(h - 1, cy + reach.a); y++) {
    const yc = y + 0.5;
    for (let x = Math.max(0, Math.floor(cx - reach.a)); x <= Math.min(w - 1, cx + reach.a); x++) {
      const xc = x + 0.5;
      if (radial(reach, xc - cx, yc - cy, reach.a, reach.b) > 1) continue;
      const mx = 2 * cx - xc;
      const my = 2 * cy - yc;
      if (mask[y * w + x] !== 0 || isOff(mask, w, h, Math.floor(mx), Math.floor(my))) continue;
      const here = scaledDarkness(plane, x, y, grey[y * w + x]!, response, level);
      // Pixels below the floor carry no weight, and so no noise into the centre.
      if (here > floor) {
        spread += ((xc - cx) ** 2 + (yc - cy) ** 2) / 2;
        const lit = Math.max(levelAt(plane, x, y), 1);
        const change = (-here * (lit - level)) / scale(plane, x, y, response, level);
        weights += here - floor;
        shiftX += change * (xc - cx);
        shiftY += change * (yc - cy);
      }
      asym +=
        (here -
          darknessAt(grey, w, h, plane, mx, my) /
            scale(plane, mx - 0.5, my - 0.5, response, level)) **
        2;
      pairs++;
      const u = (xc - cx) * cos + (yc - cy) * sin;
      const v = -(xc - cx) * sin + (yc - cy) * cos;
      if ((u / shape.a) ** 2 + (v / shape.b) ** 2 <= 0.5 && dark < darkValues.length)
        darkValues[dark++] = level * here;
    }
  }
  const contrast =
    dark > 0
      ? medianAndMad(darkValues, dark).median
      : (level * mass) / (Math.PI * shape.a * shape.b);
  if (!(contrast > 0)) return null;
  return {
    centre: [cx, cy],
    contrast,
    level,
    mass,
    spread: Math.sqrt(spread),
    meanSquaredAsymmetry: pairs > 0 ? asym / pairs : 0,
    responseShift: weights > 0 ? norm(shiftX, shiftY) / weights : 0,
    ringAsymmetry: ringAsymmetry(grey, w, h, mask, cx, cy, reach, plane, noise),
  };
}

/**
 * How far the background around the dot departs from its plane in a way that is not
 * point-symmetric about the centre, grey levels RMS, beyond what the pixel noise explains.
 * A symmetric departure (light curved like a bowl) leaves the centroid where it is; a
 * shadow's edge or band across the ring, or a second dot's fringe, does not, and the
 * background under the dot is then as uncertain as the ring says.
 */
function ringAsymmetry(
  grey: Float32Array,
  w: number,
  h: number,
  mask: Uint8Array,
  cx: number,
  cy: number,
  reach: Reach,
  plane: Ground,
  noise: number,
): number {
  const outerA = reach.a + reach.ringA;
  const outerB = reach.b + reach.ringB;
  let sum = 0;
  let n = 0;
  for (let y = Math.max(0, Math.floor(cy - outerA)); y <= Math.min(h - 1, cy + outerA); y++) {
    for (let x = Math.max(0, Math.floor(cx - outerA)); x <= Math.min(w - 1, cx + outerA); x++) {
      const dx = x + 0.5 - cx;
      const dy = y + 0.5 - cy;
      // radial() without its square roots: inside the summing ellipse, or beyond the ring.
      const u = dx * reach.cos + dy * reach.sin;
      const v = -dx * reach.sin + dy * reach.cos;
      if ((u / reach.a) ** 2 + (v / reach.b) ** 2 <= 1) continue;
      if ((u / outerA) ** 2 + (v / outerB) ** 2 > 1) continue;
      const mx = cx - dx;
      const my = cy - dy;
      if (mx < 0 || my < 0 || mx >= w || my >= h) continue;
      const here = grey[y * w + x]! - levelAt(plane, x, y);
      const there = sample(grey, w, h, mx, my) - levelAt(plane, mx - 0.5, my - 0.5);
      sum += ((here - there) / 2) ** 2;
      n++;
    }
  }
  // Each half-difference carries half the noise variance of one pixel (a little less,
  // for the interpolated one).
  return n > 0 ? Math.sqrt(Math.max(0, sum / n - (noise * noise) / 2)) : 0;
}

/**
 * The grey level that darkness at pixel position (x, y) is measured against, so that the
 * ink reads equally dark all across the dot: uneven lighting multiplies the light reaching
 * the dot and its surroundings alike (response 1: the local background level L), while
 * light added on top (glare in the lens, a camera's tone curve) brightens ink and paper by
 * the same grey (response 0: the level at the centre, Lc, everywhere). A plain ratio or
 * difference for the wrong one weighs the dot's brighter or darker side more and pulls
 * the centroid along the gradient (docs/science.md).
 */
function scale(plane: Plane, x: number, y: number, response: number, centreLevel: number): number {
  const level = Math.max(levelAt(plane, x, y), 1);
  return Math.max(response * level + (1 - response) * centreLevel, 1);
}

/** Darkness below the background plane at a pixel, over scale(): about 1 - ink / paper
 * inside the dot, 0 on the background. */
function scaledDarkness(
  plane: Ground,
  x: number,
  y: number,
  value: number,
  response: number,
  centreLevel: number,
): number {
  const level = Math.max(levelAt(plane, x, y), 1);
  return (level - value) / Math.max(response * level + (1 - response) * centreLevel, 1);
}
