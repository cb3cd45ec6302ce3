// The demo photos and where their marks are, found once by eye and by a dot
// centroid pass over the pixels (tests/fixtures/demo/README.md). Accurate to a
// few pixels, which is how well a careful user clicks.
import { fileURLToPath } from 'node:url';
import type { Vec2 } from '../../../src/core';

export interface DemoPhoto {
  file: string;
  path: string;
  travel: number;
  /** Fiducials 0-4: top-left, top-right, bottom-right, bottom-left, centre. */
  fiducials: Vec2[];
  /** Ruler ticks at 4.5 cm and 0.5 cm on the ruler's left edge: 40 mm apart. */
  scale: [Vec2, Vec2];
}

export const DEMO_SCALE_LENGTH_MM = 40;

const path = (file: string) =>
  fileURLToPath(new URL(`../../fixtures/demo/${file}`, import.meta.url));

export const DEMO_PHOTOS: DemoPhoto[] = [
  {
    file: 'deformation-00mm-force.png',
    path: path('deformation-00mm-force.png'),
    travel: 0,
    fiducials: [
      [346.6, 385.4],
      [600.2, 389.8],
      [591.8, 917.0],
      [319.5, 917.2],
      [463.1, 639.1],
    ],
    scale: [
      [900, 314.3],
      [900, 940.8],
    ],
  },
  {
    file: 'deformation-15mm-force.png',
    path: path('deformation-15mm-force.png'),
    travel: 15,
    fiducials: [
      [266.3, 287.9],
      [484.5, 296.0],
      [484.0, 611.0],
      [228.8, 615.3],
      [364.1, 453.3],
    ],
    scale: [
      [720, 87.9],
      [720, 585.4],
    ],
  },
  {
    file: 'deformation-30mm-force.png',
    path: path('deformation-30mm-force.png'),
    travel: 30,
    fiducials: [
      [300.5, 493.2],
      [533.2, 516.2],
      [507.0, 731.3],
      [198.8, 729.5],
      [379.6, 656.3],
    ],
    scale: [
      [712, 123.2],
      [712, 624.0],
    ],
  },
];
