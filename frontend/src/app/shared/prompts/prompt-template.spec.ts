import { parseTemplate, renderTemplate } from './prompt-template';

describe('prompt template', () => {
  it('lists the variables once, in order, with their defaults', () => {
    const parsed = parseTemplate('Write to {{ Name }} about {{topic|our offer}}; sign as {{name}}.');
    expect(parsed).toEqual({ variables: [{ name: 'name' }, { name: 'topic', defaultValue: 'our offer' }], malformed: false });
  });

  it('takes a default given on a later occurrence', () => {
    expect(parseTemplate('{{tone}} and {{tone|warm}}').variables).toEqual([{ name: 'tone', defaultValue: 'warm' }]);
  });

  it('flags stray braces and ignores what is not a placeholder', () => {
    expect(parseTemplate('Hello {{1x}}').malformed).toBe(true);
    expect(parseTemplate('Hello }} there').malformed).toBe(true);
    expect(parseTemplate('No variables here.')).toEqual({ variables: [], malformed: false });
  });

  it('renders values, falls back to defaults and reports the missing required ones', () => {
    const body = 'Dear {{name}}, about {{topic|our offer}} ({{name}}).';
    expect(renderTemplate(body, { NAME: 'Ada' })).toEqual({ text: 'Dear Ada, about our offer (Ada).', missing: [] });
    expect(renderTemplate(body, { topic: 'pricing', name: '  ' })).toEqual({ text: 'Dear , about pricing ().', missing: ['name'] });
  });
});
