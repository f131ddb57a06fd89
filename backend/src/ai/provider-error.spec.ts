import type { Request } from 'express';
import OpenAI from 'openai';
import { AllExceptionsFilter } from '../common/exception.filter';
import { ProviderError, providerLabel, toProviderError } from './provider-error';

describe('toProviderError', () => {
  const withStatus = (status: number, message = 'vendor says no') => Object.assign(new Error(message), { status });

  it.each([
    [401, 'invalid_credentials', false],
    [403, 'invalid_credentials', false],
    [429, 'rate_limited', true],
    [500, 'unavailable', true],
    [503, 'unavailable', true],
    [400, 'bad_request', false],
    [404, 'bad_request', false],
  ] as const)('maps HTTP %i to %s (retryable %s)', (status, code, retryable) => {
    const error = toProviderError('anthropic', withStatus(status));
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'anthropic', code, retryable, status });
    expect(error.message).toContain('Anthropic');
    expect(error.message).toContain('vendor says no');
  });

  it('reads a numeric `code` as the status (Gemini errors)', () => {
    expect(toProviderError('google', Object.assign(new Error('x'), { code: 429 }))).toMatchObject({ code: 'rate_limited', status: 429 });
  });

  it('calls anything after an abort "aborted", whatever was thrown', () => {
    const controller = new AbortController();
    controller.abort();
    expect(toProviderError('openai', withStatus(500), controller.signal)).toMatchObject({ code: 'aborted', retryable: false });
  });

  it('maps timeouts and dropped connections', () => {
    expect(toProviderError('openai', Object.assign(new Error('Request timed out.'), { name: 'APIConnectionTimeoutError' }))).toMatchObject({ code: 'timeout', retryable: true });
    expect(toProviderError('openai', new TypeError('terminated'))).toMatchObject({ code: 'unavailable', retryable: true });
    expect(toProviderError('google', new Error('connect ECONNREFUSED 127.0.0.1:9'))).toMatchObject({ code: 'unavailable' });
    expect(toProviderError('local', 'a string')).toMatchObject({ code: 'unknown', retryable: false });
  });

  it('maps the openai SDK’s own timeout error, which is named plain Error, to timeout', () => {
    const sdkTimeout = new OpenAI.APIConnectionTimeoutError();
    expect(sdkTimeout.name).toBe('Error');
    expect(toProviderError('openai', sdkTimeout)).toMatchObject({ code: 'timeout', retryable: true });
  });

  it('passes a ProviderError through unchanged', () => {
    const original = new ProviderError('openai', 'missing_credentials', 'No key');
    expect(toProviderError('anthropic', original)).toBe(original);
  });

  it('keeps vendor messages short', () => {
    expect(toProviderError('openai', withStatus(500, 'x'.repeat(5000))).message.length).toBeLessThan(400);
  });

  it('labels every provider', () => {
    expect(['openai', 'anthropic', 'google', 'openai-compatible', 'local'].map((p) => providerLabel(p as never))).toEqual(['OpenAI', 'Anthropic', 'Google Gemini', 'OpenAI-compatible endpoint', 'Local (offline)']);
  });
});

describe('ProviderError as an API answer', () => {
  const filter = new AllExceptionsFilter();
  const answer = (error: ProviderError) => filter.toBody(error, {} as Request);

  it.each([
    ['missing_credentials', 400, 'PROVIDER_MISSING_CREDENTIALS'],
    ['rate_limited', 429, 'PROVIDER_RATE_LIMITED'],
    ['timeout', 504, 'PROVIDER_TIMEOUT'],
    ['invalid_credentials', 502, 'PROVIDER_INVALID_CREDENTIALS'],
    ['unavailable', 502, 'PROVIDER_UNAVAILABLE'],
    ['bad_request', 502, 'PROVIDER_BAD_REQUEST'],
    ['stream_interrupted', 502, 'PROVIDER_STREAM_INTERRUPTED'],
    ['unknown', 502, 'PROVIDER_UNKNOWN'],
  ] as const)('%s answers %i %s, naming the provider', (code, statusCode, publicCode) => {
    expect(answer(new ProviderError('anthropic', code, 'Anthropic says no'))).toEqual({ statusCode, code: publicCode, message: 'Anthropic says no', params: { provider: 'anthropic' } });
  });
});
