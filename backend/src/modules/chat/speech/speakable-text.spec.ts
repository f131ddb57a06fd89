import { capSpeech, speakableText } from './speakable-text';

describe('speakableText', () => {
  it('keeps the words of a Markdown reply and drops its marks', () => {
    const reply = ['## Plan', '', 'Use **bold** ideas and _care_ [1].', '', '- first `step`', '2. second [link](https://example.com)', '> a quote', '![chart](x.png)'].join('\n');
    expect(speakableText(reply)).toBe('Plan\nUse bold ideas and care .\nfirst step\nsecond link\na quote');
  });

  it('leaves code blocks and HTML out, and reads a table row by row', () => {
    const reply = ['Run this:', '```ts', 'const a = 1;', '```', '| Name | Age |', '| --- | --- |', '| Ada | 36 |', '<br>Done'].join('\n');
    expect(speakableText(reply)).toBe('Run this:\nName, Age\nAda, 36\nDone');
  });

  it('keeps the underscores inside words', () => {
    expect(speakableText('Call __init__ or snake_case_name, not _this_.')).toBe('Call init or snake_case_name, not this.');
  });

  it('reads pathological replies in linear time', () => {
    for (const unit of ['** a', '[[(', '<<', '_ ', '![', '`', '| ']) {
      const started = performance.now();
      speakableText(unit.repeat(Math.ceil(200_000 / unit.length)));
      expect(performance.now() - started).toBeLessThan(500);
    }
  });

  it('has nothing to say of a reply that is only code', () => {
    expect(speakableText('```\nprint(1)\n```')).toBe('');
  });
});

describe('capSpeech', () => {
  it('keeps a short text whole', () => {
    expect(capSpeech('Hello there.', 100)).toBe('Hello there.');
  });

  it('cuts a long text after its last full sentence within the cap', () => {
    expect(capSpeech('One two three. Four five six. Seven eight nine.', 35)).toBe('One two three. Four five six.');
  });

  it('cuts at a word when no sentence ends in the second half', () => {
    expect(capSpeech('alpha beta gamma delta epsilon', 20)).toBe('alpha beta gamma');
  });
});
