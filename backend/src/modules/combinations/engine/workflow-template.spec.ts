import { renderTemplate, templateVariables } from './workflow-template';

describe('workflow templates', () => {
  const scope = { input: 'previous', inputs: { topic: 'tides', count: 3 }, steps: { draft: 'the draft' } };

  it('finds every variable, with spaces inside the braces allowed', () => {
    expect(templateVariables('{{input}} {{ inputs.topic }} {{steps.draft.output}} {{user.email}}')).toEqual([
      { raw: '{{input}}', kind: 'input' },
      { raw: '{{ inputs.topic }}', kind: 'inputs', name: 'topic' },
      { raw: '{{steps.draft.output}}', kind: 'steps', stepId: 'draft' },
      { raw: '{{user.email}}', kind: 'unknown' },
    ]);
  });

  it('does not take a step without .output, or an expression, as a variable', () => {
    expect(templateVariables('{{steps.draft}} {{inputs.topic + 1}} {{ constructor }}').map((v) => v.kind)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it('renders the previous output, inputs (numbers as text) and earlier steps', () => {
    expect(renderTemplate('A {{input}}, {{inputs.topic}} x{{inputs.count}}: {{ steps.draft.output }}', scope)).toBe('A previous, tides x3: the draft');
  });

  it('renders in one pass: a value holding braces is not rendered again', () => {
    expect(renderTemplate('{{input}}', { ...scope, input: '{{inputs.topic}}' })).toBe('{{inputs.topic}}');
  });

  it('renders a missing value empty and leaves an unknown placeholder as written', () => {
    expect(renderTemplate('[{{inputs.other}}] [{{steps.later.output}}] [{{what}}]', scope)).toBe('[] [] [{{what}}]');
  });

  it('leaves text without placeholders, and single braces, alone', () => {
    expect(renderTemplate('JSON: {"a": {"b": 1}}', scope)).toBe('JSON: {"a": {"b": 1}}');
  });
});
