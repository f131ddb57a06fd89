import { ChildProcess, spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import type { TestApp } from './test-app';

/**
 * `backend/src/main.ts` under ts-node (no build needed) as another process of `api`'s deployment:
 * its database, Redis, queue prefix and secret key, plus `env` (the role and what else differs).
 */
export function spawnWeboxProcess(api: TestApp, env: Record<string, string>, stdio: StdioOptions): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join('backend', 'src', 'main.ts')], {
    cwd: join(__dirname, '..', '..', '..'),
    env: {
      PATH: process.env['PATH'],
      TS_NODE_PROJECT: join('backend', 'tsconfig.json'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: api.config.databaseUrl,
      REDIS_URL: api.config.redisUrl,
      WEBOX_QUEUE_PREFIX: api.config.queuePrefix,
      WEBOX_SECRET_KEY: api.config.secretKey.toString('hex'),
      ...env,
    },
    stdio,
  });
}

/**
 * A real worker process (`WEBOX_ROLE=worker`) of the same deployment as `api` (its database, Redis
 * and queue prefix), that a test can kill outright (`SIGKILL`) in the middle of a job. `env` adds
 * settings (a provider's base URL, say).
 */
export function startWorkerProcess(api: TestApp, env: Record<string, string> = {}): ChildProcess {
  return spawnWeboxProcess(api, { WEBOX_ROLE: 'worker', WEBOX_QUEUE_LOCK_MS: '2000', WEBOX_DATA_DIR: api.config.dataDir, ...env }, ['ignore', 'ignore', 'inherit']);
}
