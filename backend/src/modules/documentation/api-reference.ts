import { operationAnchor } from './guides';

/** The part of an OpenAPI 3 document the API tab reads. */
export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  tags?: Array<{ name: string; description?: string }>;
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, Schema> };
}

interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  parameters?: Array<{ name: string; in: string; required?: boolean; description?: string; schema?: Schema }>;
  requestBody?: { required?: boolean; content?: Record<string, { schema?: Schema }> };
  responses?: Record<string, { description?: string }>;
}

type Schema = {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
  nullable?: boolean;
  minimum?: number;
  minLength?: number;
  additionalProperties?: boolean | Schema;
};

export interface ApiParameter {
  name: string;
  in: string;
  required: boolean;
  description: string | null;
  /** `string`, `number`, `boolean`, `string[]`, or the values of an enum (`a | b`). */
  type: string;
}

export interface ApiOperation {
  /** The anchor of the operation in the API tab, which guides link to as `./api.md#<anchor>`. */
  anchor: string;
  method: string;
  path: string;
  operationId: string | null;
  summary: string;
  /** Whether it needs a bearer token (an access token, or a personal access token on `/v1`). */
  authenticated: boolean;
  parameters: ApiParameter[];
  /** The request body's media type, or null without a body. */
  requestContentType: string | null;
  /** An example body built from its schema (JSON, indented), or null. */
  requestExample: string | null;
  /** The status codes it documents, in order. */
  statuses: string[];
}

export interface ApiGroup {
  tag: string;
  description: string | null;
  operations: ApiOperation[];
}

export interface ApiReference {
  title: string;
  version: string;
  groups: ApiGroup[];
  operationCount: number;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];
const MAX_DEPTH = 4;

/** The API tab: every operation of the contract, grouped by its first tag (the area), in the contract's order. */
export function apiReference(document: OpenApiDocument): ApiReference {
  const groups = new Map<string, ApiGroup>();
  const described = new Map((document.tags ?? []).map((tag) => [tag.name, tag.description ?? null]));
  let operationCount = 0;
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const tag = operation.tags?.[0] ?? 'other';
      const group = groups.get(tag) ?? { tag, description: described.get(tag) ?? null, operations: [] };
      groups.set(tag, group);
      const [contentType, media] = Object.entries(operation.requestBody?.content ?? {})[0] ?? [null, undefined];
      const example = media?.schema ? exampleOf(media.schema, document, 0) : undefined;
      group.operations.push({
        anchor: operationAnchor(method, path),
        method: method.toUpperCase(),
        path,
        operationId: operation.operationId ?? null,
        summary: operation.summary ?? '',
        authenticated: (operation.security ?? []).length > 0,
        parameters: (operation.parameters ?? []).map((parameter) => ({
          name: parameter.name,
          in: parameter.in,
          required: parameter.required ?? false,
          description: parameter.description ?? null,
          type: typeOf(parameter.schema ?? {}, document),
        })),
        requestContentType: contentType,
        requestExample: example === undefined ? null : contentType === 'application/json' ? JSON.stringify(example, null, 2) : multipartExample(media!.schema!, document),
        statuses: Object.keys(operation.responses ?? {}),
      });
      operationCount++;
    }
  }
  return { title: document.info.title, version: document.info.version, groups: [...groups.values()].sort((a, b) => a.tag.localeCompare(b.tag)), operationCount };
}

/** Every operation's `METHOD path` key, for checking what guides name. */
export function operationKeys(document: OpenApiDocument): Set<string> {
  const keys = new Set<string>();
  for (const [path, item] of Object.entries(document.paths)) for (const method of METHODS) if (item[method]) keys.add(`${method.toUpperCase()} ${path}`);
  return keys;
}

function resolve(schema: Schema, document: OpenApiDocument): Schema {
  let current = schema;
  for (let hops = 0; current.$ref && hops < 10; hops++) {
    const name = current.$ref.split('/').pop()!;
    current = document.components?.schemas?.[name] ?? {};
  }
  if (current.allOf?.length) return current.allOf.reduce<Schema>((merged, part) => {
    const resolved = resolve(part, document);
    return { ...merged, ...resolved, properties: { ...merged.properties, ...resolved.properties }, required: [...(merged.required ?? []), ...(resolved.required ?? [])] };
  }, {});
  return current;
}

function typeOf(raw: Schema, document: OpenApiDocument): string {
  const schema = resolve(raw, document);
  if (schema.enum) return schema.enum.map(String).join(' | ');
  if (schema.type === 'array') return `${typeOf(schema.items ?? {}, document)}[]`;
  const type = Array.isArray(schema.type) ? schema.type.filter((t) => t !== 'null').join(' | ') : schema.type;
  return type ?? (schema.oneOf || schema.anyOf ? 'one of several shapes' : 'object');
}

/** A plausible value of a schema: its example, default or first enum value, else one by type (objects list every property). */
function exampleOf(raw: Schema, document: OpenApiDocument, depth: number): unknown {
  const schema = resolve(raw, document);
  if (schema.example !== undefined) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum?.length) return schema.enum[0];
  const variant = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (variant) return exampleOf(variant, document, depth);
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringExample(schema.format);
    case 'integer':
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return true;
    case 'array':
      return depth >= MAX_DEPTH ? [] : [exampleOf(schema.items ?? {}, document, depth + 1)];
    default: {
      if (depth >= MAX_DEPTH || !schema.properties) return {};
      return Object.fromEntries(Object.entries(schema.properties).map(([name, property]) => [name, exampleOf(property, document, depth + 1)]));
    }
  }
}

function stringExample(format: string | undefined): string {
  switch (format) {
    case 'uuid':
      return '3fa85f64-5717-4562-b3fc-2c963f66afa6';
    case 'date-time':
      return '2026-01-01T12:00:00.000Z';
    case 'email':
      return 'ada@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com';
    case 'binary':
      return '@file.pdf';
    default:
      return 'string';
  }
}

/** A multipart body as the `-F` fields of curl. */
function multipartExample(raw: Schema, document: OpenApiDocument): string {
  const schema = resolve(raw, document);
  return Object.entries(schema.properties ?? {})
    .map(([name, property]) => {
      const resolved = resolve(property, document);
      const binary = resolved.format === 'binary' || resolve(resolved.items ?? {}, document).format === 'binary';
      return `-F ${name}=${binary ? '@file.pdf' : String(exampleOf(resolved, document, 1))}`;
    })
    .join(' ');
}
