// What `npm test` needs from the machine besides node_modules: Chromium for the browser tests,
// PostgreSQL and Redis for the server-mode end-to-end tests. Each missing one is named with the
// command that installs or starts it.
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { spawnSync } from 'node:child_process';
import pg from 'pg';

export const CHROMIUM = '/usr/bin/chromium';

const installed = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

async function postgresAnswers(url) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function redisAnswers(url) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 6379) });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(3_000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** One line per missing prerequisite: what, where, and the exact command that fixes it. */
export async function missingPrerequisites({ TEST_DATABASE_URL, TEST_REDIS_URL }) {
  const missing = [];
  if (!existsSync(CHROMIUM)) {
    missing.push(`Chromium at ${CHROMIUM} (the browser tests drive it): apt-get update && apt-get install -y chromium fonts-dejavu-core`);
  }
  if (!(await postgresAnswers(TEST_DATABASE_URL))) {
    const where = `PostgreSQL at ${new URL(TEST_DATABASE_URL).host} (TEST_DATABASE_URL) does not answer`;
    missing.push(
      installed('pg_ctlcluster')
        ? `${where}: start it with pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main start`
        : `${where}: install and start it with apt-get update && apt-get install -y postgresql && pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -1) main start`,
    );
  }
  if (!(await redisAnswers(TEST_REDIS_URL))) {
    const start = 'redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no';
    const where = `Redis at ${new URL(TEST_REDIS_URL).host} (TEST_REDIS_URL) does not answer`;
    missing.push(installed('redis-server') ? `${where}: start it with ${start}` : `${where}: install and start it with apt-get update && apt-get install -y redis-server && ${start}`);
  }
  return missing;
}
