import type { HttpStepDto, WorkflowBodyDto, WorkflowInputDefDto, WorkflowStepDto } from '../../api/models';

/** The server's limit on steps (`MAX_STEPS` in the combinations engine). */
export const MAX_STEPS = 20;
export const STEP_KINDS = ['text', 'agent', 'image', 'speech', 'video', 'http', 'transform', 'merge', 'pipedream'] as const satisfies readonly WorkflowStepDto['kind'][];
export type StepKind = WorkflowStepDto['kind'];
export const INPUT_TYPES = ['text', 'number', 'choice', 'media'] as const satisfies readonly WorkflowInputDefDto['type'][];
export const TRANSFORM_OPERATIONS = ['extract', 'template', 'split', 'join'] as const;
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
/** Kinds whose step runs a chat model; the generation kinds take a generation model of their own kind. */
export const CHAT_KINDS: readonly StepKind[] = ['text', 'agent', 'merge'];
export const GENERATION_KINDS: readonly StepKind[] = ['image', 'speech', 'video'];

/** A variable the "Insert variable" menu offers: what it inserts, and what it refers to. */
export interface TemplateVariable {
  token: string;
  kind: 'previous' | 'input' | 'step';
  /** The input's or the step's name, for the menu's label. */
  label: string;
}

export function emptyWorkflow(): WorkflowBodyDto {
  return { name: '', description: '', inputs: [], steps: [] };
}

/** A deep copy, so a template or a saved workflow is never changed in place by the builder. */
export function copyWorkflow(workflow: WorkflowBodyDto): WorkflowBodyDto {
  return { name: workflow.name, description: workflow.description ?? '', inputs: structuredClone(workflow.inputs ?? []), steps: structuredClone(workflow.steps) };
}

/** The first free id of the form `<kind>`, `<kind>2`, `<kind>3`… */
export function freeStepId(steps: readonly WorkflowStepDto[], kind: StepKind): string {
  const used = new Set(steps.map((step) => step.id));
  if (!used.has(kind)) return kind;
  let n = 2;
  while (used.has(`${kind}${n}`)) n++;
  return `${kind}${n}`;
}

/** A new step of a kind, with what that kind needs to be valid (a model is chosen by the caller). */
export function newStep(steps: readonly WorkflowStepDto[], kind: StepKind, model?: string): WorkflowStepDto {
  const step: WorkflowStepDto = { id: freeStepId(steps, kind), kind, prompt: steps.length ? '{{input}}' : '' };
  if (model) step.model = model;
  if (kind === 'http') {
    step.http = { method: 'GET', url: '' };
    delete step.prompt;
  }
  if (kind === 'pipedream') {
    step.pipedream = { workflow: '', body: '{}' };
    delete step.prompt;
  }
  if (kind === 'transform') step.transform = { operation: 'template' };
  if (kind === 'merge') step.sources = [];
  return step;
}

/**
 * The variables a step's templates may use: `{{input}}` (when a step runs before it), each declared
 * input, and the output of each EARLIER step. Steps of the same parallel group run at once, so
 * they cannot read one another (the server refuses it as a later step).
 */
export function variablesFor(workflow: WorkflowBodyDto, index: number): TemplateVariable[] {
  const step = workflow.steps[index];
  const earlier = earlierSteps(workflow.steps, index);
  const variables: TemplateVariable[] = [];
  if (earlier.length) variables.push({ token: '{{input}}', kind: 'previous', label: 'input' });
  for (const input of workflow.inputs ?? []) if (input.name) variables.push({ token: `{{inputs.${input.name}}}`, kind: 'input', label: input.label || input.name });
  for (const other of earlier) variables.push({ token: `{{steps.${other.id}.output}}`, kind: 'step', label: other.name || other.id });
  return step ? variables : [];
}

/** The steps that finish before the step at `index` starts (not those of its own parallel group). */
export function earlierSteps(steps: readonly WorkflowStepDto[], index: number): WorkflowStepDto[] {
  const group = steps[index]?.parallelGroup;
  let start = index;
  if (group) while (start > 0 && steps[start - 1]!.parallelGroup === group) start--;
  return steps.slice(0, start);
}

/** Inserts `text` at the caret (`start`–`end`) of `value`; answers the new value and caret. */
export function insertAt(value: string, text: string, start = value.length, end = start): { value: string; caret: number } {
  return { value: value.slice(0, start) + text + value.slice(end), caret: start + text.length };
}

/** Moves a step (drag and drop) and keeps parallel groups whole: a step dropped outside its group leaves it. */
export function moveStep(steps: readonly WorkflowStepDto[], from: number, to: number): WorkflowStepDto[] {
  const next = steps.map((step) => ({ ...step }));
  if (from === to || from < 0 || from >= next.length) return next;
  const target = Math.max(0, Math.min(to, next.length - 1));
  const [moved] = next.splice(from, 1);
  next.splice(target, 0, moved!);
  return normaliseGroups(next);
}

export function removeStep(steps: readonly WorkflowStepDto[], index: number): WorkflowStepDto[] {
  return normaliseGroups(steps.filter((_, i) => i !== index).map((step) => ({ ...step })));
}

/**
 * Runs the step at `index` at the same time as the step before it (joins or starts its group),
 * or, with `parallel` false, takes it out of its group. A group is a run of neighbouring steps.
 */
export function setParallelWithPrevious(steps: readonly WorkflowStepDto[], index: number, parallel: boolean): WorkflowStepDto[] {
  const next = steps.map((step) => ({ ...step }));
  const step = next[index];
  const previous = next[index - 1];
  if (!step) return next;
  if (parallel && previous) {
    const group = previous.parallelGroup ?? freeGroup(next);
    previous.parallelGroup = group;
    step.parallelGroup = group;
    // The steps after it that were in its old group stay with it.
    for (let i = index + 1; i < next.length && next[i]!.parallelGroup && next[i]!.parallelGroup === steps[index]!.parallelGroup; i++) next[i]!.parallelGroup = group;
  } else {
    delete step.parallelGroup;
    // The steps after it in the same group keep running together, as a group of their own.
    const old = steps[index]!.parallelGroup;
    if (old) {
      const rest = freeGroup(next);
      for (let i = index + 1; i < next.length && next[i]!.parallelGroup === old; i++) next[i]!.parallelGroup = rest;
    }
  }
  return normaliseGroups(next);
}

/** True when the step at `index` runs at once with the step before it. */
export function isParallelWithPrevious(steps: readonly WorkflowStepDto[], index: number): boolean {
  const group = steps[index]?.parallelGroup;
  return !!group && steps[index - 1]?.parallelGroup === group;
}

/** Groups as runs of neighbours: a group split in two gets a new name for its second part; a group of one is dropped. */
export function normaliseGroups(steps: WorkflowStepDto[]): WorkflowStepDto[] {
  const seen = new Set<string>();
  let i = 0;
  while (i < steps.length) {
    const group = steps[i]!.parallelGroup;
    let end = i + 1;
    if (group) while (end < steps.length && steps[end]!.parallelGroup === group) end++;
    if (group) {
      if (end - i < 2) delete steps[i]!.parallelGroup;
      else if (seen.has(group)) {
        const renamed = freeGroup(steps, seen);
        for (let j = i; j < end; j++) steps[j]!.parallelGroup = renamed;
        seen.add(renamed);
      } else seen.add(group);
    }
    i = end;
  }
  return steps;
}

function freeGroup(steps: readonly WorkflowStepDto[], taken: ReadonlySet<string> = new Set()): string {
  const used = new Set([...taken, ...steps.map((step) => step.parallelGroup).filter((group): group is string => !!group)]);
  let n = 1;
  while (used.has(`group${n}`)) n++;
  return `group${n}`;
}

/** A 400's field messages, placed: by step index, by input index (the builder), by input name (the run form), and the rest. */
export interface PlacedErrors {
  steps: Partial<Record<number, string[]>>;
  inputs: Partial<Record<number, string[]>>;
  values: Partial<Record<string, string[]>>;
  other: string[];
}

export function noErrors(): PlacedErrors {
  return { steps: {}, inputs: {}, values: {}, other: [] };
}

/**
 * The server's 400 names fields by their JSON path (`steps.2.prompt`, `inputs.0.name`, or at run
 * time `inputs.topic`): each message goes beside the step, the input or the run-form field it names.
 */
export function splitFieldErrors(fieldErrors: Record<string, string>): PlacedErrors {
  const result = noErrors();
  for (const [field, message] of Object.entries(fieldErrors)) {
    const indexed = /^(?:workflow\.)?(steps|inputs)\.(\d+)(?:\.|$)/.exec(field);
    const named = /^inputs\.([A-Za-z][A-Za-z0-9_-]*)$/.exec(field);
    if (indexed) {
      const bucket = result[indexed[1] as 'steps' | 'inputs'];
      (bucket[Number(indexed[2])] ??= []).push(message);
    } else if (named) (result.values[named[1]!] ??= []).push(message);
    else result.other.push(message);
  }
  return result;
}

/** The server's limit on an http step's headers. */
export const MAX_HTTP_HEADERS = 20;

/** An http step's headers as the builder's rows (name, value), in the object's order (a saved workflow's comes back from jsonb, which keeps the pairs, not their order). */
export function headerRows(headers: Record<string, string> | undefined): { name: string; value: string }[] {
  return Object.entries(headers ?? {}).map(([name, value]) => ({ name, value }));
}

/** The headers with the row at `position` changed (renamed keeps its place; a name another row has is refused: no row lost while typing). */
export function changeHeader(headers: Record<string, string> | undefined, position: number, patch: { name?: string; value?: string }): Record<string, string> {
  const rows = headerRows(headers);
  const row = rows[position];
  if (!row) return { ...headers };
  const name = patch.name ?? row.name;
  if (name !== row.name && rows.some((other, i) => i !== position && other.name === name)) return { ...headers };
  rows[position] = { name, value: patch.value ?? row.value };
  return Object.fromEntries(rows.map((r) => [r.name, r.value]));
}

/** A new empty row (none while an unnamed row waits for its name, nor past the limit). */
export function addHeader(headers: Record<string, string> | undefined): Record<string, string> {
  const current = headers ?? {};
  if ('' in current || Object.keys(current).length >= MAX_HTTP_HEADERS) return { ...current };
  return { ...current, '': '' };
}

export function removeHeader(headers: Record<string, string> | undefined, position: number): Record<string, string> {
  return Object.fromEntries(headerRows(headers).filter((_, i) => i !== position).map((r) => [r.name, r.value]));
}

/** The body sent to save or run: empty optional fields left out, the kinds' own settings only. */
export function toWorkflowBody(workflow: WorkflowBodyDto): WorkflowBodyDto {
  const inputs = (workflow.inputs ?? []).map((input) => {
    const out: WorkflowInputDefDto = { name: input.name.trim(), type: input.type };
    if (input.label?.trim()) out.label = input.label.trim();
    if (input.required) out.required = true;
    if (input.default !== undefined && input.default !== '') out.default = input.type === 'number' ? Number(input.default) : input.default;
    if (input.type === 'choice') out.choices = (input.choices ?? []).map((choice) => choice.trim()).filter(Boolean);
    return out;
  });
  const steps = workflow.steps.map((step) => {
    const out: WorkflowStepDto = { id: step.id.trim(), kind: step.kind };
    if (step.name?.trim()) out.name = step.name.trim();
    if (step.model && step.kind !== 'http' && step.kind !== 'transform' && step.kind !== 'pipedream') out.model = step.model;
    if (step.agent && step.kind === 'agent') out.agent = step.agent;
    if (step.prompt !== undefined && step.kind !== 'http' && step.kind !== 'pipedream') out.prompt = step.prompt;
    if (step.parallelGroup) out.parallelGroup = step.parallelGroup;
    if (step.settings && Object.keys(step.settings).length) out.settings = step.settings;
    if (step.kind === 'http' && step.http) out.http = httpBody(step.http);
    if (step.kind === 'transform' && step.transform) out.transform = step.transform;
    if (step.kind === 'pipedream' && step.pipedream) out.pipedream = { workflow: step.pipedream.workflow.trim(), ...(step.pipedream.body?.trim() ? { body: step.pipedream.body } : {}) };
    if (step.kind === 'merge' && step.sources?.length) out.sources = step.sources;
    return out;
  });
  return { name: workflow.name.trim(), description: workflow.description?.trim() ?? '', inputs, steps };
}

/** Header rows without a name are left out (trimmed names); no headers, no `headers` field. */
function httpBody(http: HttpStepDto): HttpStepDto {
  const { headers, ...rest } = http;
  const named = Object.entries(headers ?? {}).flatMap(([name, value]) => (name.trim() ? [[name.trim(), value] as const] : []));
  return named.length ? { ...rest, headers: Object.fromEntries(named) } : rest;
}
