import { curlExample, exampleInputs, hookUrl, pipedreamExample } from './automation-examples';

describe('automation examples', () => {
  const url = hookUrl('https://webox.example.com/', '00000000-0000-4000-8000-000000000001');

  it('builds the hook URL from the origin', () => {
    expect(url).toBe('https://webox.example.com/api/automation/hooks/00000000-0000-4000-8000-000000000001');
  });

  it('fills an example body from the workflow inputs: defaults, then a value of the right kind', () => {
    expect(
      exampleInputs([
        { name: 'topic', type: 'text', required: true },
        { name: 'count', type: 'number', required: false },
        { name: 'tone', type: 'choice', required: false, choices: ['warm', 'dry'] },
        { name: 'lang', type: 'text', required: false, default: 'fr' },
      ]),
    ).toEqual({ topic: 'your topic', count: 1, tone: 'warm', lang: 'fr' });
  });

  it('writes a curl call with the secret when it is shown, an environment variable otherwise, quoting for the shell', () => {
    const withSecret = curlExample(url, 'whk_abc', { topic: "it's" });
    expect(withSecret).toContain(`curl -X POST '${url}?wait=true'`);
    expect(withSecret).toContain(`-H 'Authorization: Bearer whk_abc'`);
    expect(withSecret).toContain(`-d '{"topic":"it'\\''s"}'`);
    expect(curlExample(url, null, {})).toContain('Bearer $WEBOX_HOOK_SECRET');
  });

  it('writes a Pipedream code step that reads the secret from its environment', () => {
    const code = pipedreamExample(url, { topic: 'tides' });
    expect(code).toContain('export default defineComponent');
    expect(code).toContain(`fetch("${url}?wait=true"`);
    expect(code).toContain('process.env.WEBOX_HOOK_SECRET');
    expect(code).toContain('JSON.stringify({"topic":"tides"})');
    expect(code).not.toContain('whk_');
  });
});
