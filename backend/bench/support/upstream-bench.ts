/**
 * What the benchmarks that put Webox in front of the fast upstream share: the machine's
 * description, a scratch directory, a snapshot of the build, the upstream process, one Webox per
 * database mode (stopped and its scratch database dropped whatever happens), a time limit, and the
 * report written to stdout and to the JSON file.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDescription, snapshotBuild } from './build-snapshot';
import { startUpstream, type UpstreamControl } from './fast-upstream';
import { guardRun } from './run-guard';
import { dropScratchDatabase, type DbMode, type WeboxProcess } from './webox-process';

export interface ModeContext {
  appDir: string;
  tempDir: string;
  upstream: UpstreamControl;
  /** The mode's Webox, set by the mode once started, so that the run's clean-up stops it. */
  running: { webox?: WeboxProcess };
}

export interface UpstreamBenchRun<R> {
  machine: Record<string, string>;
  results: R[];
  tempDir: string;
  /** `performance.now()` when the run started. */
  started: number;
}

const loads = () => loadavg().map((load) => load.toFixed(2)).join(' ');

export async function runAgainstUpstream<R>(
  bench: { name: string; root: string; dist: string; dbs: DbMode[]; timeoutMs: number; log(message: string): void },
  runMode: (db: DbMode, context: ModeContext) => Promise<R>,
): Promise<UpstreamBenchRun<R>> {
  const started = performance.now();
  const machine: Record<string, string> = {
    cores: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown'}`,
    memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    'load average at start (1/5/15 min)': loads(),
    command: `npm run bench:${bench.name} -- ${process.argv.slice(2).join(' ')}`.trim(),
  };
  const tempDir = mkdtempSync(join(tmpdir(), `webox-${bench.name}-`));
  bench.log(`logs and data in ${tempDir}`);
  const appDir = snapshotBuild(bench.root, bench.dist, tempDir);
  Object.assign(machine, buildDescription(bench.root, bench.dist));
  const { child: upstreamProcess, control: upstream } = await startUpstream(bench.root, tempDir);
  const running: ModeContext['running'] = {};
  const cleanup = async () => {
    await running.webox?.child.stop();
    if (running.webox) await dropScratchDatabase(running.webox).catch(() => undefined);
    await upstreamProcess.stop();
  };
  const disarm = guardRun(bench.timeoutMs, cleanup, bench.log);
  const results: R[] = [];
  try {
    for (const db of bench.dbs) results.push(await runMode(db, { appDir, tempDir, upstream, running }));
  } finally {
    disarm();
    await cleanup();
  }
  machine['load average at end (1/5/15 min)'] = loads();
  return { machine, results, tempDir, started };
}

/** Prints the report (title, machine, settings, targets, one section per mode) and writes the figures as JSON. */
export function writeReport(run: UpstreamBenchRun<unknown>, report: { title: string; settings: string; targets: string; modes: string[]; json: string; figures: unknown; log(message: string): void }): void {
  const text = [
    `# ${report.title}`,
    '',
    Object.entries(run.machine).map(([key, value]) => `- ${key}: ${value}`).join('\n'),
    `- settings: ${report.settings}; ${Math.round((performance.now() - run.started) / 1000)} s in all`,
    '',
    '## Targets',
    '',
    report.targets,
    '',
    ...report.modes,
  ].join('\n');
  console.log(text);
  mkdirSync(resolve(report.json, '..'), { recursive: true });
  writeFileSync(report.json, JSON.stringify(report.figures, null, 2));
  report.log(`figures in ${report.json}`);
}

/** Removes the scratch directory unless asked to keep it (logs, CPU profiles). */
export function removeScratch(tempDir: string, keep: boolean, log: (message: string) => void, kept = 'logs'): void {
  if (!keep) rmSync(tempDir, { recursive: true, force: true });
  else log(`${kept} kept in ${tempDir}`);
}
