import { INestApplication, RequestMethod } from '@nestjs/common';

export const API_PREFIX = 'api';

/**
 * `/api` for the Webox API; the OpenAI-compatible gateway keeps OpenAI's own `/v1` paths. Apart
 * from app.factory.ts so that controller specs mount their one controller the same way without
 * loading the whole application.
 */
export function applyGlobalPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: [{ path: 'v1/{*path}', method: RequestMethod.ALL }] });
}
