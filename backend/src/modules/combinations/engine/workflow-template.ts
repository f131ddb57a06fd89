/**
 * The templates of a workflow's steps: `{{input}}` (the previous step's output), `{{inputs.<name>}}`
 * (a declared input) and `{{steps.<stepId>.output}}` (any earlier step). Nothing else is evaluated:
 * no expressions, no code, no filters.
 */

export type TemplateVariable =
  | { raw: string; kind: 'input' }
  | { raw: string; kind: 'inputs'; name: string }
  | { raw: string; kind: 'steps'; stepId: string }
  | { raw: string; kind: 'unknown' };

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const INPUTS = /^inputs\.([A-Za-z][A-Za-z0-9_-]*)$/;
const STEPS = /^steps\.([A-Za-z][A-Za-z0-9_-]*)\.output$/;

function parse(raw: string, body: string): TemplateVariable {
  if (body === 'input') return { raw, kind: 'input' };
  const input = INPUTS.exec(body);
  if (input) return { raw, kind: 'inputs', name: input[1]! };
  const step = STEPS.exec(body);
  if (step) return { raw, kind: 'steps', stepId: step[1]! };
  return { raw, kind: 'unknown' };
}

/** Every `{{...}}` of a template, in order. */
export function templateVariables(template: string): TemplateVariable[] {
  return [...template.matchAll(PLACEHOLDER)].map((match) => parse(match[0], match[1]!));
}

/** What a template is rendered with: the previous output, the run's inputs and the outputs so far. */
export interface TemplateScope {
  input: string;
  inputs: Readonly<Record<string, string | number>>;
  steps: Readonly<Record<string, string>>;
}

/**
 * Replaces every variable by its value, in one pass (a value that itself contains `{{...}}` is
 * not rendered again). A variable with no value renders empty; the validator makes sure none is
 * unknown before a run starts.
 */
export function renderTemplate(template: string, scope: TemplateScope): string {
  return template.replace(PLACEHOLDER, (raw, body: string) => {
    const variable = parse(raw, body);
    switch (variable.kind) {
      case 'input':
        return scope.input;
      case 'inputs':
        return String(scope.inputs[variable.name] ?? '');
      case 'steps':
        return scope.steps[variable.stepId] ?? '';
      case 'unknown':
        return raw;
    }
  });
}
