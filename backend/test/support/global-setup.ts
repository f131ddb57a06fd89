import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMBEDDED_TEMPLATE_ENV, prepareEmbeddedTemplate, prepareTemplate, serverUrls } from './test-database';

/** Migrates once per run: a template database on PostgreSQL, or a dumped PGlite in embedded mode. */
export default async function globalSetup(): Promise<void> {
  if ((process.env['WEBOX_TEST_MODE'] ?? 'embedded') === 'server') {
    await prepareTemplate(serverUrls().database);
    return;
  }
  const file = join(tmpdir(), `webox-pglite-template-${process.pid}.tar.gz`);
  await prepareEmbeddedTemplate(file);
  process.env[EMBEDDED_TEMPLATE_ENV] = file;
}
