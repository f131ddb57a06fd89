import { parseVariables } from './prompt-template';
import { STARTER_PROMPTS } from './starter-prompts';
import { PROMPT_TAGS_FR, PROMPT_VARIABLE_LABELS_FR, STARTER_PROMPTS_FR, storedTagsFor } from './starter-prompts.fr';

describe('STARTER_PROMPTS_FR', () => {
  it('has a French version of every built-in prompt, and of nothing else', () => {
    expect(Object.keys(STARTER_PROMPTS_FR).sort()).toEqual(STARTER_PROMPTS.map((prompt) => prompt.slug).sort());
  });

  it.each(STARTER_PROMPTS.map((prompt) => [prompt.slug, prompt] as const))('%s: same variables, each required or optional as in English, with a French label', (slug, english) => {
    const french = STARTER_PROMPTS_FR[slug]!;
    const shape = (body: string) => parseVariables(body).map(({ name, defaultValue }) => ({ name, optional: defaultValue !== undefined }));
    // French word order may name them in another order; the form follows the text.
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(shape(french.body).sort(byName)).toEqual(shape(english.body).sort(byName));
    for (const { name } of parseVariables(french.body)) expect(PROMPT_VARIABLE_LABELS_FR[name]).toEqual(expect.any(String));
  });

  it.each(STARTER_PROMPTS.map((prompt) => [prompt.slug, prompt] as const))('%s: a French title and text, not the English ones', (slug, english) => {
    const french = STARTER_PROMPTS_FR[slug]!;
    expect(french.title.length).toBeGreaterThan(0);
    expect(french.title.length).toBeLessThanOrEqual(120);
    expect(french.title).not.toBe(english.title);
    expect(french.body).not.toBe(english.body);
    // French typography: a non-ASCII apostrophe or accent shows the text was written in French, not copied.
    expect(french.body).toMatch(/[àâçéèêëîïôûùüÿœ’«]/i);
  });

  it('has no label for a variable no built-in prompt uses', () => {
    const used = new Set(STARTER_PROMPTS.flatMap((prompt) => parseVariables(prompt.body).map((variable) => variable.name)));
    expect(Object.keys(PROMPT_VARIABLE_LABELS_FR).filter((name) => !used.has(name))).toEqual([]);
  });

  it('has a French label for every tag of the built-in prompts, and no two tags with the same one', () => {
    const used = [...new Set(STARTER_PROMPTS.flatMap((prompt) => prompt.tags))].sort();
    expect(Object.keys(PROMPT_TAGS_FR).sort()).toEqual(used);
    const labels = Object.values(PROMPT_TAGS_FR);
    expect(new Set(labels).size).toBe(labels.length);
    // A French reader's copy of a built-in prompt keeps them: they must pass the tags' own rule.
    for (const label of labels) expect(label).toMatch(/^[\p{Ll}\p{N}][\p{Ll}\p{N} _-]{0,29}$/u);
  });

  it('finds the English tag a French one stands for', () => {
    expect(storedTagsFor('plan')).toEqual(['plan', 'outline']);
    expect(storedTagsFor('blog')).toEqual(['blog']);
    expect(storedTagsFor('mon-tag')).toEqual(['mon-tag']);
  });
});
