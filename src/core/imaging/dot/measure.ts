// A segmented dot measured: its centre (centre.ts) worked out on a crop around it with
// other dark structures masked, then graded, or refused when its shape is too unclear to
// trust the centre.
import type { Plane } from '../raster/planeFit';
import { cropOf } from '../raster/crop';
import type { Crop } from '../raster/crop';
import { dilate, movedShape } from '../raster/morphology';
import type { RegionShape } from '../raster/morphology';
import { measureCentre } from './centre';
import { foreignDarkness } from './foreignDarkness';
import { reject } from './types';
import type { DotGrade, DotLimits, DotSearch } from './types';

/** The centre and quality of a segmented dot. */
export function measureDot(
  grey: Float32Array,
  smooth: Float32Array,
  region: Uint8Array,
  shape: RegionShape,
  win: { x0: number; y0: number; width: number; height: number },
  background: Plane,
  noise: number,
  texture: number,
  peak: number,
  nx: number,
  ny: number,
  o: DotLimits,
): DotSearch {
  const w = win.width;
  const h = win.height;
  // Only the dot's surroundings matter now: work on a crop around it.
  const crop = cropAround(shape, w, h);
  const cropGrey = cropOf(grey, w, crop);
  const cropSmooth = cropOf(smooth, w, crop);
  const cropRegion = cropOf(region, w, crop);
  const local = movedShape(shape, -crop.x0, -crop.y0);
  const plane: Plane = {
    c0: background.c0 + background.cx * crop.x0 + background.cy * crop.y0,
    cx: background.cx,
    cy: background.cy,
  };
  const low = Math.max(4 * noise, 4 * texture, 0.15 * peak, o.minContrast / 2);
  const foreign = foreignDarkness(cropSmooth, cropRegion, crop.w, crop.h, low);
  const excluded = foreign.some((v) => v !== 0) ? dilate(foreign, crop.w, crop.h, 1.5) : foreign;

  const measured = measureCentre(cropGrey, crop.w, crop.h, excluded, local, plane, noise);
  if (measured === 'partial') return reject('shape-unclear');
  if (!measured) return reject('unstable');
  const cx = measured.centre[0] + crop.x0;
  const cy = measured.centre[1] + crop.y0;
  if ((cx - nx) ** 2 + (cy - ny) ** 2 > (o.radius + shape.a) ** 2) return reject('unstable');

  const fit = ellipseOverlap(cropRegion, crop.w, crop.h, local);
  const axes = measured.axes ?? { a: shape.a, b: shape.b, angle: shape.angle };
  const touching = measured.touching;
  // The centroid works on darkness relative to the background level: scale to match.
  const { contrast, level } = measured;
  const snr = contrast / noise;
  const relativeNoise = noise / level;
  const asymmetry =
    (level * Math.sqrt(Math.max(0, measured.meanSquaredAsymmetry - 2 * relativeNoise ** 2))) /
    contrast;
  const uncertainty = measured.uncertainty;
  const shapeShift = measured.shapeShift ?? 0;
  // The gap test weighs the fit's own scatter, without the shape doubt already in it.
  const scatter = Math.sqrt(Math.max(0, uncertainty ** 2 - shapeShift ** 2));
  if (shapeUnclear(measured.shapeGap ?? 0, shapeShift, scatter, measured.coverage)) {
    return reject('shape-unclear');
  }
  // A dot located from its outline is never better than fair; how fair, its uncertainty
  // says (the fit's scatter, how much of the outline was seen, and how well a circle and
  // an ellipse agree on it), and at least half of its outline must have been seen.
  const grade: DotGrade =
    measured.method === 'outline'
      ? snr >= 5 && uncertainty <= 0.2 && measured.coverage >= 0.5
        ? 'fair'
        : 'poor'
      : snr >= 10 && fit >= 0.85 && asymmetry <= 0.15 && uncertainty <= 0.05 && !touching
        ? 'good'
        : snr >= 5 && fit >= 0.7 && asymmetry <= 0.3 && uncertainty <= 0.2
          ? 'fair'
          : 'poor';
  return {
    ok: true,
    centre: [cx + win.x0, cy + win.y0],
    quality: {
      grade,
      uncertainty,
      contrast,
      noise,
      snr,
      // The outline's ellipse describes a partly hidden dot better than the pixels that
      // segmentation kept of it.
      diameter: measured.axes
        ? 2 * Math.sqrt(axes.a * axes.b)
        : 2 * Math.sqrt(shape.area / Math.PI),
      major: 2 * axes.a,
      minor: 2 * axes.b,
      angle: (axes.angle * 180) / Math.PI,
      fit,
      asymmetry,
      touching,
      method: measured.method,
      coverage: measured.coverage,
    },
  };
}

/**
 * Whether a dot seen less than half way round leaves its centre unknown to within a
 * pixel: the flattening its arc cannot rule out would move the circle's centre by more
 * than SHAPE_SHIFT (arcShape.ts), or, read as a circle and as a free ellipse, its one
 * visible arc puts the centre further apart than the fit's scatter allows (two per-axis
 * standard uncertainties in 2D), and by at least SHAPE_GAP px. On so short an arc a slightly flattened dot fits a
 * circle as well as an ellipse, and neither fit's scatter shows how far off the circle's
 * centre then is: on synthetic 16 px dots seen less than half way round, 6 % flattening
 * already put it 0.9 px off and 13 % 1.5 px, with the free ellipse's centre between the
 * circle's and the truth, so a gap of half a pixel goes with errors near a pixel. Seen
 * more than half way round (arcs on both sides of a line through the dot), flattening
 * moves the circle's centre far less, while the free ellipse there can slide along the
 * hidden parts: its centre is no check then. The gap alone caught about two in three of
 * such renders (the free ellipse is often as far off as the circle); the shape bound
 * catches the rest, at the cost of some round dots seen as little, which could have been
 * flattened as far as anyone looking at that arc can tell.
 */
function shapeUnclear(gap: number, shift: number, uncertainty: number, coverage: number): boolean {
  if (coverage >= 0.5) return false;
  return shift > SHAPE_SHIFT || gap > Math.max(SHAPE_GAP, 2 * Math.SQRT2 * uncertainty);
}

/**
 * The shape doubt (arcShape.ts) beyond which a circle read off a short arc is refused, px.
 * That bound takes the flattening the arc's scatter could just hide; on synthetic 16 px dots
 * flattened by 13 % and seen 42 % of the way round, the real centre error ran 2.5 to 3.5
 * times the bound, so 0.4 px of it stands for a centre that may be a pixel off.
 */
const SHAPE_SHIFT = 0.4;

/** The gap between the circle's and the free ellipse's centres beyond which a partly
 * hidden dot's centre counts as unknown, px. */
const SHAPE_GAP = 0.5;

/** The part of the window the centre refinement can reach: the dot, its disc and ring. */
function cropAround(shape: RegionShape, w: number, h: number): Crop {
  const margin = Math.ceil(1.25 * shape.a + 4 + Math.max(4, 0.4 * shape.a) + 8);
  const x0 = Math.max(0, Math.floor(shape.cx - margin));
  const y0 = Math.max(0, Math.floor(shape.cy - margin));
  const x1 = Math.min(w, Math.ceil(shape.cx + margin));
  const y1 = Math.min(h, Math.ceil(shape.cy + margin));
  return { x0, y0, w: x1 - x0, h: y1 - y0 };
}

/** Intersection over union of a region and its moment ellipse, counted in pixels. */
function ellipseOverlap(region: Uint8Array, w: number, h: number, shape: RegionShape): number {
  const cos = Math.cos(shape.angle);
  const sin = Math.sin(shape.angle);
  let inside = 0;
  let both = 0;
  const reach = shape.a + 2;
  for (let y = Math.max(0, Math.floor(shape.cy - reach)); y < Math.min(h, shape.cy + reach); y++) {
    for (
      let x = Math.max(0, Math.floor(shape.cx - reach));
      x < Math.min(w, shape.cx + reach);
      x++
    ) {
      const dx = x + 0.5 - shape.cx;
      const dy = y + 0.5 - shape.cy;
      const u = dx * cos + dy * sin;
      const v = -dx * sin + dy * cos;
      if ((u / shape.a) ** 2 + (v / shape.b) ** 2 <= 1) {
        inside++;
        if (region[y * w + x] !== 0) both++;
      }
    }
  }
  const union = inside + shape.area - both;
  return union > 0 ? both / union : 0;
}
