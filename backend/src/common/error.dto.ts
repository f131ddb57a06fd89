import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { ErrorCode } from './error-codes';

export class FieldProblemDto {
  /** The field, as a path into the body (`variables.company`, `tools.2`). */
  field: string;
  /** The server's English sentence; show it only when `constraint` is absent or unknown to the client. */
  message: string;
  /** The rule the value broke (`isLength`, `isIn`, `isString`, `whitelistValidation`, `nulCharacter`, ...), for a client to say it in its own words. */
  constraint?: string;
  /** The rule's values (`{ min: 1, max: 120 }`, `{ values: 'private, shared' }`). */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params?: Record<string, string | number>;
}

/** Every error answer of `/api`: `{ statusCode, code, message, details?, params? }`. */
export class ErrorDto {
  /** The HTTP status, repeated. */
  statusCode: number;
  /** Stable and machine-readable: switch on it, never on the message. */
  @ApiProperty({ allOf: [{ $ref: '#/components/schemas/ErrorCode' }] })
  code: ErrorCode;
  /** For people: what went wrong and, where it helps, what to do. */
  message: string;
  /** For validation errors: one entry per problem. */
  @ApiPropertyOptional({ type: [FieldProblemDto] })
  details?: FieldProblemDto[];
  /**
   * The values of the message (names, numbers: `{ "name": "cv.pdf", "limitBytes": 10485760 }`), so a
   * client can show its own translation for `code`; numbers are raw (bytes, tokens) for the client to format.
   */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } })
  params?: Record<string, string | number>;
}
