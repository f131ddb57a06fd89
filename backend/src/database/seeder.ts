import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

/**
 * Data the application ships and keeps in step with its code: the built-in prompts and agents
 * today, the AI-tool catalog and translations of built-ins next. Migrations shape the schema; a
 * seed fills it, so a change to shipped data reaches existing installations by raising a number,
 * without a migration per change and without migrations importing areas.
 */
export interface Seed {
  /** Unique and stable, `<area>.<what>` (`prompts.built-in`): the seed's row in `seed_versions`. */
  readonly name: string;
  /** A positive integer. Raise it whenever what `run` writes changes; the seed then runs again. */
  readonly version: number;
  /**
   * Brings the data to this version from whatever an earlier version, or none, left behind (so it
   * also runs on a database whose rows came from elsewhere). Runs in a transaction with the
   * version's record: if it throws, nothing it wrote stays and the old version stays recorded.
   */
  run(manager: EntityManager): Promise<void>;
}

/** Taken by whichever process runs a seed, so processes starting at once run each seed once. */
const SEED_LOCK = 7_311_202_601;
const SEED_NAME = /^[a-z0-9][a-z0-9._-]{0,99}$/;

/**
 * Runs the seeds the areas register (`seeder.register(seed)` in `onModuleInit`, as job processors
 * and tools are registered). When the application boots, after migrations, every seed whose
 * recorded version is lower than its own runs, in name order, each in its own transaction that
 * holds a PostgreSQL advisory lock and re-reads the version under it: of an API and a worker
 * starting together, one runs the seed and the other finds it done. Every process runs it (each
 * runs migrations too); a failing seed stops the start, as a failing migration does.
 */
@Injectable()
export class Seeder implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seeds');
  private readonly seeds = new Map<string, Seed>();

  constructor(private readonly dataSource: DataSource) {}

  register(seed: Seed): void {
    if (!SEED_NAME.test(seed.name)) throw new Error(`Seed name "${seed.name}" must match ${SEED_NAME}`);
    if (!Number.isInteger(seed.version) || seed.version < 1) throw new Error(`Seed ${seed.name}: the version must be a positive integer, not ${seed.version}`);
    if (this.seeds.has(seed.name)) throw new Error(`A seed named "${seed.name}" is already registered`);
    this.seeds.set(seed.name, seed);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.runPending();
  }

  /** Runs every seed the database is behind on; answers the names of those this call ran. */
  async runPending(): Promise<string[]> {
    const recorded = await this.recordedVersions(this.dataSource.manager);
    const behind = [...this.seeds.values()].filter((seed) => (recorded.get(seed.name) ?? 0) < seed.version).sort((a, b) => a.name.localeCompare(b.name));
    for (const seed of this.seeds.values()) {
      const version = recorded.get(seed.name) ?? 0;
      if (version > seed.version) this.logger.warn(`Seed ${seed.name}: the database has version ${version}, newer than this code's ${seed.version}; left as it is`);
    }
    const ran: string[] = [];
    for (const seed of behind) if (await this.runIfBehind(seed)) ran.push(seed.name);
    return ran;
  }

  private async runIfBehind(seed: Seed): Promise<boolean> {
    try {
      return await this.dataSource.transaction(async (manager) => {
        await manager.query('SELECT pg_advisory_xact_lock($1)', [SEED_LOCK]);
        // Another process may have run it while this one waited for the lock.
        const from = (await this.recordedVersions(manager, seed.name)).get(seed.name) ?? 0;
        if (from >= seed.version) return false;
        const started = Date.now();
        await seed.run(manager);
        await manager.query(
          `INSERT INTO seed_versions (name, version) VALUES ($1, $2)
           ON CONFLICT (name) DO UPDATE SET version = excluded.version, applied_at = now()`,
          [seed.name, seed.version],
        );
        this.logger.log(`Seed ${seed.name}: version ${from} -> ${seed.version} in ${Date.now() - started} ms`);
        return true;
      });
    } catch (error) {
      throw new Error(`Seed ${seed.name} (version ${seed.version}) failed and was rolled back: ${(error as Error).message}`, { cause: error });
    }
  }

  private async recordedVersions(manager: EntityManager, name?: string): Promise<Map<string, number>> {
    const rows: Array<{ name: string; version: number }> = name
      ? await manager.query('SELECT name, version FROM seed_versions WHERE name = $1', [name])
      : await manager.query('SELECT name, version FROM seed_versions');
    return new Map(rows.map((row) => [row.name, Number(row.version)]));
  }
}
