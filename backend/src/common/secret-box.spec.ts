import { randomBytes } from 'node:crypto';
import { maskSecret, SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox(randomBytes(32));

  it('seals and opens a secret, never storing it in clear', () => {
    const sealed = box.seal('sk-live-abcdef1234567890', 'owner-1');
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('abcdef1234567890');
    expect(box.open(sealed, 'owner-1')).toBe('sk-live-abcdef1234567890');
  });

  it('gives a different ciphertext each time (random IV)', () => {
    expect(box.seal('same', 'o')).not.toBe(box.seal('same', 'o'));
  });

  it('refuses a ciphertext moved to another owner (associated data)', () => {
    const sealed = box.seal('secret-value', 'owner-1');
    expect(() => box.open(sealed, 'owner-2')).toThrow();
  });

  it('refuses a tampered ciphertext', () => {
    const [version, iv, tag, data] = box.seal('secret-value', 'o').split(':');
    const flipped = Buffer.from(data!, 'base64');
    flipped[0] ^= 1;
    expect(() => box.open([version, iv, tag, flipped.toString('base64')].join(':'), 'o')).toThrow();
  });

  it('refuses another master key', () => {
    const sealed = box.seal('secret-value', 'o');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'o')).toThrow();
  });
});

describe('maskSecret', () => {
  it('keeps a recognisable prefix and the last four characters', () => {
    expect(maskSecret('sk-test-1234567890abcd')).toBe('sk-…abcd');
  });

  it('shows almost nothing of a short secret', () => {
    expect(maskSecret('short1234')).toBe('…34');
  });
});
