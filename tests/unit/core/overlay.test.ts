// The overlay's geometry against the core's own deformation: the grid is the reference
// square carried by F into the current photo's pixels, the arrows follow e1 and e2, and
// the misfit vectors are the fit's residuals.
import { describe, expect, it } from 'vitest';
import {
  analyseSequence,
  fitDeformation,
  imageOverlay,
  mapReferencePoint,
  markerResiduals,
  normalizeByScale,
  overlayScales,
  overlaySources,
  referenceSegments,
  strainPath,
} from '../../../src/core';
import type { ImageMarks, Mat2, SequenceRequest, Vec2 } from '../../../src/core';
import { roundDownNicely } from '../../../src/core/overlayMagnification';
import { deform, expectClose, rotation, squareMarkers } from './helpers';
import { gridCorners } from '../../support/overlay';

const STRETCH: Mat2 = [
  [1.2, 0.05],
  [0.02, 0.85],
];

function marks(name: string, fiducials: Vec2[], scalePoints: [Vec2, Vec2]): ImageMarks {
  return { name, fiducials, scalePoints, pressTravel: null };
}

/** Reference at 10 px/mm; current deformed by STRETCH, shifted, photographed at 8 px/mm. */
function pair(): { reference: ImageMarks; current: ImageMarks; request: SequenceRequest } {
  const refPoints = squareMarkers(400, 300, 100);
  const reference = marks('ref.png', refPoints, [
    [50, 50],
    [250, 50],
  ]);
  // The same specimen at 0.8 the magnification: pixels shrink by 0.8, F stays STRETCH.
  const curPoints = deform(
    deform(refPoints, STRETCH, [-400 * 1.2 - 300 * 0.05 + 410, 0]),
    [
      [0.8, 0],
      [0, 0.8],
    ],
    [20, -30],
  );
  // A mis-click on fiducial 2.
  curPoints[2] = [(curPoints[2] as Vec2)[0] + 6, (curPoints[2] as Vec2)[1] - 4];
  const current = marks('cur.png', curPoints, [
    [40, 60],
    [200, 60],
  ]);
  const request: SequenceRequest = {
    images: [reference, { ...current, pressTravel: 3 }],
    scaleLength: 20,
    measure: 'hencky',
    reference: { kind: 'total', referenceIndex: 0 },
  };
  return { reference, current, request };
}

describe('overlay geometry', () => {
  const { reference, current, request } = pair();
  const analysis = analyseSequence(request);
  const sources = overlaySources(request, analysis);
  const source = sources[1];
  if (!source) throw new Error('the current photo has no strain');
  const scales = overlayScales(
    sources.filter((s) => s !== null),
    request.scaleLength,
  );
  const overlay = imageOverlay(source, request.scaleLength, scales);

  it('puts the grid corners where F carries the reference corners, in current pixels', () => {
    const refMm = normalizeByScale(reference.fiducials, reference.scalePoints, 20);
    const curMm = normalizeByScale(current.fiducials, current.scalePoints, 20);
    const { F } = fitDeformation(refMm, curMm);
    const pxPerMm = 160 / 20;
    gridCorners(overlay.grid).forEach((corner, k) => {
      const v = [
        (refMm[k] as Vec2)[0] - (refMm[4] as Vec2)[0],
        (refMm[k] as Vec2)[1] - (refMm[4] as Vec2)[1],
      ];
      const mm = [
        (curMm[4] as Vec2)[0] + F[0][0] * (v[0] as number) + F[0][1] * (v[1] as number),
        (curMm[4] as Vec2)[1] + F[1][0] * (v[0] as number) + F[1][1] * (v[1] as number),
      ];
      // Back to pixels: p = s0 + mm * px/mm.
      expectClose(corner?.[0] as number, 40 + (mm[0] as number) * pxPerMm, 1e-12, 1e-9);
      expectClose(corner?.[1] as number, 60 + (mm[1] as number) * pxPerMm, 1e-12, 1e-9);
    });
    expect(overlay.grid).toHaveLength(5);
    expect(overlay.grid.every((row) => row.length === 5)).toBe(true);
  });

  it('maps the reference centre onto the current centre, and grid lines stay straight', () => {
    const centre = mapReferencePoint(
      reference,
      current,
      20,
      source.strain.F,
      reference.fiducials[4] as Vec2,
    );
    expect(centre[0]).toBeCloseTo((current.fiducials[4] as Vec2)[0], 9);
    expect(centre[1]).toBeCloseTo((current.fiducials[4] as Vec2)[1], 9);
    const row = overlay.grid[1] as Vec2[];
    const [a, b, c] = [row[0] as Vec2, row[2] as Vec2, row[4] as Vec2];
    const cross = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
    expect(Math.abs(cross)).toBeLessThan(1e-6);
  });

  it('draws each principal axis as long as its strain times the stated scale', () => {
    const pxPerStrain = scales.arrowMmPerStrain * overlay.pixelsPerMm;
    const { e1, e2 } = source.strain.principal;
    const [a1, a2] = overlay.axes;
    expect(a1.strain).toBe(e1);
    expect(a2.strain).toBe(e2);
    for (const axis of overlay.axes) {
      const length = Math.hypot(axis.to[0] - axis.from[0], axis.to[1] - axis.from[1]);
      expectClose(length, Math.abs(axis.strain) * pxPerStrain, 1e-12, 1e-9);
      expect(axis.kind).toBe(axis.strain >= 0 ? 'stretch' : 'shortening');
      // Centred on the centre marker.
      expectClose((axis.from[0] + axis.to[0]) / 2, overlay.centre[0], 1e-12, 1e-9);
    }
    expect(a1.kind).toBe('stretch');
    expect(a2.kind).toBe('shortening');
    // Perpendicular unit directions.
    expectClose(a1.direction[0] * a2.direction[0] + a1.direction[1] * a2.direction[1], 0, 0, 1e-12);
  });

  it('turns the arrows with the specimen: e1 along F Fᵀ’s major axis in the current photo', () => {
    // A stretch of 1.3 along x and 0.9 along y, then turned by 30°.
    const R = rotation(30);
    const F: Mat2 = [
      [R[0][0] * 1.3, R[0][1] * 0.9],
      [R[1][0] * 1.3, R[1][1] * 0.9],
    ];
    const ref = marks('a', squareMarkers(0, 0, 50), [
      [0, 100],
      [100, 100],
    ]);
    const cur = marks('b', deform(squareMarkers(0, 0, 50), F), [
      [0, 100],
      [100, 100],
    ]);
    const strain = analyseSequence({
      images: [ref, cur],
      scaleLength: 10,
      measure: 'green_lagrangian',
      reference: { kind: 'total', referenceIndex: 0 },
    }).images[1];
    if (!strain?.ok) throw new Error('no strain');
    const one = imageOverlay({ reference: ref, current: cur, strain: strain.strain }, 10, {
      arrowMmPerStrain: 10,
      legendStrain: 0.1,
      misfitMagnification: 1,
      fittedMisfitMagnification: 1,
    });
    const angle = (Math.atan2(one.axes[0].direction[1], one.axes[0].direction[0]) * 180) / Math.PI;
    expect(Math.abs(Math.abs(angle) - 30) < 1e-6 || Math.abs(Math.abs(angle) - 150) < 1e-6).toBe(
      true,
    );
  });

  it('gives each marker its residual from the fit, in pixels, magnified as stated', () => {
    const residualsMm = markerResiduals(reference, current, 20, source.strain.F);
    const rms = Math.sqrt(
      residualsMm.slice(0, 4).reduce((sum, [x, y]) => sum + x * x + y * y, 0) / 4,
    );
    expectClose(rms, source.strain.residualRms, 1e-9);
    overlay.misfits.forEach((misfit, k) => {
      const mm = residualsMm[k] as Vec2;
      expectClose(misfit.residual[0], mm[0] * overlay.pixelsPerMm, 1e-12, 1e-9);
      expectClose(misfit.residual[1], mm[1] * overlay.pixelsPerMm, 1e-12, 1e-9);
      const m = scales.misfitMagnification;
      expectClose(misfit.to[0] - misfit.from[0], m * misfit.residual[0], 1e-12, 1e-9);
    });
    // The tail of a corner's misfit is the grid corner; the centre's misfit is nil.
    expect(overlay.misfits[0]?.from[0]).toBeCloseTo(overlay.grid[0]?.[0]?.[0] as number, 9);
    expect(Math.hypot(...(overlay.misfits[4]?.residual as Vec2))).toBeLessThan(1e-9);
    // A mis-clicked corner of a square misfits as much as its opposite corner, in pixels.
    const sizes = overlay.misfits.map((m) => Math.hypot(...m.residual));
    expect(sizes[2]).toBeGreaterThan(1);
    expect(sizes[2]).toBeCloseTo(sizes[0] as number, 9);
  });

  it('rounds the scales to 1-2-5 values and keeps misfits at least true size', () => {
    expect(roundDownNicely(0.37)).toBeCloseTo(0.2, 12);
    expect(roundDownNicely(7.9)).toBe(5);
    expect(roundDownNicely(1)).toBe(1);
    expect(scales.misfitMagnification).toBeGreaterThanOrEqual(1);
    expect(scales.legendStrain).toBeLessThanOrEqual(
      Math.max(Math.abs(source.strain.principal.e1), Math.abs(source.strain.principal.e2)),
    );
  });
});

describe('strain path', () => {
  const { request } = pair();
  const analysis = analyseSequence(request);

  it('gives one point per photo with its major and minor strain in the chosen measure', () => {
    const hencky = strainPath(analysis, 'hencky');
    expect(hencky.map((p) => p.name)).toEqual(['ref.png', 'cur.png']);
    const image = analysis.images[1];
    if (!image?.ok) throw new Error('no strain');
    expect(hencky[1]?.major).toBeCloseTo(image.strain.principal.e1, 12);
    expect(hencky[1]?.minor).toBeCloseTo(image.strain.principal.e2, 12);
    expect(hencky[1]?.equivalent).toBe(image.strain.equivalentStrain);
    const green = strainPath(analysis, 'green_lagrangian');
    expect(green[1]?.major).toBeGreaterThan(hencky[1]?.major as number);
    expect(hencky[0]?.major).toBe(0);
  });

  it('draws the reference paths from the origin along minor = ratio × major', () => {
    const segments = referenceSegments([{ major: 0.2, minor: -0.1 }]);
    const byId = new Map(segments.map((s) => [s.path.id, s]));
    expect(byId.get('uniaxial-tension')?.end).toEqual({ major: 0.2, minor: -0.1 });
    expect(byId.get('plane-strain')?.end.minor).toBe(0);
    expect(byId.get('equibiaxial')?.end).toEqual({ major: 0.2, minor: 0.2 });
    expect(byId.get('pure-shear')?.end).toEqual({ major: 0.2, minor: -0.2 });
    const compression = byId.get('uniaxial-compression')?.end;
    expect(compression?.minor).toBeCloseTo(-2 * (compression?.major as number), 12);
  });
});
