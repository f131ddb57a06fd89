import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The API contract as the attack suites read it: `docs/openapi.json`, loaded when the tests run
 * (never copied), listed as operations, and a checker that holds every answer to the schema the
 * contract documents for its status.
 */

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
const METHODS: readonly HttpMethod[] = ['get', 'post', 'put', 'patch', 'delete'];

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema and OpenAPI are untyped JSON here. */
export type JsonSchema = Record<string, any>;

export interface ContractParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
}

export interface ContractOperation {
  /** `GET /api/chat/conversations/{id}`: how the suites' tables name it. */
  key: string;
  method: HttpMethod;
  path: string;
  operationId: string;
  parameters: ContractParameter[];
  /** The request body's media type and schema (the first one listed), when it takes one. */
  body?: { mediaType: string; schema: JsonSchema; required: boolean };
  responses: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
}

export interface Contract {
  document: JsonSchema;
  operations: ContractOperation[];
  /** A schema by `$ref` (`#/components/schemas/X`), or the schema itself. */
  resolve(schema: JsonSchema | undefined): JsonSchema | undefined;
}

export const CONTRACT_FILE = join(__dirname, '..', '..', '..', '..', 'docs', 'openapi.json');

export function loadContract(file = CONTRACT_FILE): Contract {
  const document = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  const operations: ContractOperation[] = [];
  for (const [path, item] of Object.entries<JsonSchema>(document['paths'] ?? {})) {
    for (const method of METHODS) {
      const operation = item[method] as JsonSchema | undefined;
      if (!operation) continue;
      const content = operation['requestBody']?.content as Record<string, { schema: JsonSchema }> | undefined;
      const [mediaType, media] = Object.entries(content ?? {})[0] ?? [];
      operations.push({
        key: `${method.toUpperCase()} ${path}`,
        method,
        path,
        operationId: operation['operationId'],
        parameters: [...(item['parameters'] ?? []), ...(operation['parameters'] ?? [])],
        body: mediaType && media ? { mediaType, schema: media.schema, required: operation['requestBody']?.required ?? false } : undefined,
        responses: operation['responses'] ?? {},
      });
    }
  }
  const resolve = (schema: JsonSchema | undefined): JsonSchema | undefined => {
    let current = schema;
    for (let depth = 0; current && typeof current['$ref'] === 'string' && depth < 20; depth++) {
      const ref = current['$ref'] as string;
      current = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<JsonSchema | undefined>((node, part) => node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], document);
    }
    return current;
  };
  return { document, operations, resolve };
}

/** Fills `{name}` placeholders of a contract path. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/\{([^}]+)\}/g, (_all, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`No value for path parameter ${name} of ${path}`);
    return encodeURIComponent(value);
  });
}

/** The error body every `/api` error has; `/v1` answers in OpenAI's shape. */
export const API_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['statusCode', 'code', 'message'],
  additionalProperties: false,
  properties: {
    statusCode: { type: 'integer' },
    code: { type: 'string', minLength: 1 },
    message: { type: 'string' },
    details: {
      type: 'array',
      items: {
        type: 'object',
        required: ['field', 'message'],
        additionalProperties: false,
        // The rule broken and its values, for a client that says the field's problem in its own words.
        properties: { field: { type: 'string' }, message: { type: 'string' }, constraint: { type: 'string', minLength: 1 }, params: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } } },
      },
    },
    // The message's values (names, raw numbers), for a client that shows its own translation of `code`.
    params: { type: 'object', additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }] } },
  },
};

export const OPENAI_ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error'],
  additionalProperties: false,
  properties: {
    error: {
      type: 'object',
      required: ['message', 'type'],
      properties: { message: { type: 'string' }, type: { type: 'string' }, code: { type: ['string', 'null'] }, param: { type: ['string', 'null'] } },
    },
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ResponseLike {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  text?: string;
}

/**
 * Holds answers to the contract: a JSON answer with a documented schema for its status must fit
 * it (objects with documented properties may carry no others: an undocumented field is how an
 * entity's internal column leaks), an error must be `{ statusCode, code, message, details? }` with
 * the HTTP status in it (or the schema the contract documents for that status), and an answer
 * whose status the contract does not list is reported when it is a success.
 */
export class ResponseChecker {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly contract: Contract) {
    this.ajv = new Ajv({ allErrors: true, strict: false, logger: false });
    this.ajv.addFormat('uuid', UUID);
    this.ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value));
    this.ajv.addFormat('date', /^\d{4}-\d{2}-\d{2}$/);
    this.ajv.addFormat('uri', (value: string) => URL.canParse(value));
    this.ajv.addFormat('email', /^[^\s@]+@[^\s@]+$/);
    for (const format of ['binary', 'byte', 'int32', 'int64', 'float', 'double', 'password']) this.ajv.addFormat(format, true);
    this.ajv.addSchema({ $id: 'contract', components: strictObjects(toJsonSchema(contract.document['components'] ?? {})) });
  }

  /** What is wrong with this answer to that operation; empty when it holds to the contract. */
  problems(operation: ContractOperation, response: ResponseLike): string[] {
    const type = String(response.headers['content-type'] ?? '');
    const isJson = /^application\/json/.test(type);
    const documented = operation.responses[String(response.status)];
    const isError = response.status >= 400;
    const problems: string[] = [];
    if (!documented && !isError && response.status !== 304) problems.push(`status ${response.status} is not documented (documented: ${Object.keys(operation.responses).join(', ')})`);
    if (response.status >= 500) problems.push(`server error ${response.status}: ${short(response.text ?? JSON.stringify(response.body))}`);
    if (isError) {
      if (!isJson) return [...problems, `an error answered as ${type || 'no content type'}, not JSON`];
      const schema = documented?.content?.['application/json']?.schema ?? (operation.path.startsWith('/v1/') ? OPENAI_ERROR_SCHEMA : API_ERROR_SCHEMA);
      problems.push(...this.check(`${operation.key} ${response.status} error`, schema, response.body));
      const statusCode = (response.body as { statusCode?: unknown } | null)?.statusCode;
      if (!operation.path.startsWith('/v1/') && statusCode !== response.status) problems.push(`statusCode ${String(statusCode)} in a ${response.status} answer`);
      return problems;
    }
    const schema = documented?.content?.['application/json']?.schema;
    if (!schema || !isJson || response.status === 204) return problems;
    return [...problems, ...this.check(`${operation.key} ${response.status}`, schema, response.body)];
  }

  private check(key: string, schema: JsonSchema, body: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(strictObjects(toJsonSchema(schema)));
      this.compiled.set(key, validate);
    }
    if (validate(body)) return [];
    return (validate.errors ?? []).slice(0, 5).map((error) => describe(error, body));
  }
}

function describe(error: ErrorObject, body: unknown): string {
  const where = error.instancePath || '(body)';
  const extra = error.keyword === 'additionalProperties' ? ` (${String(error.params['additionalProperty'])})` : '';
  const value = error.instancePath
    ? error.instancePath
        .split('/')
        .slice(1)
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/')], body)
    : body;
  return `${where} ${error.message ?? error.keyword}${extra}; got ${short(JSON.stringify(value) ?? 'undefined')}`;
}

const short = (text: string) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * OpenAPI 3.0 schema to JSON Schema: `nullable` becomes a `null` alternative, and references to
 * components point at the `contract` schema registered with Ajv.
 */
export function toJsonSchema(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const { nullable, ...rest } = schema as JsonSchema;
  const converted: JsonSchema = {};
  for (const [key, value] of Object.entries(rest)) {
    if (key === '$ref' && typeof value === 'string') converted[key] = value.startsWith('#/') ? `contract${value}` : value;
    else if (key === 'properties' || key === 'patternProperties' || key === 'schemas') converted[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, child]) => [name, toJsonSchema(child)]));
    else converted[key] = toJsonSchema(value);
  }
  return nullable === true ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

/** Objects that document their properties may not carry undocumented ones (responses only). */
function strictObjects(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(strictObjects);
  if (!schema || typeof schema !== 'object') return schema;
  const result: JsonSchema = {};
  for (const [key, value] of Object.entries(schema as JsonSchema)) {
    if (key === 'properties' || key === 'patternProperties' || key === 'schemas') result[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([name, child]) => [name, strictObjects(child)]));
    else result[key] = strictObjects(value);
  }
  if (result['properties'] && result['additionalProperties'] === undefined && !result['allOf'] && !result['anyOf'] && !result['oneOf']) result['additionalProperties'] = false;
  return result;
}
/* eslint-enable @typescript-eslint/no-explicit-any */
