/**
 * A workflow as stored and run: declared inputs and up to MAX_STEPS steps. The DTOs in
 * `dto/workflow.dto.ts` document the same shape for the API; `workflow-validator.ts` checks it.
 */

export const MAX_STEPS = 20;
export const MAX_INPUTS = 20;
export const STEP_KINDS = ['text', 'agent', 'image', 'speech', 'video', 'http', 'transform', 'merge', 'pipedream'] as const;
export type StepKind = (typeof STEP_KINDS)[number];
export const INPUT_TYPES = ['text', 'number', 'choice', 'media'] as const;
export type InputType = (typeof INPUT_TYPES)[number];
export const TRANSFORM_OPERATIONS = ['extract', 'template', 'split', 'join'] as const;
export type TransformOperation = (typeof TRANSFORM_OPERATIONS)[number];
export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];
/** A step id (and an input name): what a template can name after `steps.` or `inputs.`. */
export const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

export interface WorkflowInput {
  name: string;
  type: InputType;
  label?: string;
  required?: boolean;
  /** A text, a number, one of `choices`, or a media-file id. */
  default?: string | number;
  /** The values a `choice` input takes. */
  choices?: string[];
}

export interface StepSettings {
  /** text, merge, agent: sampling. */
  temperature?: number;
  maxOutputTokens?: number;
  /** text, merge: the system message. */
  systemPrompt?: string;
  /** image: `1024x1024`. */
  size?: string;
  /** speech. */
  voice?: string;
  /** video. */
  durationSeconds?: number;
  aspectRatio?: '16:9' | '9:16' | '1:1';
}

export interface HttpStepConfig {
  method?: HttpMethod;
  /** A template. */
  url: string;
  /** Values are templates. */
  headers?: Record<string, string>;
  /** A template; sent as is (JSON when it parses as JSON). */
  body?: string;
}

/** A Pipedream workflow run through the `run_pipedream_workflow` tool (registered by the automation area). */
export interface PipedreamStepConfig {
  /** A template: the workflow's HTTP trigger URL or endpoint id (`en…`). */
  workflow: string;
  /** A template that must render to a JSON object: what the workflow receives (default `{}`). */
  body?: string;
}

export interface TransformStepConfig {
  operation: TransformOperation;
  /** extract: a path into the JSON of `prompt` (`items[0].title`, `data.summary`). */
  path?: string;
  /** split: the separator (default a new line); join: what goes between the parts (default a new line). */
  separator?: string;
}

export interface WorkflowStep {
  id: string;
  name?: string;
  kind: StepKind;
  /** text, merge (chat model), image, speech, video (generation model); agent: overrides the agent's model. */
  model?: string;
  /** agent: an agent id, or the type of a built-in agent (`researcher`). */
  agent?: string;
  /**
   * The template the step works on: the prompt (text, agent, image, video), the words to speak
   * (speech), merge's instruction, transform's source (or the template itself for `template`).
   */
  prompt?: string;
  /** Steps sharing a group run at once; they must be next to each other. */
  parallelGroup?: string;
  settings?: StepSettings;
  http?: HttpStepConfig;
  transform?: TransformStepConfig;
  pipedream?: PipedreamStepConfig;
  /** merge: the steps whose outputs are merged (default: the parallel group just before it, else every earlier step). */
  sources?: string[];
}

export interface WorkflowDefinition {
  name: string;
  description?: string;
  inputs: WorkflowInput[];
  steps: WorkflowStep[];
}

/** The batches a run goes through: one step, or the steps of one parallel group. */
export function batchesOf(steps: readonly WorkflowStep[]): WorkflowStep[][] {
  const batches: WorkflowStep[][] = [];
  for (const step of steps) {
    const last = batches.at(-1);
    if (step.parallelGroup && last?.[0]?.parallelGroup === step.parallelGroup) last.push(step);
    else batches.push([step]);
  }
  return batches;
}

/** The steps a merge step reads: its `sources`, else the batch just before it (a parallel group), else every earlier step. */
export function mergeSources(steps: readonly WorkflowStep[], step: WorkflowStep): string[] {
  if (step.sources?.length) return step.sources;
  const batches = batchesOf(steps);
  const index = batches.findIndex((batch) => batch.includes(step));
  const before = batches[index - 1];
  if (before && before.length > 1) return before.map((s) => s.id);
  return batches.slice(0, index).flat().map((s) => s.id);
}
