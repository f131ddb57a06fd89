import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerService, RequestMethod } from '@nestjs/common';
import type { Params } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options } from 'pino-http';
import { redactSecrets } from './common/redact';
import { AppConfig } from './config/app-config';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** A readable line: `[Chat] message`, and for a request `GET /api/x 200 12ms`. */
const PRETTY_LINE = '{if context}[{context}] {end}{if req.method}{req.method} {req.url} {res.statusCode} {responseTime}ms {end}{msg}';

/**
 * Logs (pino), one line per request with its id: readable lines at a terminal, JSON otherwise or
 * with `LOG_FORMAT=json`. The id comes from an incoming `X-Request-Id` when it looks sane, and is
 * echoed back. Credentials never reach a log line: the paths below are censored, and every
 * finished line goes through `redactSecrets`. The lines go to stdout, or to `destination`
 * when one is given (JSON lines then: the readable format is a transport of its own).
 */
export function loggerOptions(config: AppConfig, destination?: DestinationStream): Params {
  const pretty = config.logFormat === 'pretty' && !destination;
  const options: Options = {
    level: config.logLevel,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id: unknown; method: string; url: string; remoteAddress?: string }) => ({ id: request.id, method: request.method, url: redactSecrets(request.url), remoteAddress: request.remoteAddress }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]', '*.password', '*.newPassword', '*.currentPassword', '*.refreshToken', '*.accessToken', '*.key', '*.token'],
      censor: '[redacted]',
    },
    // The last net under the serializers and paths above: whatever a message or an error's stack
    // echoes (a signed link's `?token=`, a key, `user:password@`) is cut from the finished line.
    hooks: { streamWrite: redactSecrets },
    autoLogging: { ignore: (request: IncomingMessage) => request.url === '/api/health' },
    customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => (error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info'),
    ...(pretty ? { transport: { target: 'pino-pretty', options: { singleLine: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res,responseTime,context', messageFormat: PRETTY_LINE } } } : {}),
  };
  return { forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }], pinoHttp: destination ? [options, destination] : options };
}

/** Nest's start-up chatter (each module loaded, each route mapped) is for debugging, not for the person who started Webox. */
const START_UP_CONTEXTS = new Set(['InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/** The application's logger, with Nest's start-up chatter moved to `debug`. */
export function quietStartUp(logger: LoggerService): LoggerService {
  const isChatter = (params: unknown[]) => START_UP_CONTEXTS.has(params[params.length - 1] as string);
  return {
    log: (message, ...params) => (isChatter(params) ? logger.debug?.(message, ...params) : logger.log(message, ...params)),
    error: (message, ...params) => logger.error(message, ...params),
    warn: (message, ...params) => logger.warn(message, ...params),
    debug: (message, ...params) => logger.debug?.(message, ...params),
    verbose: (message, ...params) => logger.verbose?.(message, ...params),
    fatal: (message, ...params) => logger.fatal?.(message, ...params),
  };
}
