import { redactSecrets } from './redact';

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
