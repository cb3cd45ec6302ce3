// Detection on the three real demo photos against their careful centres (found independently,
// tests/fixtures/demo/careful-centres.py says how): how far each detected dot lands from its
// careful centre, and what uncertainty it states. The real-photo counterpart of the synthetic
// dot set.
import { readFileSync } from 'node:fs';
import { detectFiducials } from '../../src/core/index';
import type { Vec2 } from '../../src/core/index';
import { DEMO_PHOTOS } from '../../tests/e2e/support/demo';
import { readPng } from '../../tests/unit/imaging/png';

export interface DemoDot {
  photo: string;
  index: number;
  /** Distance from the careful centre, px; null when detection left the dot unlocated. */
  offPx: number | null;
  uncertaintyPx: number | null;
}

export interface DemoFigures {
  dots: DemoDot[];
  /** The dot farthest from its careful centre. */
  worst: DemoDot;
}

export function demoFigures(): DemoFigures {
  const careful = JSON.parse(
    readFileSync(
      new URL('../../tests/fixtures/demo/careful-centres.json', import.meta.url),
      'utf8',
    ),
  ) as { centres: Record<string, Vec2[]> };
  const dots: DemoDot[] = [];
  for (const photo of DEMO_PHOTOS) {
    const found = detectFiducials(readPng(photo.path));
    const centres = careful.centres[photo.file];
    if (!found || !centres) throw new Error(`detection found no markers on ${photo.file}`);
    found.points.forEach((p, index) => {
      const quality = found.quality[index] ?? null;
      const c = centres[index] as Vec2;
      dots.push({
        photo: photo.file,
        index,
        offPx: quality ? Math.hypot(p[0] - c[0], p[1] - c[1]) : null,
        uncertaintyPx: quality ? quality.uncertainty : null,
      });
    });
  }
  // An unlocated dot counts as the worst of all.
  const rank = (d: DemoDot) => d.offPx ?? Infinity;
  const worst = dots.reduce((a, b) => (rank(b) > rank(a) ? b : a));
  return { dots, worst };
}
