import type { ErrorCode } from './error-codes';

/**
 * What went wrong, independent of HTTP. The global exception filter maps a kind to a status;
 * the code is stable and machine-readable (clients and tests switch on it) and comes from a
 * module's declared list (`error-codes.ts`).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'gone'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'range_not_satisfiable'
  | 'rate_limited'
  | 'payment_required'
  | 'provider'
  | 'upstream_timeout'
  | 'unavailable';

export interface FieldProblem {
  field: string;
  /** The server's English sentence: what a client shows for a detail without a `constraint` it knows. */
  message: string;
  /**
   * The rule the value broke, for a client to say it in its own words: class-validator's constraint
   * name (`isLength`, `isIn`, `whitelistValidation`, ...) or Webox's own (`nulCharacter`,
   * `loneSurrogate`, `tooDeep`, `template`). Absent on details a service wrote in its own words.
   */
  constraint?: string;
  /** The values of that rule (`{ min: 1, max: 120 }`, `{ values: 'a, b' }`): names and numbers, never sentences. */
  params?: ErrorParams;
}

/**
 * The values a client needs to say the error in its own language (`{ name: 'cv.pdf', limitBytes: 10485760 }`):
 * names and numbers, never sentences. Numbers stay raw (bytes, tokens) so the client formats them in its locale.
 */
export type ErrorParams = Record<string, string | number>;

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: ErrorCode,
    message: string,
    readonly details?: FieldProblem[],
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

/** A 404 with the module's `<THING>_NOT_FOUND` code: `notFound(MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file')`. */
export const notFound = (code: ErrorCode, what: string) => new DomainError('not_found', code, `${what} not found`);

/** `new DomainError(...)` with params and no field details: `withParams('too_large', code, message, { name })`. */
export const withParams = (kind: ErrorKind, code: ErrorCode, message: string, params: ErrorParams) => new DomainError(kind, code, message, undefined, params);

/**
 * A failure outside Webox (a model vendor, an upstream service) that knows how a caller should see
 * it: `kind` is mapped to a status as a DomainError's is, `publicCode` is the answer's stable code.
 * The exception filter knows only this shape; the AI layer's `ProviderError` is one.
 */
export abstract class UpstreamError extends Error {
  abstract readonly kind: ErrorKind;
  abstract readonly publicCode: ErrorCode;
  /** What a client needs to say it in its own language (the provider's name, for a vendor). */
  abstract readonly params: ErrorParams;
}
