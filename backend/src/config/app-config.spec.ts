import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from './app-config';

const tempDir = () => mkdtempSync(join(tmpdir(), 'webox-config-'));

describe('AppConfig', () => {
  it('has embedded defaults: no database, no Redis, port 3000, role all', () => {
    const config = new AppConfig({ WEBOX_DATA_DIR: tempDir() });
    expect(config.port).toBe(3000);
    expect(config.role).toBe('all');
    expect(config.databaseUrl).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.runsApi && config.runsWorker).toBe(true);
    expect(config.jobConcurrency).toBe(2);
  });

  it('reads how many jobs a worker runs at once from WEBOX_JOB_CONCURRENCY, 1 to 100', () => {
    expect(new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_JOB_CONCURRENCY: '8' }).jobConcurrency).toBe(8);
    for (const bad of ['0', '101', 'many']) {
      expect(() => new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_JOB_CONCURRENCY: bad })).toThrow(/WEBOX_JOB_CONCURRENCY must be an integer between 1 and 100/);
    }
  });

  it('generates a secret key once, mode 0600, and reuses it', () => {
    const dataDir = tempDir();
    const first = new AppConfig({ WEBOX_DATA_DIR: dataDir });
    const file = join(dataDir, 'secret.key');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toHaveLength(64);
    expect(new AppConfig({ WEBOX_DATA_DIR: dataDir }).secretKey.equals(first.secretKey)).toBe(true);
  });

  it('takes WEBOX_SECRET_KEY as hex or base64', () => {
    const hex = 'ab'.repeat(32);
    expect(new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_SECRET_KEY: hex }).secretKey.toString('hex')).toBe(hex);
    const base64 = Buffer.alloc(32, 7).toString('base64');
    expect(new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_SECRET_KEY: base64 }).secretKey.equals(Buffer.alloc(32, 7))).toBe(true);
  });

  it('lists every invalid setting at once', () => {
    const attempt = () => new AppConfig({ WEBOX_DATA_DIR: tempDir(), PORT: 'eighty', WEBOX_ROLE: 'boss', DATABASE_URL: 'mysql://x', WEBOX_SECRET_KEY: 'short' });
    expect(attempt).toThrow(/PORT must be an integer between 0 and 65535 \(got "eighty"\)/);
    expect(attempt).toThrow(/WEBOX_ROLE must be one of api, worker, all/);
    expect(attempt).toThrow(/DATABASE_URL must start with postgres:\/\/ or postgresql:\/\//);
    expect(attempt).toThrow(/WEBOX_SECRET_KEY must be 32 bytes/);
  });

  it('requires an explicit secret key in production with a shared database', () => {
    expect(() => new AppConfig({ NODE_ENV: 'production', WEBOX_DATA_DIR: tempDir(), DATABASE_URL: 'postgres://db/webox' })).toThrow(/WEBOX_SECRET_KEY is required/);
  });

  it('describes itself without credentials', () => {
    const config = new AppConfig({ WEBOX_DATA_DIR: tempDir(), DATABASE_URL: 'postgres://webox:hunter2@db:5432/webox', REDIS_URL: 'redis://:pw@cache:6379' });
    expect(JSON.stringify(config.describe())).not.toMatch(/hunter2|:pw@/);
  });

  it('trusts no proxy unless WEBOX_TRUST_PROXY names hops or addresses', () => {
    const trust = (value?: string) => new AppConfig({ WEBOX_DATA_DIR: tempDir(), ...(value === undefined ? {} : { WEBOX_TRUST_PROXY: value }) }).trustProxy;
    expect(trust()).toBe(false);
    expect(trust('0')).toBe(false);
    expect(trust('2')).toBe(2);
    expect(trust('10.0.0.0/8, 192.168.1.7 ,fd00::/8,loopback')).toEqual(['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback']);
    expect(() => trust('true')).toThrow(/WEBOX_TRUST_PROXY must be a hop count or a comma list of addresses and CIDR ranges \(got "true"\)/);
    expect(() => trust('10.0.0.0/33,proxy.local')).toThrow(/got "10.0.0.0\/33", "proxy.local"/);
  });

  it('selects what a process runs from WEBOX_ROLE', () => {
    const redis = { REDIS_URL: 'redis://127.0.0.1:6379' };
    const api = new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_ROLE: 'api', ...redis });
    const worker = new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_ROLE: 'worker', ...redis });
    expect([api.runsApi, api.runsWorker]).toEqual([true, false]);
    expect([worker.runsApi, worker.runsWorker]).toEqual([false, true]);
  });

  it('refuses separate API or worker processes without Redis to share jobs', () => {
    expect(() => new AppConfig({ WEBOX_DATA_DIR: tempDir(), WEBOX_ROLE: 'worker' })).toThrow(/WEBOX_ROLE=worker needs REDIS_URL/);
  });
});
