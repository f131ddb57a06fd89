import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { machineCpuMs } from './child-process';

const CLOCK_TICKS_PER_SECOND = 100;

interface ProcStat {
  pid: number;
  ppid: number;
  /** utime + stime, ms. */
  ownMs: number;
  /** cutime + cstime: the children it has already reaped, ms. */
  reapedChildrenMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces) start at field 3: ppid is field 4, utime..cstime are 14..17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = (index: number) => (Number(fields[index]) * 1000) / CLOCK_TICKS_PER_SECOND;
    return { pid, ppid: Number(fields[1]), ownMs: ticks(11) + ticks(12), reapedChildrenMs: ticks(13) + ticks(14) };
  } catch {
    return undefined;
  }
}

function allStats(): ProcStat[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  return entries.filter((name) => /^\d+$/.test(name)).flatMap((name) => readStat(Number(name)) ?? []);
}

/**
 * CPU time of a process and of everything it started (ffmpeg, ffprobe, ...), ms: its own, its
 * reaped children's, and its live descendants'. A cumulative counter: when a child exits and is
 * reaped, its time moves from "live descendant" to the parent's children time.
 */
export function processTreeCpuMs(pid: number): number {
  const stats = allStats();
  const root = stats.find((stat) => stat.pid === pid);
  if (!root) return Number.NaN;
  const children = new Map<number, ProcStat[]>();
  for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
  let total = 0;
  const stack = [root];
  while (stack.length) {
    const stat = stack.pop()!;
    total += stat.ownMs + stat.reapedChildrenMs;
    stack.push(...(children.get(stat.pid) ?? []));
  }
  return total;
}

/** CPU time (utime + stime, ms) of each live process whose command line contains `text`: the PostgreSQL backends of one database, say. */
export function matchingProcessesCpuMs(text: string): Map<number, number> {
  const found = new Map<number, number>();
  for (const stat of allStats()) {
    try {
      if (readFileSync(`/proc/${stat.pid}/cmdline`, 'utf8').includes(text)) found.set(stat.pid, stat.ownMs);
    } catch {
      // gone in the meantime
    }
  }
  return found;
}

/**
 * Something whose CPU a phase reports on its own. `cpuMs` is a cumulative counter; `perProcessMs`
 * is a set of processes that come and go (a connection pool's backends): the meter samples them
 * every half second, so a backend that exits mid-phase still counts up to its last sample.
 */
export type CpuSource = { name: string; cpuMs: () => number } | { name: string; perProcessMs: () => Map<number, number> };

export interface CpuWindow {
  wallMs: number;
  /** Percent of all cores, for each of the following. */
  machine: number;
  /** Each source by name. */
  sources: Record<string, number>;
  loadGenerator: number;
  /** Everything else on the machine (other engineers' tests, builds). */
  other: number;
  /** CPU time of each source over the window, ms. */
  sourcesMs: Record<string, number>;
}

/** Starts measuring; the returned function ends the window and says who used the cores. */
export function cpuMeter(sources: CpuSource[]): () => CpuWindow {
  const startedAt = performance.now();
  const machineStart = machineCpuMs().busy;
  const selfStart = process.cpuUsage();
  const counters = sources.flatMap((source) => ('cpuMs' in source ? [{ name: source.name, start: source.cpuMs(), read: source.cpuMs }] : []));
  const sets = sources.flatMap((source) => {
    if (!('perProcessMs' in source)) return [];
    const first = source.perProcessMs();
    return [{ name: source.name, read: source.perProcessMs, start: new Map(first), last: new Map(first) }];
  });
  const sample = () => {
    for (const set of sets) for (const [pid, value] of set.read()) set.last.set(pid, value);
  };
  const sampler = sets.length ? setInterval(sample, 500) : undefined;
  sampler?.unref();
  return () => {
    if (sampler) clearInterval(sampler);
    sample();
    const wallMs = performance.now() - startedAt;
    const capacity = wallMs * cpus().length;
    const pct = (value: number) => (100 * value) / capacity;
    const sourcesMs: Record<string, number> = {};
    for (const counter of counters) sourcesMs[counter.name] = counter.read() - counter.start;
    for (const set of sets) sourcesMs[set.name] = [...set.last].reduce((sum, [pid, value]) => sum + value - (set.start.get(pid) ?? 0), 0);
    const self = process.cpuUsage(selfStart);
    const loadGeneratorMs = (self.user + self.system) / 1000;
    const machineMs = machineCpuMs().busy - machineStart;
    const accounted = Object.values(sourcesMs).reduce((sum, value) => sum + (Number.isFinite(value) ? value : 0), 0) + loadGeneratorMs;
    return {
      wallMs,
      machine: pct(machineMs),
      sources: Object.fromEntries(Object.entries(sourcesMs).map(([name, value]) => [name, pct(value)])),
      loadGenerator: pct(loadGeneratorMs),
      other: Math.max(0, pct(machineMs - accounted)),
      sourcesMs,
    };
  };
}

/** One line for a report: the machine's CPU split between the measured processes and other work. */
export function cpuLine(cpu: CpuWindow): string {
  const pct = (value: number) => `${value.toFixed(0)}%`;
  const parts = [...Object.entries(cpu.sources).map(([name, value]) => `${name} ${pct(value)}`), `load generator ${pct(cpu.loadGenerator)}`, `**other work ${pct(cpu.other)}**`];
  return `CPU over the phase (${(cpu.wallMs / 1000).toFixed(1)} s, % of all ${cpus().length} cores): machine ${pct(cpu.machine)} = ${parts.join(' + ')}.`;
}
