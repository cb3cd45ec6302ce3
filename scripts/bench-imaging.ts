// Imaging benchmark (figures, not a timed test): centroid error on synthetic dots, strain
// error from detected markers of a known deformation, detection + tracking time per 12 MP
// photo in Node, and the accuracy, bias and honesty of the stated uncertainty on the harder
// dot set (scripts/bench/dotSetFigures.ts). Run with `npm run bench:imaging`; writes
// test-results/imaging-benchmark.json as well. `npm run bench` reports the same figures
// (scripts/bench/imagingFigures.ts) beside the browser's.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { centroidFigures, strainFigures, timingFigures } from './bench/imagingFigures';
import { formatShadowFigures, shadowFigures } from './bench/shadowFigures';
import { dotSetFigures, formatDotSetFigures } from './bench/dotSetFigures';
import { demoFigures } from './bench/demoFigures';

const figures = {
  machine: `${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}, Node ${process.version}`,
  centroid: centroidFigures(),
  strain: strainFigures(),
  timing12MP: timingFigures(),
  shadow: shadowFigures(),
  dotSet: dotSetFigures(),
  demo: demoFigures(),
};
console.info('Imaging benchmark');
console.info(`  machine: ${figures.machine}`);
console.info(
  `  centroid error: ${figures.centroid.rmsPx.toFixed(4)} px RMS (max ${figures.centroid.maxPx.toFixed(4)} px, ${figures.centroid.dots} dots of 8-60 px; budget 0.05, aim 0.02)`,
);
for (const [size, value] of Object.entries(figures.centroid.bySize))
  console.info(`    ${size.padStart(5)}: ${value.toFixed(4)} px RMS`);
console.info(
  `  strain error (small strain, detected vs true markers): max ${figures.strain.maxAbs.toExponential(2)}, RMS ${figures.strain.rms.toExponential(2)} (budget 2e-4)`,
);
const t = figures.timing12MP;
console.info(
  `  12 MP: detect ${t.detectMs.toFixed(0)} ms, track ${t.trackLocalMs.toFixed(0)} ms (camera still) / ${t.trackMatchedMs.toFixed(0)} ms (camera moved); detect + track on one photo ${t.detectPlusTrackMs.toFixed(0)} ms (budget 150, aim 50); tracking error max ${t.maxTrackErrorPx.toFixed(3)} px`,
);
for (const line of formatShadowFigures(figures.shadow)) console.info(`  ${line}`);
for (const line of formatDotSetFigures(figures.dotSet)) console.info(`  ${line}`);
const worst = figures.demo.worst;
console.info(
  `  demo photos: worst detected dot ${worst.offPx?.toFixed(2) ?? 'not located'} px from its careful centre (${worst.photo}, dot ${worst.index}; budget 1 px), stating ${worst.uncertaintyPx?.toFixed(2) ?? '-'} px`,
);
mkdirSync('test-results', { recursive: true });
writeFileSync('test-results/imaging-benchmark.json', JSON.stringify(figures, null, 2));
