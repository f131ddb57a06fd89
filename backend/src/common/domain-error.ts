/**
 * What went wrong, independent of HTTP. The global exception filter maps a kind to a status;
 * the code is stable and machine-readable (clients and tests switch on it).
 */
export type ErrorKind =
  | 'invalid'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'unsupported'
  | 'range_not_satisfiable'
  | 'rate_limited'
  | 'provider'
  | 'unavailable';

export interface FieldProblem {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details?: FieldProblem[],
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', `${what.toUpperCase().replace(/ /g, '_')}_NOT_FOUND`, `${what} not found`);
