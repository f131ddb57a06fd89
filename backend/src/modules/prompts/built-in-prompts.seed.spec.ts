import { createHash } from 'node:crypto';
import { builtInPromptsSeed } from './built-in-prompts.seed';
import { STARTER_PROMPTS } from './starter-prompts';

describe('builtInPromptsSeed', () => {
  it('gives every built-in prompt a key of its own', () => {
    const slugs = STARTER_PROMPTS.map((prompt) => prompt.slug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) expect(slug).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
    expect(Math.max(...slugs.map((slug) => slug.length))).toBeLessThanOrEqual(64);
  });

  it('has its version raised whenever the built-in prompts change', () => {
    // Changed STARTER_PROMPTS? Raise builtInPromptsSeed.version, so existing installations get the
    // change at their next start, then write the new version and digest here.
    const digest = createHash('sha256').update(JSON.stringify(STARTER_PROMPTS)).digest('hex').slice(0, 16);
    expect({ version: builtInPromptsSeed.version, digest }).toEqual({ version: 1, digest: 'd553c505b2a3bab5' });
  });
});
