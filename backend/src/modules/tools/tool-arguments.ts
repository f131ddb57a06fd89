import { Logger } from '@nestjs/common';
import Ajv, { type ErrorObject, type Options, type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import type { Tool } from './tool';

/** Lists what is wrong with a call's arguments ("expression: must be string"); empty when they fit. */
export type ArgumentCheck = (args: Record<string, unknown>) => string[];

const AJV_OPTIONS: Options = {
  allErrors: true,
  // MCP servers write schemas of every dialect and habit: unknown keywords and formats are not errors.
  strict: false,
  validateFormats: false,
  // Compiled schemas are kept here, not in Ajv, whose registry would grow with every turn's MCP tools.
  addUsedSchema: false,
  logger: false,
};
/** Draft 2020-12 is what MCP specifies; draft-07 is what many servers still emit. */
const dialects = [new Ajv2020(AJV_OPTIONS), new Ajv(AJV_OPTIONS)];

const MAX_CACHED = 500;
const bySchema = new Map<string, ArgumentCheck>();
const byTool = new WeakMap<Tool, ArgumentCheck>();
const logger = new Logger('ToolArguments');

/** The tool's check, compiled once per tool (and once per distinct schema, for MCP tools opened each turn). */
export function argumentValidator(tool: Tool): ArgumentCheck {
  let check = byTool.get(tool);
  if (!check) {
    check = compiled(tool);
    byTool.set(tool, check);
  }
  return check;
}

function compiled(tool: Tool): ArgumentCheck {
  const key = JSON.stringify(tool.parameters ?? {});
  const known = bySchema.get(key);
  if (known) return known;
  const check = compile(tool);
  if (bySchema.size >= MAX_CACHED) bySchema.delete(bySchema.keys().next().value!);
  bySchema.set(key, check);
  return check;
}

function compile(tool: Tool): ArgumentCheck {
  // `$schema` names a dialect; each Ajv here knows only its own, so the choice is made by trying.
  const { $schema: _dialect, ...schema } = (tool.parameters ?? {}) as Record<string, unknown>;
  for (const ajv of dialects) {
    let validate: ValidateFunction;
    try {
      validate = ajv.compile(schema);
    } catch {
      continue;
    }
    return (args) => (validate(args) ? [] : describeErrors(validate.errors ?? []));
  }
  // The tool's own server still checks what it gets; Webox only loses its early, clearer message.
  logger.warn(`The parameters schema of tool ${tool.name} does not compile; its arguments are passed unchecked`);
  return () => [];
}

/** Ajv's errors as "field: problem", the field as a dotted path (`items.0.name`). */
export function describeErrors(errors: readonly ErrorObject[]): string[] {
  const lines = errors
    .filter((error) => error.keyword !== 'if')
    .map((error) => {
      const path = error.instancePath
        .split('/')
        .slice(1)
        .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
      const params = error.params as Record<string, unknown>;
      if (error.keyword === 'required') return `${[...path, String(params['missingProperty'])].join('.')}: is required`;
      if (error.keyword === 'additionalProperties') return `${[...path, String(params['additionalProperty'])].join('.')}: is not a known argument`;
      if (error.keyword === 'enum') return `${path.join('.') || 'arguments'}: must be one of ${(params['allowedValues'] as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`;
      return `${path.join('.') || 'arguments'}: ${error.message ?? 'is invalid'}`;
    });
  return [...new Set(lines)];
}
