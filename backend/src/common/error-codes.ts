/**
 * Error codes: one typed list per module, each published in the contract (`docs/openapi.json`) as a
 * named enum schema, and the answer's `code` documented as their union (`ErrorCode`), so the client
 * switches on generated types instead of repeating strings.
 *
 * `common` declares its own list here. Every other module declares its list in its own
 * `<area>.errors.ts` and merges it into `ErrorCodeLists`, under the list's name in the contract:
 *
 *   export enum MediaErrorCode { FOLDER_NOT_EMPTY = 'FOLDER_NOT_EMPTY', ... }
 *   declare module '../../common/error-codes' {
 *     interface ErrorCodeLists {
 *       MediaErrorCode: MediaErrorCode;
 *     }
 *   }
 *
 * `DomainError` accepts only an `ErrorCode`, so an undeclared code does not compile; `api-contract.ts`
 * lists every list (checked against this interface), which is what the contract publishes.
 */

/** The codes of the HTTP layer itself: validation, authentication, the exception filter's generic codes. */
export enum CommonErrorCode {
  /** A field of the request is invalid; `details` names each one. */
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  BAD_REQUEST = 'BAD_REQUEST',
  /** No such route, or an id that is not an id. */
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  CONFLICT = 'CONFLICT',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  /** Too many attempts from this address (see `Retry-After`). */
  RATE_LIMITED = 'RATE_LIMITED',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  /** A failure of Webox itself, logged with the request id. */
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  /** An HTTP error with no more specific code. */
  ERROR = 'ERROR',
  /** The body is not JSON (`Content-Type: application/json`); uploads are the one exception. */
  BODY_NOT_JSON = 'BODY_NOT_JSON',
  MALFORMED_JSON = 'MALFORMED_JSON',
}

/** Each module's error-code list, by its name in the contract; modules merge theirs in (see above). */
export interface ErrorCodeLists {
  CommonErrorCode: CommonErrorCode;
}

/** Every code the API can answer with. */
export type ErrorCode = ErrorCodeLists[keyof ErrorCodeLists];
