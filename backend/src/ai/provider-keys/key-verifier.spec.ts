import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '../../config/app-config';
import { KeyVerifier, withoutSecret } from './key-verifier';

describe('withoutSecret', () => {
  const key = 'sk-proj-abcdef1234567890wxyz';

  it('removes the key and the partial echoes vendors write of it', () => {
    expect(withoutSecret(`Incorrect API key provided: ${key}.`, key)).toBe('Incorrect API key provided: [key].');
    expect(withoutSecret('Incorrect API key provided: sk-proj-*********************wxyz. You can find your key', key)).toBe('Incorrect API key provided: [key] You can find your key');
  });

  it('leaves a message that does not quote the key as it is, and caps its length', () => {
    expect(withoutSecret('OpenAI refused the API key (401)', key)).toBe('OpenAI refused the API key (401)');
    expect(withoutSecret('x '.repeat(400), key)).toHaveLength(500);
  });
});

describe('KeyVerifier', () => {
  const config = (env: Record<string, string> = {}) => new AppConfig({ WEBOX_DATA_DIR: mkdtempSync(join(tmpdir(), 'webox-key-verifier-')), WEBOX_SECRET_KEY: 'ab'.repeat(32), ...env });

  it('stores Twilio and Pipedream keys unchecked, and every key unchecked when verification is off', async () => {
    const on = new KeyVerifier(config());
    await expect(on.verify({ provider: 'twilio', key: 'twilio-token-1' })).resolves.toEqual({ status: 'unchecked', checkedAt: null, error: null });
    await expect(on.verify({ provider: 'pipedream', key: 'pd-secret-123' })).resolves.toMatchObject({ status: 'unchecked' });
    const off = new KeyVerifier(config({ WEBOX_VERIFY_PROVIDER_KEYS: 'false' }));
    await expect(off.verify({ provider: 'openai', key: 'sk-anything-123' })).resolves.toMatchObject({ status: 'unchecked' });
  });
});
