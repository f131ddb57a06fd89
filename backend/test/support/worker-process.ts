import { ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { TestApp } from './test-app';

/**
 * A real worker process (`WEBOX_ROLE=worker`) of the same deployment as `api` (its database, Redis
 * and queue prefix), that a test can kill outright (`SIGKILL`) in the middle of a job. `env` adds
 * settings (a provider's base URL, say).
 */
export function startWorkerProcess(api: TestApp, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', join('backend', 'src', 'main.ts')], {
    cwd: join(__dirname, '..', '..', '..'),
    env: {
      PATH: process.env['PATH'],
      TS_NODE_PROJECT: join('backend', 'tsconfig.json'),
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      WEBOX_ROLE: 'worker',
      DATABASE_URL: api.config.databaseUrl,
      REDIS_URL: api.config.redisUrl,
      WEBOX_QUEUE_PREFIX: api.config.queuePrefix,
      WEBOX_QUEUE_LOCK_MS: '2000',
      WEBOX_DATA_DIR: api.config.dataDir,
      WEBOX_SECRET_KEY: api.config.secretKey.toString('hex'),
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
