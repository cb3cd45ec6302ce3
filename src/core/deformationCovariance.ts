// The covariance of the fitted deformation gradient F from the standard uncertainties of
// the marked points of both images (docs/science.md, "Uncertainty of the strains"): each
// input coordinate moves F by a dF that follows in closed form from the normal equations.
import type { ImageMarks } from './marks';
import type { Mat2, Vec2 } from './types';

const CENTRE = 4;

// Scratch buffers reused by every call: the analysis of a long sequence runs this once per
// image, and fresh arrays would cost more than the arithmetic.
/** Vectors from the centre marker to markers 0..3 (mm) of the reference and current image. */
const refVectors = new Float64Array(8);
const curVectors = new Float64Array(8);

/**
 * Writes an image's vectors from the centre marker to each corner (mm) into
 * `out` and returns |s1 - s0| in pixels.
 */
function vectorsOf(image: ImageMarks, scaleLength: number, out: Float64Array): number {
  const s0 = image.scalePoints[0];
  const s1 = image.scalePoints[1];
  const scalePx = Math.hypot(s1[0] - s0[0], s1[1] - s0[1]);
  const mmPerPx = scaleLength / scalePx;
  const centre = image.fiducials[CENTRE] as Vec2;
  for (let k = 0; k < 4; k++) {
    const p = image.fiducials[k] as Vec2;
    // Same arithmetic as the normalisation: offsets from s0 scaled, then differenced.
    out[2 * k] = (p[0] - s0[0]) * mmPerPx - (centre[0] - s0[0]) * mmPerPx;
    out[2 * k + 1] = (p[1] - s0[1]) * mmPerPx - (centre[1] - s0[1]) * mmPerPx;
  }
  return scalePx;
}

/** Adds sigma2 dF dF^T to the covariance of F for one input that moves F by dF per unit. */
function accumulate(
  c: Float64Array,
  sigma2: number,
  d00: number,
  d01: number,
  d10: number,
  d11: number,
): void {
  c[0] = (c[0] as number) + sigma2 * d00 * d00;
  c[1] = (c[1] as number) + sigma2 * d00 * d01;
  c[2] = (c[2] as number) + sigma2 * d00 * d10;
  c[3] = (c[3] as number) + sigma2 * d00 * d11;
  c[5] = (c[5] as number) + sigma2 * d01 * d01;
  c[6] = (c[6] as number) + sigma2 * d01 * d10;
  c[7] = (c[7] as number) + sigma2 * d01 * d11;
  c[10] = (c[10] as number) + sigma2 * d10 * d10;
  c[11] = (c[11] as number) + sigma2 * d10 * d11;
  c[15] = (c[15] as number) + sigma2 * d11 * d11;
}

/**
 * Covariance of F (into `out`, 4 x 4, the upper triangle filled) from the point uncertainties of both
 * images. Each input coordinate moves F by a dF that follows from the normal
 * equations F G = A, G = sum vr vr^T, A = sum vc vr^T:
 * dF = (dA - F dG) G^-1. For a current corner k moved along axis a, that is
 * c e_a g_k^T with g_k = G^-1 vr_k and c the image's mm per px; for a
 * reference corner, c (r_k e_a^T G^-1 - F e_a g_k^T) with the fit residual
 * r_k = vc_k - F vr_k. The centre marker enters every vector with the
 * opposite sign. A scale point moved by delta along the scale line changes
 * |s1 - s0| by delta and so scales every current vector by
 * 1 - delta/|s1 - s0| (dF = -F delta/|s1 - s0|; the reference's with +);
 * across the line the length does not change to first order.
 */
export function fillCovarianceOfF(
  reference: ImageMarks,
  current: ImageMarks,
  scaleLength: number,
  F: Mat2,
  out: Float64Array,
): void {
  out.fill(0);
  const refScalePx = vectorsOf(reference, scaleLength, refVectors);
  const curScalePx = vectorsOf(current, scaleLength, curVectors);
  const cr = scaleLength / refScalePx;
  const cc = scaleLength / curScalePx;
  const f00 = F[0][0];
  const f01 = F[0][1];
  const f10 = F[1][0];
  const f11 = F[1][1];

  let gxx = 0;
  let gxy = 0;
  let gyy = 0;
  for (let k = 0; k < 4; k++) {
    const x = refVectors[2 * k] as number;
    const y = refVectors[2 * k + 1] as number;
    gxx += x * x;
    gxy += x * y;
    gyy += y * y;
  }
  const gDet = gxx * gyy - gxy * gxy;
  const h00 = gyy / gDet;
  const h01 = -gxy / gDet;
  const h11 = gxx / gDet;

  const sigmaRef = reference.fiducialUncertainty as readonly number[];
  const sigmaCur = current.fiducialUncertainty as readonly number[];
  /**
   * One marker's two axes in each photo: (gx, gy) = G^-1 v_ref and (rx, ry) the
   * fit's misfit for a corner, or their sums over the corners for the centre
   * (the sign of a direction does not change its covariance: no minus needed).
   */
  const addMarker = (
    curSigma: number,
    refSigma: number,
    gx: number,
    gy: number,
    rx: number,
    ry: number,
  ): void => {
    const curVariance = curSigma ** 2;
    accumulate(out, curVariance, cc * gx, cc * gy, 0, 0);
    accumulate(out, curVariance, 0, 0, cc * gx, cc * gy);
    const refVariance = refSigma ** 2;
    // The reference marker moved along axis a: c (r e_a^T G^-1 - F e_a g^T), with
    // (ga0, ga1) the row a of G^-1 and (fa0, fa1) the column a of F.
    const alongReferenceAxis = (ga0: number, ga1: number, fa0: number, fa1: number): void =>
      accumulate(
        out,
        refVariance,
        cr * (rx * ga0 - fa0 * gx),
        cr * (rx * ga1 - fa0 * gy),
        cr * (ry * ga0 - fa1 * gx),
        cr * (ry * ga1 - fa1 * gy),
      );
    alongReferenceAxis(h00, h01, f00, f10);
    alongReferenceAxis(h01, h11, f01, f11);
  };
  // Sums over the corners of g_k and r_k, for the centre marker.
  let gxSum = 0;
  let gySum = 0;
  let rxSum = 0;
  let rySum = 0;
  for (let k = 0; k < 4; k++) {
    const x = refVectors[2 * k] as number;
    const y = refVectors[2 * k + 1] as number;
    const gx = h00 * x + h01 * y;
    const gy = h01 * x + h11 * y;
    const rx = (curVectors[2 * k] as number) - (f00 * x + f01 * y);
    const ry = (curVectors[2 * k + 1] as number) - (f10 * x + f11 * y);
    gxSum += gx;
    gySum += gy;
    rxSum += rx;
    rySum += ry;
    addMarker(sigmaCur[k] as number, sigmaRef[k] as number, gx, gy, rx, ry);
  }
  addMarker(sigmaCur[CENTRE] as number, sigmaRef[CENTRE] as number, gxSum, gySum, rxSum, rySum);
  const refScale = reference.scaleUncertainty as readonly [number, number];
  const curScale = current.scaleUncertainty as readonly [number, number];
  const scaleVariance =
    (refScale[0] ** 2 + refScale[1] ** 2) / (refScalePx * refScalePx) +
    (curScale[0] ** 2 + curScale[1] ** 2) / (curScalePx * curScalePx);
  accumulate(out, scaleVariance, f00, f01, f10, f11);
}
