// One ray's crossing of a dot's rim: where its profile rises from the dot's ink to the light
// ground, to sub-pixel accuracy, and what the ray met there (a clean edge, more darkness,
// or an edge something else spoils). rays.ts casts the rays around the dot.

/** What a ray from the dot's middle met. */
export const Ray = {
  /** A clean edge: ink inside, flat lighter ground outside. */
  Edge: 1,
  /** Darkness all the way: the dot runs into something as dark as itself. */
  Hidden: 2,
  /** An edge, but something else is in the way: a second edge close outside, a shadow's
   * plateau inside, ground that is not flat, a step too small. */
  Dirty: 3,
  /** A clean edge next to a hidden or dirty one: the other structure's blur reaches it. */
  Junction: 4,
  /** Left the window before finding an edge. */
  Out: 5,
} as const;
export type RayStatus = (typeof Ray)[keyof typeof Ray];

/** Spacing of the samples along a ray, px. */
export const STEP = 0.5;

export interface Crossing {
  status: RayStatus;
  merged: boolean;
  r: number;
  step: number;
  /** Distance from 10 % to 90 % of the step, px (0 if not measured). */
  width?: number;
  /** The ground just outside the edge, as a fraction of the light plane there. */
  ground?: number;
}

/** The dot's edge on one ray's profile (s: grey, ground: the light level at each sample). */
export function edgeOn(
  s: Float64Array,
  ground: Float64Array,
  n: number,
  ink: number,
  noise: number,
  half: number,
): Crossing {
  // The first rise above 40 % of the way from ink to the light ground, after the ray has
  // been in ink: a lighter shadow beyond the dot is then still seen as ground.
  let inInk = false;
  let j = -1;
  for (let i = 0; i < n; i++) {
    const level = ink + 0.4 * (ground[i]! - ink);
    if (s[i]! < level) inInk = true;
    else if (inInk) {
      j = i;
      break;
    }
  }
  if (j < 0) return { status: n * STEP < 2 ? Ray.Out : Ray.Hidden, merged: true, r: 0, step: 0 };
  const rise = (i: number) => s[i]! - (ink + 0.4 * (ground[i]! - ink));
  const before = rise(j - 1);
  const after = rise(j);
  let r = (j - 1 + before / (before - after)) * STEP;

  // Merged: the profile does not get well over half way to the light ground right after
  // the edge, so the dot's darkness runs on into something else's (or into a shadow).
  const span = Math.ceil((half + 2) / STEP);
  let light = false;
  for (let i = j; i < Math.min(n, j + span); i++) {
    if (s[i]! >= ink + 0.6 * (ground[i]! - ink)) {
      light = true;
      break;
    }
  }

  // Local levels on both sides of the transition, then the edge by the area between them;
  // twice, the second time with the windows centred on the first answer. The profile is
  // divided by the light plane first: light multiplies ink and ground alike, so a lighting
  // gradient along the ray then no longer tilts the levels (which would shift the edge
  // towards the lighter side by about 9 gradient / step px).
  const outsideWidth = Math.ceil(3 / STEP);
  const minOutside = Math.ceil(1 / STEP);
  const insideWidth = Math.ceil(2 / STEP);
  let extent = outsideWidth;
  let inside = 0;
  let outside = 0;
  let hi = 0;
  const q = (i: number) => s[i]! / Math.max(ground[i]!, 1);
  for (let pass = 0; pass < 2; pass++) {
    const lo = Math.round((r - half) / STEP);
    hi = Math.round((r + half) / STEP);
    if (hi + outsideWidth >= n) return { status: Ray.Out, merged: !light, r, step: 0 };
    const start = Math.max(0, lo - insideWidth);
    let sum = 0;
    for (let i = start; i <= Math.max(0, lo); i++) sum += q(i);
    inside = sum / (Math.max(0, lo) - start + 1);
    // The ground outside: over 3 px, or less (down to 1 px) where something dark comes
    // next along the ray (a line a few px beyond the dot), which is then left out.
    extent = outsideWidth;
    for (let i = hi + minOutside; i <= hi + outsideWidth; i++) {
      if (q(i) < q(hi) - 0.15 * (q(hi) - inside)) {
        extent = i - 1 - hi;
        break;
      }
    }
    sum = 0;
    for (let i = hi; i <= hi + extent; i++) sum += q(i);
    outside = sum / (extent + 1);
    if (!(outside > inside)) return { status: Ray.Dirty, merged: !light, r, step: 0 };
    // r = (start of zone) + integral of (outside - q) / (outside - inside) over the zone;
    // before the zone the profile counts as all ink (the middle of a small dot).
    const zone = Math.max(0, lo);
    let area = 0;
    for (let i = zone; i < hi; i++) {
      const a = Math.min(1, Math.max(0, (outside - q(i)) / (outside - inside)));
      const b = Math.min(1, Math.max(0, (outside - q(i + 1)) / (outside - inside)));
      area += 0.5 * (a + b) * STEP;
    }
    r = zone * STEP + area;
  }
  const at = Math.min(n - 1, Math.round(r / STEP));
  const level = Math.max(ground[at]!, 1);
  const stepSize = (outside - inside) * level;
  const contrast = Math.max(level - ink, 1);
  let status: RayStatus = Ray.Edge;
  // Too small a step: the edge of a dot deep in a shadow, or of a shadow's plateau.
  if (stepSize < Math.max(0.4 * contrast, 5 * noise)) status = Ray.Dirty;
  // Inside, the ink must reach close to the dot's own darkness (not a shadow's plateau).
  if (inside * level > ink + 0.3 * contrast) status = Ray.Dirty;
  // Outside, the ground must be flat over the window: no second edge, no penumbra.
  let low = Infinity;
  let high = -Infinity;
  for (let i = hi; i <= hi + extent; i++) {
    low = Math.min(low, q(i));
    high = Math.max(high, q(i));
  }
  if ((high - low) * level > 0.2 * stepSize + 4 * noise) status = Ray.Dirty;
  // The transition's width, 10 % to 90 % of the step: the blur, for sizing the zones.
  let from = -1;
  let to = -1;
  for (let i = Math.max(0, Math.round((r - 2 * half) / STEP)); i < hi; i++) {
    const f = (q(i) - inside) / (outside - inside);
    if (from < 0 && f >= 0.1) from = i;
    if (to < 0 && f >= 0.9) to = i;
  }
  const width = from >= 0 && to >= from ? (to - from) * STEP : 0;
  return { status, merged: !light, r, step: stepSize, width, ground: outside };
}
