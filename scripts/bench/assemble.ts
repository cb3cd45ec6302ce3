// From raw measurements to the figures of the report: each with its reference, budget and aim
// (BENCHMARKS.md, budgets.json). Kept apart from the measuring so that what a figure
// means is decided in one place.
import { BUDGET_KEYS, BUDGET_LABELS, KIB, type BudgetLine, type Budgets } from './budget';
import type { ObservedLoad } from './bytes';
import type { EditRuns } from './edit';
import type { Figure } from './figures';
import type { centroidFigures, strainFigures, timingFigures } from './imagingFigures';
import type { ShadowFigures } from './shadowFigures';
import type { DotSetFigures } from './dotSetFigures';
import type { DemoFigures } from './demoFigures';
import type { IngestRun } from './ingest';
import { FRAME_MS, type GestureTasks, type WindowedTasks } from './interactions';
import type { HugeRuns, LargeRuns } from './large';
import type { LighthouseRuns } from './lighthouse';
import { largeProjectFigures } from './largeFigures';
import { firstLoadFigures } from './loadFigures';
import type { OverlayRuns } from './overlay';
import { OVERLAY_SECTION, overlayFigures } from './overlayFigures';
import { LONG_TASK_MS, type LongTasks } from './probes';
import { accuracyOnDemo, dotSetFigureRows } from './accuracyRows';
import { exact, overParts, spread } from './stats';
import type { AnalysisRuns, MarkerRun } from './worker';

export interface Measurements {
  photos: number;
  photoBytes: number[];
  ingest: IngestRun[];
  zoom: GestureTasks[];
  marking: (WindowedTasks & { needLook: string })[];
  markers: MarkerRun[];
  /** The same core in Node on one bench photo's pixels, ms per run. */
  nodeOnPhoto: number[];
  analysis: AnalysisRuns;
  analysisImages: number;
  edit: EditRuns;
  overlay: OverlayRuns;
  large: LargeRuns;
  largeCount: number;
  huge: HugeRuns;
  budgets: Budgets;
  budgetLines: BudgetLine[];
  observed: ObservedLoad;
  /** Long tasks of each first visit, from navigation until the app settled. */
  firstLoad: LongTasks[];
  lighthouse: LighthouseRuns;
  centroid: ReturnType<typeof centroidFigures>;
  strain: ReturnType<typeof strainFigures>;
  shadow: ShadowFigures;
  dotSet: DotSetFigures;
  demo: DemoFigures;
  nodeTiming: ReturnType<typeof timingFigures>;
}

export const MB = 1024 * 1024;
const of = <T>(runs: T[], pick: (run: T) => number) => spread(runs.map(pick));

/** Longest task and count over 50 ms for a set of windows, with the idle windows beside them. */
function taskFigures(section: string, what: string, windows: WindowedTasks[]): Figure[] {
  return [
    {
      section,
      name: `${what}: longest main-thread task`,
      unit: 'ms',
      value: of(windows, (w) => w.tasks.longest),
      reference: { name: 'idle page', value: of(windows, (w) => w.idle.longest) },
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    {
      section,
      name: `${what}: tasks over 50 ms`,
      unit: 'tasks',
      value: of(windows, (w) => w.tasks.over50),
      reference: { name: 'idle page', value: of(windows, (w) => w.idle.over50) },
      budget: 0,
      judge: 'max',
    },
  ];
}

export function assembleFigures(m: Measurements): Figure[] {
  const figures: Figure[] = [];
  const ingest = `Ingest of ${m.photos} photos of 12 MP`;
  figures.push(
    {
      section: ingest,
      name: 'Input to every thumbnail shown and the first photo drawn',
      unit: 'ms',
      value: of(m.ingest, (r) => r.appMs),
      reference: {
        name: 'bare createImageBitmap decode (mean of before and after)',
        value: of(m.ingest, (r) => r.bareMs),
      },
    },
    {
      section: ingest,
      name: 'Ingest ÷ bare decode (headline)',
      unit: 'ratio',
      value: of(m.ingest, (r) => r.appMs / r.bareMs),
      budget: 1.25,
      aim: 1.1,
    },
    {
      section: ingest,
      name: 'Longest main-thread task during ingest',
      unit: 'ms',
      value: of(m.ingest, (r) => r.appTasks.longest),
      reference: {
        name: 'during the bare decode',
        value: of(m.ingest, (r) => r.bareTasks.longest),
      },
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    {
      section: ingest,
      name: 'Tasks over 50 ms during ingest',
      unit: 'tasks',
      value: of(m.ingest, (r) => r.appTasks.over50),
      reference: { name: 'during the bare decode', value: of(m.ingest, (r) => r.bareTasks.over50) },
      budget: 0,
      judge: 'max',
    },
  );

  const responsive = 'Responsiveness while marking';
  figures.push(...taskFigures(responsive, 'Zoom and pan on a 12 MP photo', m.zoom));
  figures.push({
    section: responsive,
    name: 'Zoom and pan: longest main-thread task of any length (traced)',
    unit: 'ms',
    value: of(m.zoom, (g) => g.longestTraced),
    aim: FRAME_MS,
    judge: 'max',
    note: `tasks over one frame (${FRAME_MS} ms) per gesture: ${of(m.zoom, (g) => g.overFrame).median} (median), ${of(m.zoom, (g) => g.overFrame).max} (worst).`,
  });
  figures.push(
    ...taskFigures(responsive, `"Mark the whole sequence" (${m.photos} photos)`, m.marking),
  );
  figures.push(
    {
      section: responsive,
      name: 'Nudging a point (key to updated charts): longest main-thread task',
      unit: 'ms',
      value: of(m.edit.tasks, (t) => t.longest),
      budget: LONG_TASK_MS,
      judge: 'max',
    },
    {
      section: responsive,
      name: 'Nudging a point: tasks over 50 ms',
      unit: 'tasks',
      value: of(m.edit.tasks, (t) => t.over50),
      budget: 0,
      judge: 'max',
    },
  );

  figures.push(
    ...taskFigures(OVERLAY_SECTION, 'Zoom and pan with the overlay', m.overlay.zoom),
    ...overlayFigures(m.overlay),
  );

  const markers = 'Marker detection and tracking (12 MP, in the worker)';
  const workerTrack = of(m.markers, (r) => r.decodeMs + r.trackMs);
  figures.push(
    {
      section: markers,
      name: 'Detection + tracking per photo (compute, dot search once)',
      unit: 'ms',
      value: of(m.markers, (r) => r.detectPlusTrackMs),
      reference: {
        name: 'same core in Node on one of these photos',
        value: spread(m.nodeOnPhoto),
      },
      budget: 150,
      aim: 50,
      note: `worst detected or tracked dot ${Math.max(...m.markers.map((r) => r.worstErrorPx)).toFixed(2)} px from its true centre on the bench's JPEGs; on a clean synthetic 12 MP render the core takes ${spread(m.nodeTiming.detectPlusTrackRuns).median.toFixed(0)} ms in Node.`,
    },
    {
      section: markers,
      name: 'Tracking onto the next photo (compute, dot search included)',
      unit: 'ms',
      value: of(m.markers, (r) => r.trackMs),
      reference: {
        name: 'decoding that photo in the worker',
        value: of(m.markers, (r) => r.decodeMs),
      },
    },
    {
      section: markers,
      name: '"Mark the whole sequence" in the app, per photo',
      unit: 'ms',
      value: of(m.marking, (r) => r.ms / m.photos),
      reference: { name: 'worker decode + tracking, harness', value: workerTrack },
    },
  );

  const analysis = 'Analysis';
  figures.push(
    {
      section: analysis,
      name: `Analysis of ${m.analysisImages} images in the worker`,
      unit: 'ms',
      value: spread(m.analysis.workerMs),
      reference: { name: 'same analysis in Node', value: spread(m.analysis.nodeMs) },
      budget: 50,
    },
    {
      section: analysis,
      name: `Round trip of that analysis from the main thread`,
      unit: 'ms',
      value: spread(m.analysis.roundTripMs),
      reference: { name: 'time inside the worker', value: spread(m.analysis.workerMs) },
    },
    {
      section: analysis,
      name: `Edited point to updated results and charts (${m.photos} images)`,
      unit: 'ms',
      value: spread(m.edit.editMs),
      reference: { name: 'key with no effect to next frame', value: spread(m.edit.floorMs) },
    },
  );

  const bytes = 'Bytes on first load (gzip)';
  for (const key of BUDGET_KEYS) {
    const line = m.budgetLines.find((l) => l.key === key)!;
    const aim = m.budgets.aim[key];
    const reference =
      key === 'firstLoad'
        ? {
            name: 'fetched by the page on a first visit',
            value: exact(m.observed.mainThread / KIB),
          }
        : key === 'workerJs'
          ? {
              name: 'fetched for the worker on a first visit',
              value: exact(m.observed.worker / KIB),
            }
          : undefined;
    figures.push({
      section: bytes,
      name: `${BUDGET_LABELS[key][0]!.toUpperCase()}${BUDGET_LABELS[key].slice(1)}`,
      unit: 'KB',
      value: exact(line.bytes / KIB),
      reference,
      budget: line.budget / KIB,
      aim: aim === undefined ? undefined : aim / KIB,
      note:
        key === 'firstLoad'
          ? `the page fetched ${m.observed.mainThreadFiles.join(', ')}.`
          : undefined,
    });
  }
  figures.push({
    section: bytes,
    name: 'mathjs chunk (units and formulas, fetched by the worker on first use)',
    unit: 'KB',
    value: exact(m.observed.mathjsChunk / KIB),
  });

  figures.push(...firstLoadFigures(m.firstLoad, m.lighthouse));

  const memory = 'Memory (main-thread JS heap)';
  const empty = of(m.ingest, (r) => r.heapEmpty / MB);
  figures.push(
    {
      section: memory,
      name: `Peak while ingesting ${m.photos} photos`,
      unit: 'MB',
      value: of(m.ingest, (r) => r.heapPeak / MB),
      reference: { name: 'empty app after load', value: empty },
      note: `the renderer process (page and worker, decoded pixels included) peaked at ${of(m.ingest, (r) => r.rendererPeak / MB).median.toFixed(0)} MB resident (median).`,
    },
    {
      section: memory,
      name: `Retained after ingesting ${m.photos} photos (after GC)`,
      unit: 'MB',
      value: of(m.ingest, (r) => r.heapAfter / MB),
      reference: { name: 'empty app after load', value: empty },
    },
    {
      section: memory,
      name: `Peak while reopening a ${m.largeCount}-photo project`,
      unit: 'MB',
      value: spread(m.large.heapPeak.map((b) => b / MB)),
      reference: { name: 'empty app after load', value: empty },
      note: `renderer resident memory peaked at ${spread(m.large.rendererPeak.map((b) => b / MB)).median.toFixed(0)} MB (median).`,
    },
    {
      section: memory,
      name: `Retained after reopening the ${m.largeCount}-photo project (after GC)`,
      unit: 'MB',
      value: spread(m.large.heapAfter.map((b) => b / MB)),
      reference: { name: 'empty app after load', value: empty },
    },
    {
      section: memory,
      name: `Reload to the ${m.largeCount}-photo project restored, thumbnails shown`,
      unit: 'ms',
      value: spread(m.large.restoreMs),
    },
  );
  figures.push(...largeProjectFigures(m.large, m.huge, m.largeCount));

  const accuracy = 'Accuracy on synthetic renders (core, Node)';
  const sizes = Object.values(m.centroid.bySize);
  figures.push(
    {
      section: accuracy,
      name: `Dot centroid error, ${m.centroid.dots} dots of 8–60 px`,
      unit: 'px',
      value: overParts(m.centroid.rmsPx, sizes),
      stat: 'RMS',
      budget: 0.05,
      aim: 0.02,
      note: `the range is the RMS of each dot size; the worst single dot is ${m.centroid.maxPx.toFixed(4)} px off.`,
    },
    {
      section: accuracy,
      name: `Strain error from detected markers, ${m.strain.components} components`,
      unit: 'strain',
      value: {
        median: m.strain.rms,
        min: m.strain.minAbs,
        max: m.strain.maxAbs,
        runs: m.strain.components,
      },
      stat: 'RMS',
      budget: 2e-4,
      judge: 'max',
    },
    {
      section: accuracy,
      name: `Dot centre error when touching a shadow or dark edge, ${m.shadow.found} of ${m.shadow.scenes} dots found`,
      unit: 'px',
      value: overParts(
        m.shadow.rmsPx,
        Object.values(m.shadow.byKind).map((k) => k.rmsPx),
      ),
      stat: 'RMS',
      note: `the range is the RMS of each kind of shade; dots graded fair or good: ${m.shadow.rmsGradedPx.toFixed(3)} px RMS; ${Math.round(100 * m.shadow.within3Sigma)}% within 3 reported σ. Before dots seen less than half way round were refused when their arc cannot tell a round dot from a flattened one: 182 of 200 found, 0.176 px RMS at commit e5e68a9; one found dot was 1.50 px off just before the refusal. Before a sharp shadow over much of the ring around a dot stopped tilting its light plane (commit bdbf159): 177 of 200 found, 0.135 px RMS, and 16 of 576 renders of 12-32 px flattened dots 35-45 % under a band or dark edge 1.0-3.4 px off (none now).`,
    },
    ...dotSetFigureRows(accuracy, m.dotSet),
    accuracyOnDemo(m.demo),
  );
  return figures;
}
