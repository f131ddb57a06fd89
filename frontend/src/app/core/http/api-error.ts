import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorCode } from '../../api/models';
import { translateDetail } from './detail-translator';

/** The client's own codes, for failures the server did not describe: it could not be reached, or the call failed in the browser. */
export type ClientProblemCode = 'NETWORK_ERROR' | 'CLIENT_ERROR';

/**
 * Every code a problem can carry: one the contract declares (the generated `ErrorCode`, the union of
 * each module's list; `ERROR` when an answer had none), or the client's own.
 */
export type ApiProblemCode = ErrorCode | ClientProblemCode;

/**
 * What a form needs from a failed call: the server's message and, for validation errors,
 * one message per field. The server answers `ErrorDto`: `{ statusCode, code, message, details? }`.
 */
export interface ApiProblem {
  status: number;
  code: ApiProblemCode;
  /** The server's message, or null when there is none to show (network failure, HTML error page). */
  message: string | null;
  fieldErrors: Record<string, string>;
  /** The values of the message (`ErrorDto.params`), for the client's own translation of `code`. */
  params: Record<string, string | number>;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: 'CLIENT_ERROR', message: null, fieldErrors: {}, params: {} };
  }
  const body = parseTextBody(error.error);
  const problem: ApiProblem = { status: error.status, code: error.status === 0 ? 'NETWORK_ERROR' : 'ERROR', message: null, fieldErrors: {}, params: {} };
  if (!isRecord(body)) return problem;
  // The server's codes are the contract's; one it does not declare (a newer server) is passed on as it is.
  if (typeof body['code'] === 'string') problem.code = body['code'] as ErrorCode;
  if (typeof body['message'] === 'string' && body['message'].trim()) problem.message = body['message'];
  const params = body['params'];
  if (isRecord(params)) {
    for (const [name, value] of Object.entries(params)) if (typeof value === 'string' || typeof value === 'number') problem.params[name] = value;
  }
  const details = body['details'];
  if (Array.isArray(details)) {
    for (const detail of details) {
      if (isRecord(detail) && typeof detail['field'] === 'string' && typeof detail['message'] === 'string') {
        const field = detail['field'];
        const values: Record<string, string | number> = {};
        if (isRecord(detail['params'])) {
          for (const [name, value] of Object.entries(detail['params'])) if (typeof value === 'string' || typeof value === 'number') values[name] = value;
        }
        const constraint = typeof detail['constraint'] === 'string' ? detail['constraint'] : undefined;
        const message = translateDetail({ field, message: detail['message'], ...(constraint ? { constraint } : {}), params: values }) ?? detail['message'];
        // One sentence per problem of a field, each said once (two rules may say the same thing in the client's words).
        const known = problem.fieldErrors[field];
        problem.fieldErrors[field] = !known ? message : known.includes(message) ? known : `${known} ${message}`;
      }
    }
  }
  return problem;
}

/**
 * Calls that answer 204 are made with `responseType: 'text'` by the generated client, so their
 * errors arrive as the JSON text of the problem: read it as the problem.
 */
function parseTextBody(body: unknown): unknown {
  if (typeof body !== 'string' || !body.trimStart().startsWith('{')) return body;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
