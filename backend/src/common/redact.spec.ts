import { redactSecrets, redactUrl, redactUrlsIn } from './redact';

describe('redactSecrets', () => {
  it('cuts the values of credential parameters out of URLs, and keeps the others', () => {
    expect(redactSecrets('/api/media/files/1/content?token=eyJhbGciOi.abc&download=1')).toBe('/api/media/files/1/content?token=[redacted]&download=1');
    expect(redactSecrets('https://x.test/mcp?api_key=k1&apiKey=k2&access_token=k3&X-Amz-Signature=k4&client_secret=k5&sig=k6&page=2')).toBe(
      'https://x.test/mcp?api_key=[redacted]&apiKey=[redacted]&access_token=[redacted]&X-Amz-Signature=[redacted]&client_secret=[redacted]&sig=[redacted]&page=2',
    );
    expect(redactSecrets('https://x.test/cb#access_token=abc&state=s')).toBe('https://x.test/cb#access_token=[redacted]&state=s');
    expect(redactSecrets('failed: token=abc123 was refused')).toBe('failed: token=[redacted] was refused');
  });

  it('cuts user information out of URLs of any scheme', () => {
    expect(redactSecrets('GET https://ada:s3cret@example.com/x failed')).toBe('GET https://[redacted]@example.com/x failed');
    expect(redactSecrets('redis://:p%40ss@redis:6379/0')).toBe('redis://[redacted]@redis:6379/0');
    expect(redactSecrets('mail ada@example.com stays')).toBe('mail ada@example.com stays');
  });

  it('cuts bearer tokens and keys by their shapes', () => {
    expect(redactSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.sig')).toBe('Authorization: Bearer [redacted]');
    expect(redactSecrets('Incorrect API key provided: sk-proj-abcdefghijklmnop1234')).toBe('Incorrect API key provided: [redacted]');
    expect(redactSecrets('wbx_AbCdEfGhIjKlMnOpQrStUv and AIzaSyA1234567890abcdefgh and r8_abcdefghijklmnopq')).toBe('[redacted] and [redacted] and [redacted]');
    expect(redactSecrets('scikit uses sk-learn')).toBe('scikit uses sk-learn');
  });

  it('keeps JSON log lines valid', () => {
    const line = JSON.stringify({ req: { url: '/api/x?token=abc"def&key=k' }, msg: 'see https://u:p@h/' });
    expect(JSON.parse(redactSecrets(line))).toEqual({ req: { url: '/api/x?token=[redacted]"def&key=[redacted]' }, msg: 'see https://[redacted]@h/' });
  });

  it('runs in linear time on hostile input', () => {
    const hostile = ['?'.repeat(200_000), `?${'a'.repeat(200_000)}`, 'a://'.repeat(50_000), `${'a.'.repeat(100_000)}://`, `Bearer ${' '.repeat(200_000)}`, `?${'token'.repeat(40_000)}`, '=&'.repeat(100_000)];
    for (const text of hostile) {
      const started = performance.now();
      redactSecrets(text);
      expect(performance.now() - started).toBeLessThan(500);
    }
  });
});

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
