import { HttpErrorResponse } from '@angular/common/http';

/**
 * What a form needs from a failed call: the server's message and, for validation errors,
 * one message per field. The server answers `{ statusCode, code, message, details? }`.
 */
export interface ApiProblem {
  status: number;
  code: string;
  /** The server's message, or null when there is none to show (network failure, HTML error page). */
  message: string | null;
  fieldErrors: Record<string, string>;
}

export function toApiProblem(error: unknown): ApiProblem {
  if (!(error instanceof HttpErrorResponse)) {
    return { status: 0, code: 'CLIENT_ERROR', message: null, fieldErrors: {} };
  }
  const body = parseTextBody(error.error);
  const problem: ApiProblem = { status: error.status, code: error.status === 0 ? 'NETWORK_ERROR' : 'ERROR', message: null, fieldErrors: {} };
  if (!isRecord(body)) return problem;
  if (typeof body['code'] === 'string') problem.code = body['code'];
  if (typeof body['message'] === 'string' && body['message'].trim()) problem.message = body['message'];
  const details = body['details'];
  if (Array.isArray(details)) {
    for (const detail of details) {
      if (isRecord(detail) && typeof detail['field'] === 'string' && typeof detail['message'] === 'string') {
        const field = detail['field'];
        problem.fieldErrors[field] = problem.fieldErrors[field] ? `${problem.fieldErrors[field]} ${detail['message']}` : detail['message'];
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
