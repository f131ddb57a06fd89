/**
 * What every benchmark does around its run: read `--name value` flags, and make sure a run that
 * hangs or is interrupted still stops what it started (Webox, the emulator, scratch databases).
 */

/** `--name value` pairs (a flag alone reads `'true'`), and an integer reader that names the flag it refuses. */
export function parseFlags(argv: string[]): { args: Map<string, string>; int: (name: string, fallback: number, min: number, max: number) => number } {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const name = argv[i]!;
    if (!name.startsWith('--')) throw new Error(`unexpected argument ${name}`);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) args.set(name.slice(2), 'true');
    else args.set(name.slice(2), argv[++i]!);
  }
  const int = (name: string, fallback: number, min: number, max: number) => {
    const value = Number(args.get(name) ?? fallback);
    if (!Number.isInteger(value) || value < min || value > max) throw new Error(`--${name} must be an integer from ${min} to ${max}`);
    return value;
  };
  return { args, int };
}

/**
 * Past `timeoutMs`, or on SIGINT/SIGTERM, runs `cleanup` and exits (2, or 130 when interrupted).
 * Returns the function that disarms the watchdog once the run ends normally.
 */
export function guardRun(timeoutMs: number, cleanup: () => Promise<unknown>, log: (line: string) => void): () => void {
  const watchdog = setTimeout(() => {
    log(`the run took longer than ${Math.round(timeoutMs / 60_000)} min: stopping`);
    void cleanup().finally(() => process.exit(2));
  }, timeoutMs);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping`);
      void cleanup().finally(() => process.exit(130));
    });
  }
  return () => clearTimeout(watchdog);
}
