// Synthetic photos of a ruler for the scale-point tracking tests and benchmark: a steel
// rule's comb of ticks (short every tick, longer every 2nd, longest every 10th, with a
// digit-like glyph five ticks tall beside each 10th, as printed rulers have) placed in the photo by a known shift, zoom and turn,
// so where each tick lands is known exactly. A plain comb (every tick alike, no digits) is
// the featureless periodic case a tracker must call ambiguous.
import type { RgbaImage, Vec2 } from '../../../src/core';
import { render, sceneCamera } from './render';
import type { Bar, Shape } from './render';
import { glyph } from './scenes';

export interface RulerPose {
  /** Where tick 0's root (on the ruler's edge) lands in the photo, px. */
  origin: Vec2;
  /** Distance between neighbouring ticks in the photo, px. */
  spacing: number;
  /** Direction of the ruler (tick 0 towards tick n), radians from +y towards -x: 0 is down. */
  turn?: number;
}

export interface RulerSceneSpec extends RulerPose {
  width: number;
  height: number;
  /** Number of tick spacings drawn. */
  ticks: number;
  /** Every tick alike and no digits: a featureless comb. */
  plain?: boolean;
  blur?: number;
  noise?: number;
  gradient?: Vec2;
  seed?: number;
}

/** The photo point `along` tick spacings down the ruler's edge and `across` spacings into it. */
export function rulerPoint(pose: RulerPose, along: number, across = 0): Vec2 {
  const cos = Math.cos(pose.turn ?? 0);
  const sin = Math.sin(pose.turn ?? 0);
  // Down the ruler is (-sin, cos); into it, along the ticks, is (cos, sin).
  return [
    pose.origin[0] + pose.spacing * (-along * sin + across * cos),
    pose.origin[1] + pose.spacing * (along * cos + across * sin),
  ];
}

export function rulerScene(spec: RulerSceneSpec): RgbaImage {
  const s = spec.spacing;
  const bar = (a: Vec2, b: Vec2, width: number): Bar => ({ kind: 'bar', from: a, to: b, width });
  const width = Math.max(1.2, s * 0.25);
  const ticks: Shape[] = [];
  const groups: Shape[][] = [];
  for (let k = 0; k <= spec.ticks; k++) {
    const length = spec.plain ? 3 : k % 10 === 0 ? 6 : k % 2 === 0 ? 4 : 2.5;
    ticks.push(bar(rulerPoint(spec, k, 0), rulerPoint(spec, k, length), width));
    if (!spec.plain && k % 10 === 0 && k > 0) {
      // A glyph drawn upright in the ruler's own pixels (x across, y along), then placed.
      const place = (p: Vec2) => rulerPoint(spec, p[1] / s, p[0] / s);
      groups.push(
        glyph([7 * s, (k - 2.5) * s], 5 * s, k / 10).map((g) =>
          bar(place(g.from), place(g.to), g.width),
        ),
      );
    }
  }
  // The ruler's edge joins the ticks into one comb, as on a steel rule.
  ticks.push(bar(rulerPoint(spec, -1, 0), rulerPoint(spec, spec.ticks + 1, 0), width));
  groups.push(ticks);
  return render({
    width: spec.width,
    height: spec.height,
    groups,
    ...sceneCamera(spec, [0.0002, -0.0001]),
  });
}
