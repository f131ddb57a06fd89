import { redactUrl, redactUrlsIn } from './redact';

describe('redactUrl', () => {
  it('drops user info and the fragment, and masks every query value', () => {
    expect(redactUrl('https://ada:s3cret@mcp.example.com/v1/mcp?key=abc123&region=eu&key=two#frag')).toBe('https://mcp.example.com/v1/mcp?key=***&region=***');
  });

  it('keeps a URL without secrets as it is', () => {
    expect(redactUrl('http://mcp.example.com:8080/mcp')).toBe('http://mcp.example.com:8080/mcp');
  });

  it('never returns an unparsable input whole', () => {
    expect(redactUrl('x'.repeat(500))).toHaveLength(200);
  });
});

describe('redactUrlsIn', () => {
  it('redacts every URL of a sentence and keeps its punctuation', () => {
    const text = 'The MCP server https://tools.example.com/mcp?api_key=sk-live-123 refused (see http://u:p@other.example/x?t=1).';
    const redacted = redactUrlsIn(text);
    expect(redacted).toBe('The MCP server https://tools.example.com/mcp?api_key=*** refused (see http://other.example/x?t=***).');
    expect(redacted).not.toMatch(/sk-live-123|u:p@|t=1/);
  });

  it('scans a long hostile text in linear time', () => {
    const hostile = `${'http://'.repeat(20_000)}${'a'.repeat(200_000)} ${'https:/'.repeat(20_000)} http://x/${'.'.repeat(100_000)}a`;
    const started = performance.now();
    redactUrlsIn(hostile);
    expect(performance.now() - started).toBeLessThan(500);
  });
});
