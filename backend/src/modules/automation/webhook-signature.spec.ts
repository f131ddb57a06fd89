import { newSigningSecret, signWebhook, verifyWebhook } from './webhook-signature';

describe('Standard Webhooks signatures', () => {
  // The reference vector of the Standard Webhooks libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs as the specification does', () => {
    expect(signWebhook(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies the signature, among several, and refuses a changed body, another secret or an old timestamp', () => {
    const headers = { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,bm90IGl0 ${signWebhook(secret, id, timestamp, body)}` };
    const now = timestamp * 1000 + 1000;
    expect(verifyWebhook(secret, headers, body, 300, now)).toBe(true);
    expect(verifyWebhook(secret, headers, body.replace('2', '3'), 300, now)).toBe(false);
    expect(verifyWebhook(newSigningSecret(), headers, body, 300, now)).toBe(false);
    expect(verifyWebhook(secret, headers, body, 300, now + 600_000)).toBe(false);
    expect(verifyWebhook(secret, { ...headers, 'webhook-id': undefined }, body, 300, now)).toBe(false);
  });

  it('makes a new 24-byte secret each time', () => {
    const made = newSigningSecret();
    expect(made).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    expect(newSigningSecret()).not.toBe(made);
  });
});
