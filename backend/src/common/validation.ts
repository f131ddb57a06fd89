import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage, ValidateIf } from 'class-validator';
import { DomainError, ErrorParams, FieldProblem } from './domain-error';
import { CommonErrorCode } from './error-codes';

/**
 * Flattens nested class-validator errors into `{ field: 'a.b', message, constraint, params? }`: the
 * constraint and its values let a client write the message in the user's language.
 */
export function fieldProblems(errors: ValidationError[], parent = ''): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const failed = Object.entries(error.constraints ?? {});
    // A value of the wrong type also fails every range rule ("abc" is not ≤ 365): naming only the
    // type rule says what is actually wrong.
    const typeRules = failed.filter(([constraint]) => TYPE_RULES.has(constraint));
    const own = (typeRules.length ? typeRules : failed).map(([constraint, message]) => {
      const params = constraintParams(constraint, constraintValues(error, constraint));
      return { field, message, constraint, ...(params ? { params } : {}) };
    });
    return [...own, ...fieldProblems(error.children ?? [], field)];
  });
}

const TYPE_RULES = new Set(['isInt', 'isNumber', 'isString', 'isBoolean', 'isArray', 'isObject', 'isDateString', 'isISO8601', 'isUUID']);

/** The values a decorator was given (`@Length(1, 120)` → `[1, 120]`), found in class-validator's metadata for the failed property. */
function constraintValues(error: ValidationError, constraint: string): unknown[] {
  const target = (error.target as object | undefined)?.constructor;
  if (!target) return [];
  const metadata = getMetadataStorage()
    .getTargetValidationMetadatas(target, '', true, false)
    .find((entry) => entry.propertyName === error.property && entry.name === constraint);
  return Array.isArray(metadata?.constraints) ? metadata.constraints : [];
}

/** The values of a rule by name, for the rules whose values a sentence needs; numbers stay numbers (the client formats them). */
function constraintParams(constraint: string, values: unknown[]): ErrorParams | undefined {
  const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
  const [first, second] = values;
  switch (constraint) {
    case 'isLength':
      return number(first) !== undefined ? { min: number(first)!, ...(number(second) !== undefined ? { max: number(second)! } : {}) } : undefined;
    case 'minLength':
    case 'min':
    case 'arrayMinSize':
      return number(first) !== undefined ? { min: number(first)! } : undefined;
    case 'maxLength':
    case 'max':
    case 'arrayMaxSize':
      return number(first) !== undefined ? { max: number(first)! } : undefined;
    case 'isIn':
      return Array.isArray(first) ? { values: first.map(String).join(', ') } : undefined;
    case 'isEnum':
      return first && typeof first === 'object' ? { values: Object.values(first).map(String).join(', ') } : undefined;
    default:
      return undefined;
  }
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
    if (value.includes('\u0000')) problems.push({ field, message: `${field || 'the body'} must not contain NUL characters`, constraint: 'nulCharacter' });
    else if (LONE_SURROGATE.test(value)) problems.push({ field, message: `${field || 'the body'} must be well-formed Unicode (it holds a lone surrogate)`, constraint: 'loneSurrogate' });
  };
  while (stack.length && problems.length < MAX_LISTED) {
    const { value, field, depth } = stack.pop()!;
    if (typeof value === 'string') text(value, field);
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) {
      problems.push({ field: field || '(body)', message: `${field || 'the body'} is nested deeper than ${MAX_INPUT_DEPTH} levels`, constraint: 'tooDeep', params: { max: MAX_INPUT_DEPTH } });
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
    // The target lets `fieldProblems` find each rule's values (`@Length(1, 120)`); errors never leave
    // as they are (the factory keeps field, rule, values and message), so neither target nor value is sent.
    validationError: { target: true, value: false },
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
