// The accuracy rows of the report that need more than a value and a budget: the harder dot
// set's accuracy, bias and calibration, and detection on the real demo photos against their
// careful centres. Apart from assemble.ts, which lists every figure in its order.
import type { DemoFigures } from './demoFigures';
import type { DotSetFigures } from './dotSetFigures';
import type { Figure } from './figures';
import { exact, overParts } from './stats';

/**
 * The harder dot set (scripts/bench/dotSetFigures.ts): accuracy and bias of free dots under
 * uneven light, and how well the stated uncertainty predicts the real error over free and
 * partly shaded dots together. The calibration figures are judged on a two-sided range.
 */
export function dotSetFigureRows(section: string, d: DotSetFigures): Figure[] {
  const sizes = Object.values(d.freeBySize);
  const set = `seed ${d.seed}`;
  return [
    {
      section,
      name: `Dot set (${set}), free dots of 6–80 px under uneven light: centre error, ${d.free.found} of ${d.free.dots} found`,
      unit: 'px',
      value: overParts(d.free.rmsPx, sizes),
      stat: 'RMS',
      budget: 0.05,
      aim: 0.02,
      note: `the range is the RMS of each size band (${Object.keys(d.freeBySize).join(', ')}); the worst single dot is ${d.free.maxPx.toFixed(4)} px off; ${d.locateMs.toFixed(1)} ms CPU per located dot. For comparison, before dot location modelled added glare and curved light (commit e5e68a9), the same draw gave 0.105 px RMS, a mean error of 0.037 px, error/uncertainty 11.5 and 79 % within two uncertainties.`,
    },
    {
      section,
      name: `Dot set (${set}), free dots: largest mean error along x, y or the light's rise`,
      unit: 'px',
      value: exact(d.free.biasPx),
      budget: 0.01,
    },
    {
      section,
      name: `Dot set (${set}), free and partly shaded: RMS of error / stated uncertainty, ${d.all.found} of ${d.all.dots} found`,
      unit: 'factor',
      value: exact(d.all.rmsNormalised),
      range: [0.7, 1.4],
      note: `free dots alone ${d.free.rmsNormalised.toFixed(2)}, partly shaded dots alone ${d.shaded.rmsNormalised.toFixed(2)} (centre error ${d.shaded.rmsPx.toFixed(3)} px RMS, ${d.shaded.found} of ${d.shaded.dots} found); median stated uncertainty of free dots ${d.free.medianUncertainty.toFixed(3)} px.`,
    },
    {
      section,
      name: `Dot set (${set}), free and partly shaded: per-axis errors within two stated uncertainties`,
      unit: '%',
      value: exact(100 * d.all.within2),
      range: [90, 98],
      note: `free dots alone ${(100 * d.free.within2).toFixed(1)} %, partly shaded alone ${(100 * d.shaded.within2).toFixed(1)} %.`,
    },
  ];
}

/** Detection on the real demo photos against their careful centres: the worst dot of 15. */
export function accuracyOnDemo(d: DemoFigures): Figure {
  const off = d.dots.map((dot) => dot.offPx ?? Infinity);
  const stated = d.dots.flatMap((dot) => (dot.uncertaintyPx === null ? [] : [dot.uncertaintyPx]));
  const others = d.dots.filter((dot) => dot !== d.worst).map((dot) => dot.offPx ?? Infinity);
  return {
    section: 'Accuracy on the demo photos (core, Node)',
    name: `Detected dots off their careful centres, worst of ${d.dots.length} (${d.worst.photo}, dot ${d.worst.index})`,
    unit: 'px',
    value: overParts(Math.max(...off), off),
    stat: 'worst',
    budget: 1,
    note: `careful centres from an independent fit (tests/fixtures/demo/careful-centres.py), checked by eye on enlarged crops; every other dot within ${Math.max(...others).toFixed(2)} px; stated uncertainties ${Math.min(...stated).toFixed(2)}–${Math.max(...stated).toFixed(2)} px per axis, the worst dot's ${d.worst.uncertaintyPx?.toFixed(2) ?? 'none (not located)'}. Before dot location took a ragged dot's centre from its darkest part (commit e5e68a9), the worst dot was 1.12 px off.`,
  };
}
