import type { WorkflowInputDefDto } from '../../api/models';

/** Where a hook is called from outside: the dashboard's own origin and the hook's path. */
export function hookUrl(origin: string, hookId: string): string {
  return `${origin.replace(/\/$/, '')}/api/automation/hooks/${hookId}`;
}

/** An example body from the workflow's inputs: their defaults, else a placeholder of the right type. */
export function exampleInputs(inputs: readonly WorkflowInputDefDto[]): Record<string, string | number> {
  const body: Record<string, string | number> = {};
  for (const input of inputs) {
    if (input.default !== undefined && input.default !== null && input.default !== '') body[input.name] = input.default as string | number;
    else if (input.type === 'number') body[input.name] = 1;
    else if (input.type === 'choice' && input.choices?.length) body[input.name] = input.choices[0]!;
    else body[input.name] = `your ${input.name}`;
  }
  return body;
}

/** Shell-quotes a value for single quotes. */
const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** A ready `curl` call: the secret itself when it was just shown, else an environment variable. */
export function curlExample(url: string, secret: string | null, body: Record<string, unknown>): string {
  return [`curl -X POST ${quote(`${url}?wait=true`)}`, `  -H ${quote(`Authorization: Bearer ${secret ?? '$WEBOX_HOOK_SECRET'}`)}`, `  -H 'Content-Type: application/json'`, `  -d ${quote(JSON.stringify(body))}`].join(' \\\n');
}

/** A Pipedream Node.js code step that calls the hook (the secret kept in a Pipedream environment variable). */
export function pipedreamExample(url: string, body: Record<string, unknown>): string {
  return `export default defineComponent({
  async run({ steps, $ }) {
    const response = await fetch(${JSON.stringify(`${url}?wait=true`)}, {
      method: "POST",
      headers: {
        Authorization: \`Bearer \${process.env.WEBOX_HOOK_SECRET}\`,
        "Content-Type": "application/json",
      },
      body: JSON.stringify(${JSON.stringify(body)}),
    });
    if (!response.ok) throw new Error(\`Webox answered \${response.status}: \${await response.text()}\`);
    return await response.json(); // { runId, status, output, error, finished }
  },
});`;
}
