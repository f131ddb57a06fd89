import { coverSize, parseOutline, parseTitleExcerpt, sectionMessages } from './blog-ai-text';

describe('blog AI text', () => {
  it('reads an outline from list items and headings, without duplicates or emphasis', () => {
    expect(parseOutline('Here is the plan:\n\n- **Why tides happen**\n2. The moon\n3) The sun:\n## Spring tides\n- The moon\n')).toEqual(['Why tides happen', 'The moon', 'The sun', 'Spring tides']);
  });

  it('reads an answer in prose as its lines (quote markers dropped), at most twelve', () => {
    expect(parseOutline('**Offline reply**\n\n> Outline a blog article about: tides\n')).toEqual(['Offline reply', 'Outline a blog article about: tides']);
    expect(parseOutline(Array.from({ length: 20 }, (_, i) => `- Part ${i}`).join('\n'))).toHaveLength(12);
  });

  it('reads a labelled title and excerpt, in English or French, else the first line and the rest', () => {
    expect(parseTitleExcerpt('Title: "The pull of the moon"\nExcerpt: Why the sea rises twice a day.')).toEqual({ title: 'The pull of the moon', excerpt: 'Why the sea rises twice a day.' });
    expect(parseTitleExcerpt('**Titre :** Marées\n**Extrait :** La lune tire la mer.')).toEqual({ title: 'Marées', excerpt: 'La lune tire la mer.' });
    expect(parseTitleExcerpt('# Tides\nThe moon pulls.\nTwice a day.')).toEqual({ title: 'Tides', excerpt: 'The moon pulls. Twice a day.' });
    expect(parseTitleExcerpt(`Title: ${'x'.repeat(300)}`).title).toHaveLength(200);
  });

  it('asks for one section with the whole outline, in the language and tone chosen', () => {
    const [system, user] = sectionMessages({ subject: 'tides', language: 'fr', tone: 'playful', length: 'long' }, ['Intro', 'The moon'], 1);
    expect(system?.content).toContain('Write in French. Tone: playful.');
    expect(system?.content).toContain('about 300 words');
    expect(user?.content).toContain('Section “The moon” of the article about: tides');
    expect(user?.content).toContain('1. Intro\n2. The moon');
  });

  it('picks the widest landscape size for a cover, else the first size', () => {
    expect(coverSize(['1024x1024', '1536x1024', '1920x1080', '1080x1920'])).toBe('1920x1080');
    expect(coverSize(['1024x1024', '1024x1792'])).toBe('1024x1024');
    expect(coverSize([])).toBeUndefined();
  });
});
