// The notes under the figures: how busy the machine was, what the inputs were, what the app's
// pages complained about. Everything a reader needs besides the table to trust it or not.
import { MB } from './assemble';
import { wasBusy } from './machine';
import type { Outcome } from './measure';
import type { Machine } from './report';

/** What a reader needs besides the table: how busy the machine was, the inputs, any problems. */
export function runNotes(outcome: Outcome, machine: Machine, quick: boolean): string[] {
  const m = outcome.measurements;
  const megabytes = m.photoBytes.reduce((sum, bytes) => sum + bytes, 0) / MB;
  return [
    ...(wasBusy(machine)
      ? [
          `The machine was busy during this run (load average ${machine.loadDuring.median.toFixed(1)} on ${machine.cores} cores): every wall-clock figure is inflated and its range wide, and main-thread tasks that are short on an idle machine can cross 50 ms. Re-run on a quiet machine before judging a budget.`,
        ]
      : []),
    ...(quick ? ['QUICK RUN (BENCH_QUICK=1): too few runs to read anything into.'] : []),
    `${m.photos} photos of 4000 × 3000, JPEG quality 0.92 from Chromium's encoder, ${megabytes.toFixed(0)} MB together, painted by the bench: five dots, a ruler with ticks, texture and noise.`,
    `"Mark the whole sequence" reported images needing a look: ${m.marking.map((r) => r.needLook).join(', ') || 'not run'} (per run).`,
    `The ${m.largeCount}-photo project took ${(m.large.addAndStoreMs / 1000).toFixed(0)} s to add and store once (setup, not a figure).`,
    ...(m.lighthouse.problem
      ? [`Lighthouse could not run, so its figures are missing: ${m.lighthouse.problem}`]
      : []),
    ...(outcome.problems.length > 0
      ? [`The app's pages reported problems: ${outcome.problems.join(' / ')}`]
      : ["The app's pages reported no console error, page error or failed request."]),
  ];
}
