// The bench's output: a plain-text table for the terminal and BENCHMARKS.md, both from the same
// figures, with the machine they were measured on and how to read them.
import { formatSpread, missesBudget, verdict, withUnit, type Figure } from './figures';
import type { Spread } from './stats';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  memoryGB: number;
  os: string;
  node: string;
  chromium: string;
  /** 1-minute load average when the bench started: other work on the machine skews timings. */
  loadAtStart: number;
  /** 1-minute load average sampled every 10 s during the run. */
  loadDuring: Spread;
  benchMinutes: number;
}

interface Row {
  figure: string;
  value: string;
  reference: string;
  budget: string;
  aim: string;
  verdict: string;
}

function rowOf(f: Figure): Row {
  const referenceUnit = f.reference?.unit ?? f.unit;
  return {
    figure: f.name,
    value: formatSpread(f.value, f.unit, f.stat),
    reference: f.reference
      ? `${f.reference.name}: ${formatSpread(f.reference.value, referenceUnit)}`
      : '',
    budget: f.range
      ? `${withUnit(f.range[0], f.unit)} to ${withUnit(f.range[1], f.unit)}`
      : f.budget === undefined
        ? ''
        : `≤ ${withUnit(f.budget, f.unit)}${f.judge === 'max' ? ' (worst)' : ''}`,
    aim: f.aim === undefined ? '' : `≤ ${withUnit(f.aim, f.unit)}`,
    verdict: verdict(f),
  };
}

const HEADERS: Row = {
  figure: 'Figure',
  value: 'Measured',
  reference: 'Reference (same run)',
  budget: 'Budget',
  aim: 'Aim',
  verdict: 'Verdict',
};
const COLUMNS = Object.keys(HEADERS) as (keyof Row)[];

const sections = (figures: Figure[]) => [...new Set(figures.map((f) => f.section))];

/** The figures as aligned text, one block per section. */
export function textTable(figures: Figure[]): string {
  const rows = figures.map(rowOf);
  const width = Object.fromEntries(
    COLUMNS.map((c) => [c, Math.max(HEADERS[c].length, ...rows.map((r) => r[c].length))]),
  ) as Record<keyof Row, number>;
  const line = (row: Row) =>
    COLUMNS.map((c) => row[c].padEnd(width[c]))
      .join(' | ')
      .trimEnd();
  const out = [line(HEADERS), COLUMNS.map((c) => '-'.repeat(width[c])).join('-+-')];
  for (const section of sections(figures)) {
    out.push(`[${section}]`);
    figures.forEach((f, i) => f.section === section && out.push(line(rows[i]!)));
  }
  return out.join('\n');
}

const cell = (text: string) => text.replaceAll('|', '\\|');

function markdownTable(figures: Figure[]): string {
  const out = [
    `| ${COLUMNS.map((c) => HEADERS[c]).join(' | ')} |`,
    `| ${COLUMNS.map(() => '---').join(' | ')} |`,
  ];
  for (const f of figures) {
    const row = rowOf(f);
    out.push(
      `| ${COLUMNS.map((c) => cell(c === 'verdict' && missesBudget(row.verdict) ? `**${row.verdict}**` : row[c])).join(' | ')} |`,
    );
  }
  return out.join('\n');
}

const HOW_TO_READ = `## How to read this

- **Measured** is the median of the runs, then the range (fastest–slowest run) and the number of
  runs n. A wide range means the machine was busy; trust the median, and re-run on a quiet
  machine before comparing two commits. Accuracy figures say what their central value is (RMS).
- **Reference (same run)** is measured in the same browser page or process, in the same run, so
  it shares the machine's state of the moment: judge a figure against its reference, not against
  another machine's milliseconds. The ingest ratio is the app's ingest divided by the bare
  \`createImageBitmap\` decode of the same files in the same page, run by run.
- **Budget** must hold (the project's budgets: README, budgets.json); **Aim** is where we want to be.
  "(worst)" means the budget judges the worst run (or component), not the median: one long task
  over 50 ms in any run is a miss. Lower is better for every figure but those whose budget is a
  range ("0.70 to 1.40"): there the value must fall inside it. A figure without a budget is there
  to explain the others.
- **Long tasks** are main-thread tasks of 50 ms or more as Chromium reports them
  (PerformanceObserver \`longtask\`). "Longest task" is 0 when no task reached 50 ms. The
  reference is an idle window on the same page, as long as the interaction (at most 5 s): what
  the page and the machine produce with nobody touching anything. For zoom and pan, whose aim
  is no task over one frame (16 ms), every main-thread task is also read from a DevTools trace
  of the gesture (tracing itself costs a little).
- **Ingest** runs from the file input's \`change\` event to the frame after all 30 thumbnails are
  in the table and the first photo is drawn on the annotation canvas; autosave to IndexedDB
  finishes after that and is not counted (it is waited for before the reference decode runs, so
  it never slows the reference down). The reference is the mean of a bare decode just before
  and one just after the app's ingest, so a load that drifts during the run cancels out.
- **Heap** is the page's main-thread JS heap (\`JSHeapUsedSize\` over the DevTools protocol,
  sampled every 100 ms): the peak while the work runs, and what stays after a forced garbage
  collection. The worker's heap and the decoded pixels (in the renderer's GPU/image memory) are
  not in it; the renderer's resident memory is given as a note for that.
- **Bytes** are gzip level 9 of the built files, as the server sends them. The first load is
  what index.html loads on the main thread (HTML, stylesheets, module script and its
  preloads); its reference is what Chromium actually fetched on the first visit.
- Timings are for this machine only, in headless Chromium with software rendering
  (\`--disable-gpu\`); a laptop with a GPU draws faster.`;

export function markdown(machine: Machine, figures: Figure[], notes: string[]): string {
  const misses = figures.filter((f) => missesBudget(verdict(f)));
  const out = [
    '# Benchmarks',
    '',
    `Written by \`npm run bench\` on ${machine.date}. Re-run it to refresh this file; the figures are`,
    'for the machine below only.',
    '',
    '| Machine | |',
    '| --- | --- |',
    `| CPU | ${machine.cpu} × ${machine.cores} |`,
    `| Memory | ${machine.memoryGB.toFixed(0)} GB |`,
    `| OS | ${machine.os} |`,
    `| Node.js | ${machine.node} |`,
    `| Browser | ${machine.chromium}, headless, \`--disable-gpu\` |`,
    `| Load average (1 min) | ${machine.loadAtStart.toFixed(1)} at start; ${machine.loadDuring.median.toFixed(1)} median, ${machine.loadDuring.max.toFixed(1)} max during the run |`,
    `| Bench duration | ${machine.benchMinutes.toFixed(1)} min |`,
    '',
    HOW_TO_READ,
    '',
    '## Figures',
    '',
  ];
  for (const section of sections(figures)) {
    out.push(`### ${section}`, '', markdownTable(figures.filter((f) => f.section === section)), '');
  }
  out.push('## Budgets missed', '');
  out.push(
    misses.length === 0
      ? 'None.'
      : misses
          .map((f) => `- ${f.section}: ${f.name} — ${formatSpread(f.value, f.unit, f.stat)}`)
          .join('\n'),
    '',
  );
  const figureNotes = figures.filter((f) => f.note).map((f) => `- ${f.name}: ${f.note}`);
  if (figureNotes.length + notes.length > 0) {
    out.push('## Notes', '', ...figureNotes, ...notes.map((n) => `- ${n}`), '');
  }
  return out.join('\n');
}
