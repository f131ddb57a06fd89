import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AllExceptionsFilter, ErrorBody } from '../../common/exception.filter';

const TYPE_OF_STATUS: Record<number, string> = { 400: 'invalid_request_error', 413: 'invalid_request_error', 401: 'authentication_error', 403: 'permission_error', 404: 'not_found_error', 402: 'insufficient_quota', 429: 'rate_limit_error', 502: 'api_error', 503: 'api_error' };

/** An error of the API in OpenAI's shape; a budget refusal (402) keeps its `params` (which budget, its limit, when it resets). */
export function toOpenAiError(body: ErrorBody) {
  const params = body.statusCode === 402 && body.params ? { params: body.params } : {};
  return { error: { message: body.message, type: TYPE_OF_STATUS[body.statusCode] ?? 'api_error', code: body.code, param: body.details?.[0]?.field ?? null, ...params } };
}

/** Same errors, in OpenAI's shape (`{ error: { message, type, code, param } }`), so OpenAI SDKs raise their own error classes. */
@Catch()
export class OpenAiErrorFilter implements ExceptionFilter {
  private readonly common = new AllExceptionsFilter();

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const body = this.common.toBody(error, http.getRequest<Request>());
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.statusCode).json(toOpenAiError(body));
  }
}
