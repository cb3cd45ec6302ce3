// The test video of a stretching specimen: five dots deformed homogeneously by a known F(t)
// beside a fixed ruler, so every frame's true strain is known. Shared by the page that draws
// and encodes it and the tests that compare the app's answer with it.
import { analyseSequence } from '../../src/core';
import type { Mat2, Vec2 } from '../../src/core';
import { markerPattern } from './markers';

export interface VideoScene {
  /** Size of the frames as displayed, px. */
  width: number;
  height: number;
  /** Centre and half side of the dot square at rest, and the dots' diameter, px. */
  centre: Vec2;
  half: number;
  dot: number;
  /** The ruler: its ticks' left end, first and last tick rows, and tick spacing (1 mm), px. */
  ruler: { x: number; y0: number; y1: number; spacing: number };
  /** How F grows with time: F(t) = I + rate t, per second. */
  rate: Mat2;
  /** How fast the specimen's centre moves, px/s (a press pulling one end); absent: still. */
  drift?: Vec2;
  /**
   * A grid of dots printed round the markers, reaching this many half-sides from the centre
   * each way (2: a 5 × 5 grid whose inner 3 × 3 holds the markers); absent: the five alone.
   */
  grid?: number;
}

/**
 * A 640 × 480 scene stretching 4 % a second along x, with a little shear and narrowing,
 * beside a ruler of 8 px to the millimetre whose centimetre ticks are long and numbered, as
 * on a steel rule: far enough from the specimen that the patches tracking matches round
 * its scale points (SCENE_SCALE) hold only the ruler.
 */
export const STRETCHING_SCENE: VideoScene = {
  width: 640,
  height: 480,
  centre: [250, 240],
  half: 120,
  dot: 24,
  ruler: { x: 520, y0: 40, y1: 440, spacing: 8 },
  rate: [
    [0.04, 0.01],
    [0, -0.015],
  ],
};

/** The deformation at time t (s). */
export function deformationAt(scene: VideoScene, time: number): Mat2 {
  const [[a, b], [c, d]] = scene.rate;
  return [
    [1 + a * time, b * time],
    [c * time, 1 + d * time],
  ];
}

/** Where the specimen's centre is at time t (s). */
function centreAt(scene: VideoScene, time: number): Vec2 {
  const [vx, vy] = scene.drift ?? [0, 0];
  return [scene.centre[0] + vx * time, scene.centre[1] + vy * time];
}

/** The five dots' true centres at time t, in marker order. */
export function dotsAt(scene: VideoScene, time: number): Vec2[] {
  return markerPattern(centreAt(scene, time), scene.half, deformationAt(scene, time));
}

/** The centres of the grid's other dots at time t (none without a grid). */
export function gridDotsAt(scene: VideoScene, time: number): Vec2[] {
  const reach = scene.grid ?? 0;
  const [[a, b], [c, d]] = deformationAt(scene, time);
  const [x, y] = centreAt(scene, time);
  const dots: Vec2[] = [];
  for (let i = -reach; i <= reach; i++) {
    for (let j = -reach; j <= reach; j++) {
      const marker = (Math.abs(i) === 1 && Math.abs(j) === 1) || (i === 0 && j === 0);
      const [u, v] = [i * scene.half, j * scene.half];
      if (!marker) dots.push([x + a * u + b * v, y + c * u + d * v]);
    }
  }
  return dots;
}

/** A ruler's two scale points and the length between them, mm. */
export interface SceneScale {
  points: [Vec2, Vec2];
  length: number;
}

/**
 * The scale points a user would click on a scene's ruler: a millimetre into the ruler from
 * its edge, on the ticks at 5 mm and 45 mm (40 mm apart, each near a long tick).
 */
export function sceneScale(scene: VideoScene): SceneScale {
  const { x, y0, spacing } = scene.ruler;
  return {
    points: [
      [x + spacing, y0 + 5 * spacing],
      [x + spacing, y0 + 45 * spacing],
    ],
    length: 40,
  };
}

/** The small strains at each of these times from the dots' true centres, by the app's own core. */
export function knownStrains(
  scene: VideoScene,
  times: readonly number[],
  scale: SceneScale,
): { exx: number; eyy: number; exy: number }[] {
  const analysis = analyseSequence({
    images: times.map((time) => ({
      name: String(time),
      fiducials: dotsAt(scene, time),
      scalePoints: scale.points,
      pressTravel: time,
    })),
    scaleLength: scale.length,
    measure: 'small',
    reference: { kind: 'total', referenceIndex: 0 },
  });
  return analysis.images.map((image) => {
    if (!image.ok) throw new Error('the known scene does not analyse');
    const [[exx, exy], [, eyy]] = image.strain.strain;
    return { exx, eyy, exy };
  });
}
