import { DomainError, FieldProblem } from '../../../common/domain-error';
import { AiErrorCode } from '../../../ai/ai.errors';
import { CombinationErrorCode } from '../combinations.errors';
import {
  batchesOf,
  HTTP_METHODS,
  HttpMethod,
  IDENTIFIER,
  INPUT_TYPES,
  InputType,
  MAX_INPUTS,
  MAX_STEPS,
  mergeSources,
  STEP_KINDS,
  StepKind,
  TRANSFORM_OPERATIONS,
  TransformOperation,
  WorkflowDefinition,
  WorkflowInput,
  WorkflowStep,
} from './workflow-definition';
import { templateVariables } from './workflow-template';

/** Which catalogue capability a step's model must have. */
export const MODEL_CAPABILITY: Partial<Record<StepKind, 'chat' | 'image' | 'speech' | 'video'>> = {
  text: 'chat',
  merge: 'chat',
  agent: 'chat',
  image: 'image',
  speech: 'speech',
  video: 'video',
};
/** Kinds that cannot run without a model. */
const NEEDS_MODEL: readonly StepKind[] = ['text', 'merge', 'image', 'speech', 'video'];
/** Kinds that cannot run without a prompt. */
const NEEDS_PROMPT: readonly StepKind[] = ['text', 'agent', 'image', 'speech', 'video'];

export const MAX_TEMPLATE_CHARS = 20_000;
const MAX_NAME_CHARS = 120;
const MAX_DESCRIPTION_CHARS = 2_000;

export interface ValidatorOptions {
  /** True when `id` is a catalogue model with that capability. */
  hasModel(id: string, capability: 'chat' | 'image' | 'speech' | 'video'): boolean;
}

/** One problem, with the code it is answered with. */
interface Problem extends FieldProblem {
  /** A model unknown or of the wrong capability is the AI layer's UNKNOWN_MODEL, as everywhere else. */
  code: CombinationErrorCode | AiErrorCode.UNKNOWN_MODEL;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const stepLabel = (step: { id?: unknown }, index: number) => (typeof step.id === 'string' && step.id ? `Step "${step.id}"` : `Step ${index + 1}`);

/**
 * Checks a workflow (as sent, imported or stored) and returns it normalised, or throws one 400
 * that lists every problem: `details[].field` is the JSON path (`steps.2.prompt`), the message names
 * the step and the variable. The code is the first problem's.
 */
export function validateWorkflow(body: unknown, options: ValidatorOptions): WorkflowDefinition {
  const problems: Problem[] = [];
  const add = (code: Problem['code'], field: string, message: string) => problems.push({ code, field, message });
  if (!isObject(body)) throw toError([{ code: CombinationErrorCode.INVALID_WORKFLOW, field: 'workflow', message: 'the workflow must be a JSON object with name, inputs and steps' }]);

  const name = typeof body['name'] === 'string' ? body['name'].trim() : '';
  if (!name || name.length > MAX_NAME_CHARS) add(CombinationErrorCode.INVALID_WORKFLOW, 'name', `name must be 1 to ${MAX_NAME_CHARS} characters`);
  const description = body['description'] === undefined ? undefined : typeof body['description'] === 'string' ? body['description'] : null;
  if (description === null || (description && description.length > MAX_DESCRIPTION_CHARS)) add(CombinationErrorCode.INVALID_WORKFLOW, 'description', `description must be text of at most ${MAX_DESCRIPTION_CHARS} characters`);

  const inputs = checkInputs(body['inputs'], add);
  const rawSteps = body['steps'];
  if (!Array.isArray(rawSteps) || rawSteps.length === 0) {
    add(CombinationErrorCode.INVALID_WORKFLOW, 'steps', 'steps must be a list of 1 to 20 steps');
    throw toError(problems);
  }
  if (rawSteps.length > MAX_STEPS) {
    add(CombinationErrorCode.TOO_MANY_STEPS, 'steps', `a workflow has at most ${MAX_STEPS} steps; this one has ${rawSteps.length}`);
    throw toError(problems);
  }
  const steps = rawSteps.map((raw, index) => checkStep(raw, index, options, add));
  const ids = new Set<string>();
  steps.forEach((step, index) => {
    if (ids.has(step.id)) add(CombinationErrorCode.INVALID_WORKFLOW, `steps.${index}.id`, `${stepLabel(step, index)}: another step has the id "${step.id}"`);
    ids.add(step.id);
  });
  checkGroups(steps, add);
  if (!problems.length) checkReferences(steps, inputs, add);
  if (problems.length) throw toError(problems);
  return { name, ...(description ? { description } : {}), inputs, steps };
}

function toError(problems: Problem[]): DomainError {
  const first = problems[0]!;
  return new DomainError('invalid', first.code, first.message, problems.map(({ field, message }) => ({ field, message })));
}

type Add = (code: Problem['code'], field: string, message: string) => void;

function checkInputs(raw: unknown, add: Add): WorkflowInput[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw) || raw.length > MAX_INPUTS) {
    add(CombinationErrorCode.INVALID_WORKFLOW, 'inputs', `inputs must be a list of at most ${MAX_INPUTS} inputs`);
    return [];
  }
  const names = new Set<string>();
  return raw.flatMap((input, index): WorkflowInput[] => {
    const at = `inputs.${index}`;
    if (!isObject(input)) {
      add(CombinationErrorCode.INVALID_WORKFLOW, at, `${at} must be an object with name and type`);
      return [];
    }
    const name = input['name'];
    if (typeof name !== 'string' || !IDENTIFIER.test(name)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.name`, `${at}.name must be a letter then up to 39 letters, digits, _ or -`);
    else if (names.has(name)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.name`, `two inputs are named "${name}"`);
    if (typeof name === 'string') names.add(name);
    const type = input['type'] ?? 'text';
    if (!(INPUT_TYPES as readonly unknown[]).includes(type)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.type`, `${at}.type must be one of ${INPUT_TYPES.join(', ')}`);
    const choices = input['choices'];
    const validChoices = Array.isArray(choices) && choices.length > 0 && choices.length <= 50 && choices.every((choice) => typeof choice === 'string' && choice.length > 0 && choice.length <= 200);
    if (type === 'choice' && !validChoices) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.choices`, `${at}.choices must list 1 to 50 values for a choice input`);
    const value = input['default'];
    if (value !== undefined && !(typeof value === 'string' && value.length <= MAX_TEMPLATE_CHARS) && !(typeof value === 'number' && Number.isFinite(value))) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.default`, `${at}.default must be text or a number`);
    if (input['required'] !== undefined && typeof input['required'] !== 'boolean') add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.required`, `${at}.required must be true or false`);
    const label = typeof input['label'] === 'string' ? input['label'].slice(0, MAX_NAME_CHARS) : undefined;
    return [
      {
        name: String(name),
        type: type as InputType,
        ...(label ? { label } : {}),
        required: input['required'] === true,
        ...(value !== undefined ? { default: value as string | number } : {}),
        ...(type === 'choice' && validChoices ? { choices: choices as string[] } : {}),
      },
    ];
  });
}

function checkStep(raw: unknown, index: number, options: ValidatorOptions, add: Add): WorkflowStep {
  const at = `steps.${index}`;
  if (!isObject(raw)) {
    add(CombinationErrorCode.INVALID_WORKFLOW, at, `Step ${index + 1} must be an object with id and kind`);
    return { id: `#${index}`, kind: 'text' };
  }
  const label = stepLabel(raw, index);
  const id = raw['id'];
  if (typeof id !== 'string' || !IDENTIFIER.test(id)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.id`, `${label}: id must be a letter then up to 39 letters, digits, _ or -`);
  const kind = raw['kind'];
  if (!(STEP_KINDS as readonly unknown[]).includes(kind)) {
    add(CombinationErrorCode.UNKNOWN_STEP_KIND, `${at}.kind`, `${label}: unknown kind ${JSON.stringify(kind)}; a step is one of ${STEP_KINDS.join(', ')}`);
    return { id: String(id), kind: 'text' };
  }
  const step: WorkflowStep = { id: String(id), kind: kind as StepKind };
  const text = (field: string, max: number): string | undefined => {
    const value = raw[field];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > max) {
      add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.${field}`, `${label}: ${field} must be text of at most ${max} characters`);
      return undefined;
    }
    return value;
  };
  const name = text('name', MAX_NAME_CHARS);
  if (name) step.name = name;
  const prompt = text('prompt', MAX_TEMPLATE_CHARS);
  if (prompt !== undefined) step.prompt = prompt;
  if (NEEDS_PROMPT.includes(step.kind) && !prompt?.trim()) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.prompt`, `${label}: a ${step.kind} step needs a prompt`);
  const group = raw['parallelGroup'];
  if (group !== undefined) {
    if (typeof group !== 'string' || !IDENTIFIER.test(group)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.parallelGroup`, `${label}: parallelGroup must be a short name (letters, digits, _ or -)`);
    else step.parallelGroup = group;
  }

  const model = raw['model'];
  const capability = MODEL_CAPABILITY[step.kind];
  if (model !== undefined || NEEDS_MODEL.includes(step.kind)) {
    if (!capability) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.model`, `${label}: a ${step.kind} step takes no model`);
    else if (typeof model !== 'string' || !model) add(AiErrorCode.UNKNOWN_MODEL, `${at}.model`, `${label}: a ${step.kind} step needs a ${capability} model`);
    else if (!options.hasModel(model, capability)) add(AiErrorCode.UNKNOWN_MODEL, `${at}.model`, `${label}: "${model}" is not a ${capability} model Webox knows`);
    else step.model = model;
  }
  if (step.kind === 'agent') {
    const agent = raw['agent'];
    if (typeof agent !== 'string' || !agent || agent.length > 64) add(CombinationErrorCode.UNKNOWN_AGENT, `${at}.agent`, `${label}: an agent step names an agent (its id, or a built-in agent's type)`);
    else step.agent = agent;
  }
  const settings = checkSettings(raw['settings'], `${at}.settings`, label, add);
  if (settings) step.settings = settings;
  if (step.kind === 'http') {
    const http = raw['http'];
    if (!isObject(http) || typeof http['url'] !== 'string' || !http['url'].trim() || http['url'].length > 4_000) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.http.url`, `${label}: an http step needs http.url (a template of at most 4000 characters)`);
    else {
      const method = http['method'] ?? 'GET';
      if (!(HTTP_METHODS as readonly unknown[]).includes(method)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.http.method`, `${label}: http.method must be one of ${HTTP_METHODS.join(', ')}`);
      const headers = http['headers'];
      const validHeaders = headers === undefined || (isObject(headers) && Object.keys(headers).length <= 20 && Object.entries(headers).every(([key, value]) => /^[A-Za-z0-9-]{1,64}$/.test(key) && typeof value === 'string' && value.length <= 2_000));
      if (!validHeaders) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.http.headers`, `${label}: http.headers must map at most 20 header names to text`);
      const body = http['body'];
      if (body !== undefined && (typeof body !== 'string' || body.length > MAX_TEMPLATE_CHARS)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.http.body`, `${label}: http.body must be a template of at most ${MAX_TEMPLATE_CHARS} characters`);
      step.http = { method: method as HttpMethod, url: http['url'], ...(validHeaders && headers ? { headers: headers as Record<string, string> } : {}), ...(typeof body === 'string' ? { body } : {}) };
    }
  }
  if (step.kind === 'pipedream') {
    const pipedream = raw['pipedream'];
    if (!isObject(pipedream) || typeof pipedream['workflow'] !== 'string' || !pipedream['workflow'].trim() || pipedream['workflow'].length > 4_000) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.pipedream.workflow`, `${label}: a pipedream step needs pipedream.workflow (its HTTP trigger URL or endpoint id, a template of at most 4000 characters)`);
    else {
      const body = pipedream['body'];
      if (body !== undefined && (typeof body !== 'string' || body.length > MAX_TEMPLATE_CHARS)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.pipedream.body`, `${label}: pipedream.body must be a JSON template of at most ${MAX_TEMPLATE_CHARS} characters`);
      step.pipedream = { workflow: pipedream['workflow'], ...(typeof body === 'string' ? { body } : {}) };
    }
  }
  if (step.kind === 'transform') {
    const transform = raw['transform'];
    const operation = isObject(transform) ? transform['operation'] : undefined;
    if (!isObject(transform) || !(TRANSFORM_OPERATIONS as readonly unknown[]).includes(operation)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.transform.operation`, `${label}: transform.operation must be one of ${TRANSFORM_OPERATIONS.join(', ')}`);
    else {
      const path = transform['path'];
      if (operation === 'extract' && (typeof path !== 'string' || !/^[A-Za-z0-9_$-]+(\[\d+\])*(\.[A-Za-z0-9_$-]+(\[\d+\])*)*$/.test(path) || path.length > 200)) {
        add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.transform.path`, `${label}: extract needs transform.path, a field path such as "data.items[0].title"`);
      }
      const separator = transform['separator'];
      if (separator !== undefined && (typeof separator !== 'string' || separator.length > 100)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.transform.separator`, `${label}: transform.separator must be text of at most 100 characters`);
      step.transform = { operation: operation as TransformOperation, ...(typeof path === 'string' ? { path } : {}), ...(typeof separator === 'string' ? { separator } : {}) };
    }
  }
  if (step.kind === 'merge' && raw['sources'] !== undefined) {
    const sources = raw['sources'];
    if (!Array.isArray(sources) || sources.length > MAX_STEPS || !sources.every((source) => typeof source === 'string')) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.sources`, `${label}: sources must list step ids`);
    else step.sources = sources as string[];
  }
  return step;
}

function checkSettings(raw: unknown, at: string, label: string, add: Add): WorkflowStep['settings'] {
  if (raw === undefined) return undefined;
  if (!isObject(raw)) {
    add(CombinationErrorCode.INVALID_WORKFLOW, at, `${label}: settings must be an object`);
    return undefined;
  }
  const settings: NonNullable<WorkflowStep['settings']> = {};
  const number = (key: 'temperature' | 'maxOutputTokens' | 'durationSeconds', min: number, max: number, integer: boolean) => {
    const value = raw[key];
    if (value === undefined) return;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.${key}`, `${label}: ${key} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max}`);
    else settings[key] = value;
  };
  number('temperature', 0, 2, false);
  number('maxOutputTokens', 1, 100_000, true);
  number('durationSeconds', 1, 600, true);
  for (const key of ['systemPrompt', 'size', 'voice'] as const) {
    const value = raw[key];
    if (value === undefined) continue;
    if (typeof value !== 'string' || value.length > (key === 'systemPrompt' ? MAX_TEMPLATE_CHARS : 64)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.${key}`, `${label}: ${key} must be text`);
    else settings[key] = value;
  }
  const ratio = raw['aspectRatio'];
  if (ratio !== undefined) {
    if (ratio !== '16:9' && ratio !== '9:16' && ratio !== '1:1') add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.aspectRatio`, `${label}: aspectRatio must be 16:9, 9:16 or 1:1`);
    else settings.aspectRatio = ratio;
  }
  const known = ['temperature', 'maxOutputTokens', 'durationSeconds', 'systemPrompt', 'size', 'voice', 'aspectRatio'];
  for (const key of Object.keys(raw)) if (!known.includes(key)) add(CombinationErrorCode.INVALID_WORKFLOW, `${at}.${key}`, `${label}: unknown setting "${key}" (settings are ${known.join(', ')})`);
  return settings;
}

/** The steps of a parallel group stand next to each other. */
function checkGroups(steps: WorkflowStep[], add: Add): void {
  const closed = new Set<string>();
  let current: string | undefined;
  steps.forEach((step, index) => {
    if (step.parallelGroup !== current && current) closed.add(current);
    if (step.parallelGroup && closed.has(step.parallelGroup)) {
      add(CombinationErrorCode.SPLIT_PARALLEL_GROUP, `steps.${index}.parallelGroup`, `Step "${step.id}": the steps of parallel group "${step.parallelGroup}" must be next to each other`);
    }
    current = step.parallelGroup;
  });
}

/** The fields of a step that are templates, by JSON path. */
export function templatesOf(step: WorkflowStep, index: number): Array<{ field: string; template: string }> {
  const at = `steps.${index}`;
  return [
    ...(step.prompt !== undefined ? [{ field: `${at}.prompt`, template: step.prompt }] : []),
    ...(step.settings?.systemPrompt !== undefined ? [{ field: `${at}.settings.systemPrompt`, template: step.settings.systemPrompt }] : []),
    ...(step.http ? [{ field: `${at}.http.url`, template: step.http.url }] : []),
    ...Object.entries(step.http?.headers ?? {}).map(([name, template]) => ({ field: `${at}.http.headers.${name}`, template })),
    ...(step.http?.body !== undefined ? [{ field: `${at}.http.body`, template: step.http.body }] : []),
    ...(step.pipedream ? [{ field: `${at}.pipedream.workflow`, template: step.pipedream.workflow }] : []),
    ...(step.pipedream?.body !== undefined ? [{ field: `${at}.pipedream.body`, template: step.pipedream.body }] : []),
  ];
}

/**
 * Every variable names something that exists and is ready when the step runs: a declared input,
 * or a step of an earlier batch. A step that (through others) reads itself is a cycle.
 */
function checkReferences(steps: WorkflowStep[], inputs: WorkflowInput[], add: Add): void {
  const batchOf = new Map<string, number>();
  batchesOf(steps).forEach((batch, index) => batch.forEach((step) => batchOf.set(step.id, index)));
  const inputNames = new Set(inputs.map((input) => input.name));
  const reads = new Map<string, Array<{ stepId: string; field: string; raw: string }>>();
  steps.forEach((step, index) => {
    const label = `Step "${step.id}"`;
    const own: Array<{ stepId: string; field: string; raw: string }> = [];
    for (const { field, template } of templatesOf(step, index)) {
      for (const variable of templateVariables(template)) {
        if (variable.kind === 'unknown') add(CombinationErrorCode.UNKNOWN_VARIABLE, field, `${label} uses ${variable.raw}: a template may use {{input}}, {{inputs.<name>}} or {{steps.<stepId>.output}}`);
        else if (variable.kind === 'inputs' && !inputNames.has(variable.name)) {
          add(CombinationErrorCode.UNKNOWN_INPUT, field, `${label} uses ${variable.raw}: the workflow declares no input "${variable.name}"${inputNames.size ? ` (its inputs: ${[...inputNames].join(', ')})` : ''}`);
        } else if (variable.kind === 'input' && batchOf.get(step.id) === 0 && !inputs.length) {
          add(CombinationErrorCode.UNKNOWN_INPUT, field, `${label} uses {{input}}, but it runs first and the workflow declares no input to stand for it`);
        } else if (variable.kind === 'steps') own.push({ stepId: variable.stepId, field, raw: variable.raw });
      }
    }
    if (step.kind === 'merge') for (const source of mergeSources(steps, step)) own.push({ stepId: source, field: `steps.${index}.sources`, raw: `"${source}"` });
    reads.set(step.id, own);
  });
  const cyclic = stepsInCycles(reads);
  steps.forEach((step) => {
    for (const { stepId, field, raw } of reads.get(step.id) ?? []) {
      const label = `Step "${step.id}"`;
      if (!batchOf.has(stepId)) add(CombinationErrorCode.UNKNOWN_STEP_REFERENCE, field, `${label} uses ${raw}: there is no step "${stepId}"`);
      else if (cyclic.has(step.id) && cyclic.has(stepId)) add(CombinationErrorCode.STEP_CYCLE, field, `${label} uses ${raw}: ${stepId === step.id ? 'a step cannot read its own output' : `"${stepId}" reads "${step.id}" in turn, a cycle`}`);
      else if (batchOf.get(stepId)! >= batchOf.get(step.id)!) {
        add(CombinationErrorCode.LATER_STEP_REFERENCE, field, `${label} uses ${raw}: "${stepId}" runs ${batchOf.get(stepId) === batchOf.get(step.id) ? 'at the same time (same parallel group)' : 'later'}; a step reads only steps before it`);
      }
    }
  });
}

/** The steps that can reach themselves through what they read. */
function stepsInCycles(reads: Map<string, Array<{ stepId: string }>>): Set<string> {
  const inCycle = new Set<string>();
  for (const start of reads.keys()) {
    const seen = new Set<string>();
    const stack = (reads.get(start) ?? []).map((read) => read.stepId);
    while (stack.length) {
      const next = stack.pop()!;
      if (next === start) {
        inCycle.add(start);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(reads.get(next) ?? []).map((read) => read.stepId));
    }
  }
  return inCycle;
}
