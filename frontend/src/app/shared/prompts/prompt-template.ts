/**
 * The prompt body syntax, parsed in the browser for the editor's live preview and the "use"
 * dialogs: `{{name}}` is a required variable, `{{name|default}}` an optional one. Same rules as
 * the server (`backend/src/modules/prompts/prompt-template.ts`): names are case-insensitive,
 * listed once in order of first appearance; a stray `{{` or `}}` makes the body malformed.
 */
export interface TemplateVariable {
  name: string;
  /** Present for optional variables. */
  defaultValue?: string;
}

const PLACEHOLDER = /\{\{\s*([a-z_][a-z0-9_]*)\s*(?:\|([^{}|]*))?\}\}/gi;

export interface ParsedTemplate {
  variables: TemplateVariable[];
  /** True when the body holds a `{{` or `}}` that is not part of a placeholder. */
  malformed: boolean;
}

export function parseTemplate(body: string): ParsedTemplate {
  const rest = body.replace(PLACEHOLDER, '');
  const malformed = rest.includes('{{') || rest.includes('}}');
  const variables = new Map<string, TemplateVariable>();
  for (const [, name, defaultValue] of body.matchAll(PLACEHOLDER)) {
    const key = name!.toLowerCase();
    const known = variables.get(key);
    if (!known) variables.set(key, { name: key, ...(defaultValue !== undefined ? { defaultValue: defaultValue.trim() } : {}) });
    else if (known.defaultValue === undefined && defaultValue !== undefined) known.defaultValue = defaultValue.trim();
  }
  return { variables: [...variables.values()], malformed };
}

/** Fills the placeholders (a blank value falls back to the default); lists the required variables left empty. */
export function renderTemplate(body: string, values: Readonly<Record<string, string>>): { text: string; missing: string[] } {
  const { variables } = parseTemplate(body);
  const given = Object.fromEntries(Object.entries(values).map(([key, value]) => [key.toLowerCase(), value]));
  const missing = variables.filter((v) => v.defaultValue === undefined && !given[v.name]?.trim()).map((v) => v.name);
  const defaults = Object.fromEntries(variables.map((v) => [v.name, v.defaultValue]));
  const text = body.replace(PLACEHOLDER, (_match, name: string) => {
    const key = name.toLowerCase();
    return given[key]?.trim() ? given[key] : (defaults[key] ?? '');
  });
  return { text, missing };
}
