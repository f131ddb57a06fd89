import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestExpressApplication } from '@nestjs/platform-express';
import type { DestinationStream } from 'pino';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { AppConfig } from '../../src/config/app-config';
import { DatabaseConnection } from '../../src/database/database.module';
import { createTestDatabase, serverUrls, startEmbeddedFromTemplate } from './test-database';

export type TestMode = 'server' | 'embedded';
export const testMode = (): TestMode => (process.env['WEBOX_TEST_MODE'] === 'server' ? 'server' : 'embedded');

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  /** Base URL of the listening server (for socket.io and real HTTP clients). */
  url: string;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  database: DatabaseConnection;
  close(): Promise<void>;
}

export interface TestDatabase extends DatabaseConnection {
  close(): Promise<void>;
}

/**
 * A database of its own for one test app: a clone of the migrated template on PostgreSQL (server
 * mode) or an in-memory PGlite started from the migrated dump (embedded mode); with `blank`, an
 * empty one that no migration has run on.
 */
export async function startTestDatabase(options: { blank?: boolean } = {}): Promise<TestDatabase> {
  if (testMode() === 'server') {
    const database = await createTestDatabase(serverUrls().database, options);
    return { url: database.url, embedded: false, close: database.drop };
  }
  const pglite = await startEmbeddedFromTemplate(options);
  return { url: pglite.url, embedded: true, close: pglite.stop };
}

/**
 * Boots the real application on a free port with its own database (`startTestDatabase`, or the
 * one given, which it then closes with the app). Migrations and seeds run as the app starts. Its
 * log lines go to `logs` when given (JSON, one per line), else to stdout.
 */
export async function startTestApp(env: Record<string, string> = {}, given?: TestDatabase, logs?: DestinationStream): Promise<TestApp> {
  const dataDir = mkdtempSync(join(tmpdir(), 'webox-test-'));
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const database = given ?? (await startTestDatabase());
  cleanups.unshift(database.close);
  const databaseUrl = database.url;
  const embedded = database.embedded;
  const redisUrl = testMode() === 'server' ? serverUrls().redis : undefined;
  const config = new AppConfig({
    NODE_ENV: 'test',
    WEBOX_DATA_DIR: dataDir,
    WEBOX_FRONTEND_DIR: join(dataDir, 'no-frontend'),
    WEBOX_AUTH_RATE_LIMIT: '1000',
    WEBOX_SHUTDOWN_TIMEOUT_MS: '2000',
    // Keys are stored unchecked unless a test verifies them (against the emulator): most tests store made-up keys.
    WEBOX_VERIFY_PROVIDER_KEYS: 'false',
    WEBOX_QUEUE_PREFIX: `webox-test-${randomBytes(4).toString('hex')}`,
    // Most tests sign up freely; the sign-up policies have their own tests. The setup token is known
    // to registerUser, which claims the admin account with it (the production path, not a seam).
    WEBOX_REGISTRATION: 'open',
    WEBOX_SETUP_TOKEN: TEST_SETUP_TOKEN,
    ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
    ...(embedded ? {} : { DATABASE_URL: databaseUrl }),
    ...env,
  });
  const app = await createApp(config, { url: databaseUrl, embedded }, logs);
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    config,
    url: `http://127.0.0.1:${address.port}`,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    database: { url: databaseUrl, embedded },
    async close() {
      await app.close();
      for (const cleanup of cleanups) await cleanup();
    },
  };
}

let counter = 0;

/** The setup token of every test app (WEBOX_SETUP_TOKEN), unless a test sets its own. */
export const TEST_SETUP_TOKEN = 'test-setup-token-0123456789';

/** The environment that points OpenAI, Anthropic and Gemini at the provider emulator, with the key it accepts. */
export function emulatedChatVendors(emulator: { openaiBaseUrl: string; anthropicBaseUrl: string; geminiBaseUrl: string }): Record<string, string> {
  return {
    OPENAI_API_KEY: 'test-key',
    OPENAI_BASE_URL: emulator.openaiBaseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    ANTHROPIC_BASE_URL: emulator.anthropicBaseUrl,
    GOOGLE_API_KEY: 'test-key',
    GOOGLE_BASE_URL: emulator.geminiBaseUrl,
  };
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  auth: { Authorization: string };
}

/**
 * Registers a fresh user through the API. While the app has no admin, the account claims the admin
 * role with the app's setup token, as the first administrator does in production: the first
 * account of a test app is its admin.
 */
export async function registerUser(app: TestApp, name = 'Test User'): Promise<TestUser> {
  const email = `user${++counter}-${randomBytes(3).toString('hex')}@example.com`;
  const password = 'correct horse 42';
  const admins: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE role = 'admin'`);
  const claim = admins[0]!.n === 0 && app.config.setupToken ? { setupToken: app.config.setupToken } : {};
  const response = await app.http().post('/api/auth/register').send({ email, password, name, ...claim }).expect(201);
  const body = response.body as { accessToken: string; refreshToken: string; user: { id: string } };
  return { id: body.user.id, email, password, accessToken: body.accessToken, refreshToken: body.refreshToken, auth: { Authorization: `Bearer ${body.accessToken}` } };
}
