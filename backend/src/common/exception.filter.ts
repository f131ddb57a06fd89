import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { DomainError, ErrorKind, ErrorParams, FieldProblem, UpstreamError } from './domain-error';
import { CommonErrorCode, ErrorCode } from './error-codes';
import { redactSecrets } from './redact';

const STATUS_OF_KIND: Record<ErrorKind, number> = {
  invalid: HttpStatus.BAD_REQUEST,
  unauthenticated: HttpStatus.UNAUTHORIZED,
  forbidden: HttpStatus.FORBIDDEN,
  not_found: HttpStatus.NOT_FOUND,
  gone: HttpStatus.GONE,
  conflict: HttpStatus.CONFLICT,
  too_large: HttpStatus.PAYLOAD_TOO_LARGE,
  unsupported: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  range_not_satisfiable: HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
  rate_limited: HttpStatus.TOO_MANY_REQUESTS,
  payment_required: HttpStatus.PAYMENT_REQUIRED,
  provider: HttpStatus.BAD_GATEWAY,
  upstream_timeout: HttpStatus.GATEWAY_TIMEOUT,
  unavailable: HttpStatus.SERVICE_UNAVAILABLE,
};

const CODE_OF_STATUS: Record<number, CommonErrorCode> = {
  400: CommonErrorCode.BAD_REQUEST,
  401: CommonErrorCode.UNAUTHENTICATED,
  403: CommonErrorCode.FORBIDDEN,
  404: CommonErrorCode.NOT_FOUND,
  405: CommonErrorCode.METHOD_NOT_ALLOWED,
  409: CommonErrorCode.CONFLICT,
  413: CommonErrorCode.PAYLOAD_TOO_LARGE,
  415: CommonErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: CommonErrorCode.RATE_LIMITED,
  503: CommonErrorCode.SERVICE_UNAVAILABLE,
};

export interface ErrorBody {
  statusCode: number;
  code: ErrorCode;
  message: string;
  details?: FieldProblem[];
  params?: ErrorParams;
}

/**
 * The one place where errors become HTTP answers: `{ statusCode, code, message, details?, params? }`.
 * Clients show their own text for a code they know, filled with `params`; `message` is the English text.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Exceptions');

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') return;
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toBody(error, request);
    // A rate limit that knows when it ends says so the standard way too.
    const retryAfter = body.statusCode === HttpStatus.TOO_MANY_REQUESTS ? body.params?.['retryAfterSeconds'] : undefined;
    if (typeof retryAfter === 'number' && !response.headersSent) response.setHeader('Retry-After', String(retryAfter));
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  /** The answer for an error, with credentials a message may echo (a URL's `?token=`, a key) cut out. */
  toBody(error: unknown, request: Request): ErrorBody {
    const body = this.describe(error, request);
    return { ...body, message: redactSecrets(body.message), ...(body.details ? { details: body.details.map((d) => ({ ...d, message: redactSecrets(d.message) })) } : {}) };
  }

  private describe(error: unknown, request: Request): ErrorBody {
    if (error instanceof DomainError) {
      return {
        statusCode: STATUS_OF_KIND[error.kind],
        code: error.code,
        message: error.message,
        ...(error.details ? { details: error.details } : {}),
        ...(error.params ? { params: error.params } : {}),
      };
    }
    if (error instanceof UpstreamError) {
      return { statusCode: STATUS_OF_KIND[error.kind], code: error.publicCode, message: error.message, params: error.params };
    }
    if (error instanceof HttpException) {
      const statusCode = error.getStatus();
      const payload = error.getResponse();
      if (typeof payload === 'object' && payload !== null && 'code' in payload) {
        return { statusCode, ...(payload as Omit<ErrorBody, 'statusCode'>) };
      }
      if (statusCode === HttpStatus.TOO_MANY_REQUESTS) {
        return { statusCode, code: CommonErrorCode.RATE_LIMITED, message: 'Too many attempts from this address; wait before trying again (see Retry-After)' };
      }
      const message = typeof payload === 'string' ? payload : String((payload as { message?: unknown }).message ?? error.message);
      return { statusCode, code: CODE_OF_STATUS[statusCode] ?? CommonErrorCode.ERROR, message: Array.isArray(message) ? message.join('; ') : message };
    }
    this.logger.error({ err: error, requestId: request.id }, 'Unhandled error');
    return { statusCode: 500, code: CommonErrorCode.INTERNAL_ERROR, message: `Internal server error (request ${String(request.id ?? '')})` };
  }
}
