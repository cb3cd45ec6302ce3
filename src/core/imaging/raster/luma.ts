// Grey from colour: the one set of luma weights every grey raster of the imaging core is
// read with (windows, search copies, pyramid levels, ruler profiles), so all of them see
// the same grey in the same pixels.

/** Rec. 601 luma weights scaled to 256, so ink on any colour of specimen reads dark. */
export const LUMA_R = 77;
export const LUMA_G = 150;
export const LUMA_B = 29;

/** The luma, 0-255, of one pixel's red, green and blue bytes. */
export function luma(r: number, g: number, b: number): number {
  return (r * LUMA_R + g * LUMA_G + b * LUMA_B) / 256;
}
