// The machine a run measured: what BENCHMARKS.md states the figures are for, and how busy the
// machine was meanwhile (other work inflates every wall-clock figure).
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { Machine } from './report';
import { spread } from './stats';

/** Samples the 1-minute load average every 10 s until `stop()`. */
export function sampleLoad(): { stop(): number[] } {
  const loads = [loadavg()[0]!];
  const timer = setInterval(() => loads.push(loadavg()[0]!), 10_000);
  return {
    stop() {
      clearInterval(timer);
      return loads;
    },
  };
}

export function describeMachine(chromium: string, loads: number[], minutes: number): Machine {
  return {
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    cpu: cpus()[0]?.model ?? 'unknown CPU',
    cores: cpus().length,
    memoryGB: totalmem() / 1024 ** 3,
    os: `${type()} ${release()}`,
    node: process.version,
    chromium,
    loadAtStart: loads[0]!,
    loadDuring: spread(loads),
    benchMinutes: minutes,
  };
}

/** Whether the machine was too busy for the timings to judge a budget by. */
export const wasBusy = (machine: Machine) => machine.loadDuring.median > 0.5 * machine.cores;
