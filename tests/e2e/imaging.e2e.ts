// Marker detection and tracking in the browser's worker, through the production engine
// client: two 12 MP photos (4000 x 3000) drawn in the page (five dots, a ruler, digits),
// the five dots detected on the first and tracked onto the second (moved and deformed).
// The times are figures for the notes (printed and saved), not timed assertions.
import { mkdirSync, writeFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Vec2 } from '../../src/core';
import type { DetectResponse, TrackResponse } from '../../src/client/engine';
import { describeWithBrowser } from './support/browser';
import { harnessForSuite, median } from './support/harness';
import { repoRoot } from './support/server';
import { markerPattern, markerSquare } from '../support/markers';

interface PhotoSpec {
  name: string;
  centre: Vec2;
  half: number;
  /** Deformation of the pattern and the dots, row-major. */
  F: [[number, number], [number, number]];
  dot: number;
}

const FIRST: PhotoSpec = {
  name: 'step-00.jpg',
  centre: [1800.3, 1500.6],
  half: 600,
  F: [
    [1, 0],
    [0, 1],
  ],
  dot: 50,
};
const SECOND: PhotoSpec = {
  name: 'step-01.jpg',
  centre: [1840.7, 1470.2],
  half: 600,
  F: [
    [1.04, 0.01],
    [0, 0.95],
  ],
  dot: 50,
};
const UNIT = markerSquare();

function truth(spec: PhotoSpec): Vec2[] {
  return markerPattern(spec.centre, spec.half, spec.F);
}

describeWithBrowser('marker detection and tracking in the worker (12 MP)', (executablePath) => {
  const harness = harnessForSuite(executablePath);

  it('detects the five dots on one 12 MP photo and tracks them onto the next', async () => {
    const page = harness.browser.page;
    const result = await page.evaluate(
      async ({ specs, unit }) => {
        const engine = window.strainSeerEngine;
        async function draw(spec: (typeof specs)[number]): Promise<File> {
          const canvas = new OffscreenCanvas(4000, 3000);
          const ctx = canvas.getContext('2d')!;
          const light = ctx.createLinearGradient(0, 0, 4000, 3000);
          light.addColorStop(0, '#dcd6c4');
          light.addColorStop(1, '#b4ae9c');
          ctx.fillStyle = light;
          ctx.fillRect(0, 0, 4000, 3000);
          ctx.fillStyle = '#202020';
          // A ruler: an edge and ticks every 30 px, longer every 2nd and 10th, with digits.
          ctx.fillRect(3296, 280, 8, 2440);
          for (let k = 0; k <= 80; k++) {
            const length = k % 10 === 0 ? 180 : k % 2 === 0 ? 120 : 75;
            ctx.fillRect(3300, 300 + k * 30 - 4, length, 8);
          }
          ctx.font = 'bold 80px sans-serif';
          for (let k = 1; k < 8; k++) ctx.fillText(String(k), 3520, 300 + k * 300 + 28);
          ctx.fillText('Specimen 7 - 2024', 300, 2850);
          const [[a, b], [c, d]] = spec.F;
          ctx.fillStyle = '#141414';
          for (const [u, v] of unit) {
            const x = spec.centre[0] + spec.half * (a * u + b * v);
            const y = spec.centre[1] + spec.half * (c * u + d * v);
            ctx.save();
            ctx.setTransform(a, c, b, d, x, y);
            ctx.beginPath();
            ctx.arc(0, 0, spec.dot / 2, 0, 2 * Math.PI);
            ctx.fill();
            ctx.restore();
          }
          const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
          return new File([blob], spec.name, { type: 'image/jpeg' });
        }
        const files = [await draw(specs[0]!), await draw(specs[1]!)];
        const outcomes = await engine.ingest(files);
        const ids = outcomes.map((o) => (o.ok ? o.id : ''));
        const detections: DetectResponse[] = [];
        const trackings: TrackResponse[] = [];
        const roundTrips: number[] = [];
        for (let run = 0; run < 6; run++) {
          detections.push(await engine.detectPhotoFiducials(ids[0]!));
          const detected = detections[detections.length - 1]!;
          const points = detected.ok ? detected.points : [];
          // The second photo: tracking from the first (each call alternates the kept photo,
          // so the decode is timed apart from the work).
          const started = performance.now();
          trackings.push(await engine.trackPhotoFiducials(ids[1]!, points));
          roundTrips.push(performance.now() - started);
        }
        return { detections, trackings, roundTrips };
      },
      { specs: [FIRST, SECOND], unit: UNIT },
    );
    const detected = result.detections[0]!;
    const tracked = result.trackings[0]!;
    if (!detected.ok) throw new Error(detected.message);
    if (!tracked.ok) throw new Error(tracked.message);
    // JPEG at quality 0.92 and the canvas's own anti-aliasing: within 0.3 px of the truth.
    detected.points.forEach((p, k) => {
      const t = truth(FIRST)[k]!;
      expect(Math.hypot(p[0] - t[0], p[1] - t[1])).toBeLessThan(0.3);
    });
    tracked.points.forEach((p, k) => {
      const t = truth(SECOND)[k]!;
      expect(Math.hypot(p[0] - t[0], p[1] - t[1])).toBeLessThan(0.3);
    });
    const figures = {
      megapixels: 12,
      decodeMs: median(result.detections.map((d) => d.decodeMs)),
      detectMs: median(result.detections.slice(1).map((d) => d.computeMs)),
      trackMs: median(result.trackings.slice(1).map((t) => t.computeMs)),
      trackMethod: tracked.method,
      trackRoundTripWithDecodeMs: median(result.roundTrips.slice(1)),
    };
    console.info(
      'Marker detection and tracking in the Chromium worker (12 MP):',
      JSON.stringify(figures),
    );
    mkdirSync(`${repoRoot}test-results`, { recursive: true });
    writeFileSync(`${repoRoot}test-results/imaging-e2e.json`, JSON.stringify(figures, null, 2));
    expect(figures.detectMs).toBeGreaterThan(0);
    expect(harness.problems.all()).toEqual([]);
  });
});
