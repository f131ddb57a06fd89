import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type { TestApp } from './test-app';
import { spawnWeboxProcess } from './worker-process';

/** A second Webox *process* of the same deployment as a test app: its own port, the same database, Redis, key prefix and secret. */
export interface AppProcess {
  url: string;
  http: () => ReturnType<typeof request>;
  child: ChildProcess;
  /** SIGTERM, then SIGKILL after `graceMs`; safe to call twice, and on a process that never started. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `backend/src/main.ts` under ts-node (no build needed) as another API instance beside `api`,
 * and waits until it answers `/api/health`. The child is killed when this test process exits, even if
 * `stop` is never reached (a crashed suite, a timeout in beforeAll).
 */
export async function startAppProcess(api: TestApp, env: Record<string, string> = {}, timeoutMs = 180_000): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'webox-test-process-'));
  const output: string[] = [];
  const child = spawnWeboxProcess(
    api,
    {
      WEBOX_ROLE: 'api',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEBOX_DATA_DIR: dataDir,
      WEBOX_FRONTEND_DIR: join(dataDir, 'no-frontend'),
      WEBOX_REGISTRATION: 'open',
      WEBOX_AUTH_RATE_LIMIT: '1000',
      WEBOX_SHUTDOWN_TIMEOUT_MS: '2000',
      WEBOX_VERIFY_PROVIDER_KEYS: 'false',
      ...env,
    },
    ['ignore', 'pipe', 'pipe'],
  );
  const keep = (chunk: Buffer) => output.push(chunk.toString()) > 50 && output.shift();
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let stopped: Promise<void> | undefined;
  const stop = (graceMs = 5_000): Promise<void> =>
    (stopped ??= (async () => {
      process.off('exit', killOnExit);
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), graceMs).unref());
        if ((await Promise.race([exited.then(() => 'exited' as const), timer])) === 'timeout') {
          child.kill('SIGKILL');
          await exited;
        }
      }
      rmSync(dataDir, { recursive: true, force: true });
    })());

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      await stop();
      throw new Error(`the second Webox process exited (${child.exitCode ?? child.signalCode}) before serving:\n${output.join('')}`);
    }
    try {
      const response = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await response.arrayBuffer();
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the second Webox process did not serve within ${timeoutMs} ms:\n${output.join('')}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { url, http: () => request(url), child, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
