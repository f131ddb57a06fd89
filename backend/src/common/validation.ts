import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { ValidateIf } from 'class-validator';
import { DomainError, FieldProblem } from './domain-error';
import { CommonErrorCode } from './error-codes';

/** Flattens nested class-validator errors into `{ field: 'a.b', message }` pairs. */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

/** Deeper than any request of the API needs (the deepest, a `/v1` message part, is 5 levels). */
export const MAX_INPUT_DEPTH = 32;
/** A UTF-16 surrogate without its pair: not a character, and not storable as text or JSON. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_LISTED = 20;

/**
 * What no client sends in good faith and PostgreSQL cannot store: NUL characters and lone
 * surrogates in a string (or a key), and nesting deeper than MAX_INPUT_DEPTH, which would exhaust
 * the stack of the validators that walk it. Walked without recursion, so the check cannot overflow.
 */
export function inputProblems(input: unknown, root = ''): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; field: string; depth: number }> = [{ value: input, field: root, depth: 0 }];
  const text = (value: string, field: string) => {
    if (value.includes('\u0000')) problems.push({ field, message: `${field || 'the body'} must not contain NUL characters` });
    else if (LONE_SURROGATE.test(value)) problems.push({ field, message: `${field || 'the body'} must be well-formed Unicode (it holds a lone surrogate)` });
  };
  while (stack.length && problems.length < MAX_LISTED) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') text(value, field);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: field || '(body)', message: `${field || 'the body'} is nested deeper than ${MAX_INPUT_DEPTH} levels` });
      continue;
    }
    for (const [key, child] of Object.entries(value)) {
      const at = field ? `${field}.${key}` : key;
      text(key, at);
      stack.push({ value: child, field: at, depth: depth + 1 });
    }
  }
  return problems.slice(0, MAX_LISTED);
}

const invalid = (details: FieldProblem[]) => new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, `Invalid request: ${[...new Set(details.map((d) => d.field))].join(', ')}`, details);

/**
 * Bodies and query strings are checked by `inputProblems` first (every route, whatever its DTO),
 * then validated against their DTO: fields whitelisted, unknown ones refused, every bad field
 * named in a 400.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query') {
      const problems = inputProblems(value);
      if (problems.length) throw invalid(problems);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => invalid(fieldProblems(errors)),
  });
}

/**
 * Use instead of class-validator's IsOptional: the field may be left out, and `null` is refused like
 * any other wrong value unless `nullable` says the field takes it (document it as nullable too).
 * IsOptional lets `null` through to every field, and a service then writes it into a NOT NULL
 * column: a 500 where a 400 naming the field belongs.
 */
export function Optional(options: { nullable?: boolean } = {}): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined && !(options.nullable === true && value === null));
}
