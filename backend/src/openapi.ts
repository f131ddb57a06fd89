import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { createOpenApiDocument } from './app.factory';
import { applyGlobalPrefix } from './common/api-prefix';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';

/**
 * Writes docs/openapi.json from the application's own decorators. Preview mode builds the module
 * graph without instantiating providers, so no database is needed.
 */
export async function renderOpenApi(): Promise<string> {
  const config = new AppConfig({ NODE_ENV: 'test', WEBOX_SECRET_KEY: '0'.repeat(64), WEBOX_VERSION: 'contract', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, { url: 'postgres://unused', embedded: false }), { preview: true, logger: false });
  applyGlobalPrefix(app);
  const document = createOpenApiDocument(app, config.version);
  await app.close();
  return JSON.stringify(sortMaps(document), null, 2) + '\n';
}

/** Paths, schemas and properties in a stable order, so the committed file's diff shows real changes only. */
function sortMaps(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => sortMaps(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (['paths', 'schemas', 'properties'].includes(key)) entries.sort(([a], [b]) => a.localeCompare(b));
  return Object.fromEntries(entries.map(([k, v]) => [k, sortMaps(v, k)]));
}

if (require.main === module) {
  const target = resolve(process.argv[2] ?? 'docs/openapi.json');
  renderOpenApi()
    .then((text) => {
      writeFileSync(target, text);
      console.log(`Wrote ${target}`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
