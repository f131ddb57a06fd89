import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { API_CONTRACT } from './api-contract';
import type { DestinationStream } from 'pino';
import { AppModule } from './app.module';
import { API_PREFIX, applyGlobalPrefix, isPublicBlogPath } from './common/api-prefix';
import { contractModels, publishContract } from './common/contract';
import { CommonErrorCode } from './common/error-codes';
import type { ErrorBody } from './common/exception.filter';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { DatabaseConnection } from './database/database.module';
import { frontendAssets } from './frontend-assets';
import { quietStartUp } from './logger-options';
import { toOpenAiError } from './modules/openai-compat/openai-error.filter';
import { LeanIoAdapter } from './realtime/lean-io.adapter';
import { RedisIoAdapter } from './realtime/redis-io.adapter';

const isApiPath = (path: string) => path === `/${API_PREFIX}` || path.startsWith(`/${API_PREFIX}/`) || path.startsWith('/v1/') || path.startsWith('/socket.io') || isPublicBlogPath(path);

/** Builds the HTTP application exactly as it runs in production; tests use it too (and may read its `logs`). */
export async function createApp(config: AppConfig, database: DatabaseConnection, logs?: DestinationStream): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, database, logs), { bufferLogs: true, bodyParser: false });
  app.useLogger(quietStartUp(app.get(Logger)));
  configureApp(app, config);
  await app.init();
  return app;
}

/** Twilio's webhooks (voice), the one place the API reads form-encoded bodies. */
const TWILIO_WEBHOOKS = '/api/voice/webhook/';

function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.disable('x-powered-by');
  // Which proxies may name the client (X-Forwarded-For): none unless WEBOX_TRUST_PROXY says, so a
  // client cannot pick the address it is rate-limited under.
  app.set('trust proxy', config.trustProxy);
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          mediaSrc: ["'self'", 'blob:'],
          fontSrc: ["'self'", 'data:'],
          connectSrc: ["'self'", 'ws:', 'wss:'],
          objectSrc: ["'none'"],
          frameAncestors: ["'none'"],
          // Webox is often reached over plain HTTP on a LAN address; upgrading would break it.
          upgradeInsecureRequests: null,
        },
      },
    }),
  );
  app.use(requireJsonBodies);
  app.use(jsonBodies(config.bodyLimit));
  // Twilio posts its webhooks form-encoded: only those routes read such bodies.
  app.use(TWILIO_WEBHOOKS, express.urlencoded({ extended: false, limit: '64kb' }));
  applyGlobalPrefix(app);
  app.useGlobalPipes(createValidationPipe());
  app.useWebSocketAdapter(config.redisUrl ? new RedisIoAdapter(app, config.redisUrl) : new LeanIoAdapter(app));
  const document = createOpenApiDocument(app, config.version);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/docs/openapi.json` });
  // The built dashboard: precompressed files, hashed ones cached for good, index.html for app routes.
  app.use(frontendAssets(config.frontendDir, isApiPath));
}

export function createOpenApiDocument(app: INestApplication, version: string): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setTitle('Webox API')
    .setDescription(
      'The multi-AI workspace. Authenticate with `POST /api/auth/login`, then send `Authorization: Bearer <accessToken>`. ' +
        'Errors answer `ErrorDto` (`code`: an `ErrorCode`); streamed routes send `ChatStreamEvent`s; the socket at `/socket.io` sends `SocketServerEvents`.',
    )
    .setVersion(version)
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, builder, { operationIdFactory: (_controller, method) => method, extraModels: contractModels(API_CONTRACT) });
  return publishContract(document, API_CONTRACT);
}

/**
 * The API speaks JSON: a body of another type would otherwise be ignored silently and the
 * request run as if it were empty. File uploads (multipart) are the one exception.
 */
function requireJsonBodies(request: Request, response: Response, next: NextFunction): void {
  const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
  if (!hasBody || !isApiPath(request.path) || request.is('application/json') || request.is('multipart/form-data')) return next();
  if (request.path.startsWith(TWILIO_WEBHOOKS) && request.is('application/x-www-form-urlencoded')) return next();
  refuse(request, response, 400, CommonErrorCode.BODY_NOT_JSON, 'The request body must be JSON (Content-Type: application/json)');
}

/** A request refused before it reaches a route: in the API's error shape, or OpenAI's on `/v1`, whose clients parse that. */
function refuse(request: Request, response: Response, statusCode: number, code: CommonErrorCode, message: string): void {
  const body: ErrorBody = { statusCode, code, message };
  response.status(statusCode).json(request.path.startsWith('/v1/') ? toOpenAiError(body) : body);
}

/** body-parser's JSON errors, answered in the API's error shape rather than passed on as strings. */
function jsonBodies(limit: string) {
  const parse = express.json({ limit });
  return (request: Request, response: Response, next: NextFunction) =>
    parse(request, response, (error?: unknown) => {
      if (!error) return next();
      const type = (error as { type?: string }).type;
      if (type === 'entity.too.large') refuse(request, response, 413, CommonErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than the server accepts (${limit})`);
      else if (type === 'entity.parse.failed') refuse(request, response, 400, CommonErrorCode.MALFORMED_JSON, 'The request body is not valid JSON');
      else refuse(request, response, 400, CommonErrorCode.BAD_REQUEST, 'The request body could not be read');
    });
}
