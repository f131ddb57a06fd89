import { prepareTemplate, serverUrls } from './test-database';

export default async function globalSetup(): Promise<void> {
  if ((process.env['WEBOX_TEST_MODE'] ?? 'embedded') === 'server') await prepareTemplate(serverUrls().database);
}
