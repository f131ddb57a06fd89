import { parseVariables, renderTemplate, TemplateError } from './prompt-template';

describe('prompt templates', () => {
  it('finds required and optional variables, once each, in order', () => {
    expect(parseVariables('Write to {{name}} in a {{tone|friendly}} tone. Sign as {{ name }}.')).toEqual([{ name: 'name' }, { name: 'tone', defaultValue: 'friendly' }]);
  });

  it('has no variables in a plain body', () => {
    expect(parseVariables('Summarise this text.')).toEqual([]);
  });

  it.each(['Hello {{', 'Hello }} there', 'Hello {{ 1abc }}', 'Hello {{name|a|b}}', '{{name}} and {{', 'Use {{}} here'])('refuses the malformed body %j', (body) => {
    expect(() => parseVariables(body)).toThrow(TemplateError);
  });

  it('renders values, defaults, and reports missing required values', () => {
    const body = 'Dear {{name}}, about {{topic}} ({{tone|formal}}).';
    expect(renderTemplate(body, { name: 'Ada', topic: 'engines' })).toEqual({ text: 'Dear Ada, about engines (formal).', missing: [] });
    expect(renderTemplate(body, { name: 'Ada', tone: 'warm' })).toEqual({ text: 'Dear Ada, about  (warm).', missing: ['topic'] });
    expect(renderTemplate(body, { name: '   ', topic: 'x' }).missing).toEqual(['name']);
  });

  it('does not interpret values as placeholders', () => {
    expect(renderTemplate('Say {{what}}', { what: '{{evil}}' }).text).toBe('Say {{evil}}');
  });
});
