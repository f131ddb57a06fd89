/** A `{{name}}` or `{{name|default}}` placeholder in a prompt body. */
export interface PromptVariable {
  name: string;
  /** Present for optional variables. */
  defaultValue?: string;
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*(?:\|([^{}|]*))?\}\}/gi;

export class TemplateError extends Error {}

/**
 * The variables of a body, in order of first appearance. Anything that looks like a placeholder
 * but is not one (`{{`, `{{ 1x }}`, a stray `}}`) is an error, so authors learn of typos at once.
 */
export function parseVariables(body: string): PromptVariable[] {
  const rest = body.replace(PLACEHOLDER, '');
  const stray = rest.indexOf('{{') >= 0 ? '{{' : rest.indexOf('}}') >= 0 ? '}}' : undefined;
  if (stray) throw new TemplateError(`Malformed placeholder: a "${stray}" is not part of a {{name}} or {{name|default}} placeholder`);
  const variables = new Map<string, PromptVariable>();
  for (const [, name, defaultValue] of body.matchAll(PLACEHOLDER)) {
    const key = name!.toLowerCase();
    const known = variables.get(key);
    if (!known) variables.set(key, { name: key, ...(defaultValue !== undefined ? { defaultValue: defaultValue.trim() } : {}) });
    else if (known.defaultValue === undefined && defaultValue !== undefined) known.defaultValue = defaultValue.trim();
  }
  return [...variables.values()];
}

/** Fills the placeholders; returns the names of required variables left without a value. */
export function renderTemplate(body: string, values: Record<string, string>): { text: string; missing: string[] } {
  const variables = parseVariables(body);
  const given = Object.fromEntries(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
  const missing = variables.filter((v) => v.defaultValue === undefined && !given[v.name]?.trim()).map((v) => v.name);
  const defaults = Object.fromEntries(variables.map((v) => [v.name, v.defaultValue]));
  const text = body.replace(PLACEHOLDER, (_match, name: string) => {
    const key = name.toLowerCase();
    return given[key]?.trim() ? given[key]! : (defaults[key] ?? '');
  });
  return { text, missing };
}
