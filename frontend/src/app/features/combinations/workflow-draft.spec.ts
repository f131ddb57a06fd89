import type { WorkflowBodyDto, WorkflowStepDto } from '../../api/models';
import { addHeader, changeHeader, earlierSteps, headerRows, insertAt, MAX_HTTP_HEADERS, removeHeader, isParallelWithPrevious, moveStep, newStep, removeStep, setParallelWithPrevious, splitFieldErrors, toWorkflowBody, variablesFor } from './workflow-draft';

const step = (id: string, parallelGroup?: string): WorkflowStepDto => ({ id, kind: 'text', model: 'local/webox-mini', prompt: '{{input}}', ...(parallelGroup ? { parallelGroup } : {}) });
const ids = (steps: WorkflowStepDto[]) => steps.map((s) => s.id);
const groups = (steps: WorkflowStepDto[]) => steps.map((s) => s.parallelGroup ?? '-');

function workflow(steps: WorkflowStepDto[]): WorkflowBodyDto {
  return { name: 'W', inputs: [{ name: 'topic', type: 'text', label: 'Topic' }, { name: 'tone', type: 'choice', choices: ['calm', 'bold'] }], steps };
}

describe('variablesFor (the "Insert variable" menu)', () => {
  it('lists the inputs for the first step, with no {{input}} and no step outputs', () => {
    expect(variablesFor(workflow([step('a'), step('b'), step('c')]), 0).map((v) => v.token)).toEqual(['{{inputs.topic}}', '{{inputs.tone}}']);
  });

  it('lists {{input}}, the inputs and only the EARLIER steps', () => {
    const tokens = variablesFor(workflow([step('a'), step('b'), step('c')]), 2).map((v) => v.token);
    expect(tokens).toEqual(['{{input}}', '{{inputs.topic}}', '{{inputs.tone}}', '{{steps.a.output}}', '{{steps.b.output}}']);
    expect(tokens).not.toContain('{{steps.c.output}}');
  });

  it('leaves out the steps of its own parallel group, which run at the same time', () => {
    const steps = [step('intro'), step('gpt', 'panel'), step('claude', 'panel'), step('mini', 'panel'), step('merge')];
    expect(variablesFor(workflow(steps), 2).map((v) => v.token)).toEqual(['{{input}}', '{{inputs.topic}}', '{{inputs.tone}}', '{{steps.intro.output}}']);
    expect(ids(earlierSteps(steps, 4))).toEqual(['intro', 'gpt', 'claude', 'mini']);
  });

  it('follows a reorder: a step moved first offers no step output', () => {
    const moved = moveStep([step('a'), step('b'), step('c')], 2, 0);
    expect(ids(moved)).toEqual(['c', 'a', 'b']);
    expect(variablesFor(workflow(moved), 0).some((v) => v.kind === 'step' || v.kind === 'previous')).toBe(false);
    expect(variablesFor(workflow(moved), 1).filter((v) => v.kind === 'step').map((v) => v.token)).toEqual(['{{steps.c.output}}']);
  });

  it('labels inputs by their label and steps by their name', () => {
    const steps = [{ ...step('a'), name: 'Summary' }, step('b')];
    expect(variablesFor(workflow(steps), 1).map((v) => v.label)).toEqual(['input', 'Topic', 'tone', 'Summary']);
  });
});

describe('moveStep (drag and drop)', () => {
  it('moves a step and leaves the list it was given unchanged', () => {
    const steps = [step('a'), step('b'), step('c'), step('d')];
    expect(ids(moveStep(steps, 0, 2))).toEqual(['b', 'c', 'a', 'd']);
    expect(ids(moveStep(steps, 3, 1))).toEqual(['a', 'd', 'b', 'c']);
    expect(ids(steps)).toEqual(['a', 'b', 'c', 'd']);
    expect(ids(moveStep(steps, 1, 99))).toEqual(['a', 'c', 'd', 'b']);
  });

  it('keeps groups whole: a step dragged out of a group of two ends the group', () => {
    const moved = moveStep([step('a', 'g'), step('b', 'g'), step('c')], 0, 2);
    expect(ids(moved)).toEqual(['b', 'c', 'a']);
    expect(groups(moved)).toEqual(['-', '-', '-']);
  });

  it('renames the second part of a group a drop has split in two', () => {
    const moved = moveStep([step('a', 'g'), step('b', 'g'), step('c', 'g'), step('d', 'g'), step('x')], 4, 2);
    expect(ids(moved)).toEqual(['a', 'b', 'x', 'c', 'd']);
    expect(groups(moved)).toEqual(['g', 'g', '-', 'group1', 'group1']);
  });
});

describe('parallel groups', () => {
  it('joins a step to the one before it, and a third one to the same group', () => {
    let steps = [step('a'), step('b'), step('c'), step('d')];
    steps = setParallelWithPrevious(steps, 1, true);
    expect(groups(steps)).toEqual(['group1', 'group1', '-', '-']);
    steps = setParallelWithPrevious(steps, 2, true);
    expect(groups(steps)).toEqual(['group1', 'group1', 'group1', '-']);
    expect([0, 1, 2, 3].map((i) => isParallelWithPrevious(steps, i))).toEqual([false, true, true, false]);
  });

  it('takes a step out: the steps after it in the group stay together as a group of their own', () => {
    // With one step left after it, that step's group of one is dropped.
    const steps = setParallelWithPrevious([step('a', 'g'), step('b', 'g'), step('c', 'g'), step('d', 'g')], 2, false);
    expect(groups(steps)).toEqual(['g', 'g', '-', '-']);
    const four = setParallelWithPrevious([step('a', 'g'), step('b', 'g'), step('c', 'g'), step('d', 'g'), step('e', 'g')], 2, false);
    expect(groups(four)).toEqual(['g', 'g', '-', 'group1', 'group1']);
  });

  it('drops a group left with one step when a step is removed', () => {
    expect(groups(removeStep([step('a', 'g'), step('b', 'g'), step('c')], 1))).toEqual(['-', '-']);
  });

  it('a new step gets a free id of its kind and what its kind needs', () => {
    const steps = [step('text'), { ...step('text2'), kind: 'http' as const }];
    expect(newStep(steps, 'text', 'local/webox-mini')).toEqual({ id: 'text3', kind: 'text', model: 'local/webox-mini', prompt: '{{input}}' });
    expect(newStep([], 'http')).toEqual({ id: 'http', kind: 'http', http: { method: 'GET', url: '' } });
    expect(newStep([], 'transform')).toMatchObject({ transform: { operation: 'template' }, prompt: '' });
  });
});

describe('the server 400 placed beside what it names', () => {
  it('splits messages by step index, input index, run-form input name, and the rest', () => {
    const placed = splitFieldErrors({
      'steps.2.prompt': 'Step "c": {{steps.d.output}} names a later step',
      'steps.2.model': 'unknown model',
      'workflow.steps.0.kind': 'unknown kind',
      'inputs.1.name': 'bad name',
      'inputs.topic': 'The input "topic" is required',
      name: 'name is required',
    });
    expect(placed.steps).toEqual({ 2: ['Step "c": {{steps.d.output}} names a later step', 'unknown model'], 0: ['unknown kind'] });
    expect(placed.inputs).toEqual({ 1: ['bad name'] });
    expect(placed.values).toEqual({ topic: ['The input "topic" is required'] });
    expect(placed.other).toEqual(['name is required']);
  });
});

describe('toWorkflowBody and insertAt', () => {
  it('sends only what each kind uses, numbers as numbers, choices trimmed', () => {
    const body = toWorkflowBody({
      name: ' W ',
      description: '',
      inputs: [{ name: 'n', type: 'number', default: '3' as unknown as number }, { name: 'c', type: 'choice', choices: [' a', '', 'b '] }],
      steps: [{ id: 'h', kind: 'http', model: 'x', prompt: 'p', http: { method: 'GET', url: 'https://example.com' }, transform: { operation: 'split' } }],
    });
    expect(body).toEqual({ name: 'W', description: '', inputs: [{ name: 'n', type: 'number', default: 3 }, { name: 'c', type: 'choice', choices: ['a', 'b'] }], steps: [{ id: 'h', kind: 'http', http: { method: 'GET', url: 'https://example.com' } }] });
  });

  it('inserts a variable at the caret', () => {
    expect(insertAt('Summarise: ', '{{input}}')).toEqual({ value: 'Summarise: {{input}}', caret: 20 });
    expect(insertAt('ab', 'X', 1)).toEqual({ value: 'aXb', caret: 2 });
    expect(insertAt('abc', 'X', 1, 2)).toEqual({ value: 'aXc', caret: 2 });
  });
});

describe('an http step\'s headers (the builder\'s key/value rows)', () => {
  it('adds a row, names it and fills it, keeping the rows in order', () => {
    let headers = addHeader({ Accept: 'text/html' });
    expect(headerRows(headers)).toEqual([{ name: 'Accept', value: 'text/html' }, { name: '', value: '' }]);
    headers = changeHeader(headers, 1, { name: 'X-Topic' });
    headers = changeHeader(headers, 1, { value: '{{inputs.topic}}' });
    expect(headerRows(headers)).toEqual([{ name: 'Accept', value: 'text/html' }, { name: 'X-Topic', value: '{{inputs.topic}}' }]);
    // A rename keeps the row's place and value.
    expect(headerRows(changeHeader(headers, 0, { name: 'Accept-Language' }))).toEqual([{ name: 'Accept-Language', value: 'text/html' }, { name: 'X-Topic', value: '{{inputs.topic}}' }]);
  });

  it('never loses a row: no second unnamed row, no rename onto another row\'s name, no row past the server\'s limit', () => {
    expect(addHeader({ '': '' })).toEqual({ '': '' });
    expect(changeHeader({ A: '1', B: '2' }, 1, { name: 'A' })).toEqual({ A: '1', B: '2' });
    const full = Object.fromEntries(Array.from({ length: MAX_HTTP_HEADERS }, (_, i) => [`H${i}`, 'v']));
    expect(Object.keys(addHeader(full))).toHaveLength(MAX_HTTP_HEADERS);
  });

  it('removes a row by its place', () => {
    expect(removeHeader({ A: '1', B: '2', C: '3' }, 1)).toEqual({ A: '1', C: '3' });
  });

  it('sends named rows only, names trimmed, and no headers field when none is named', () => {
    const http = (headers: Record<string, string>) => toWorkflowBody(workflow([{ id: 'h', kind: 'http', http: { method: 'GET', url: 'https://example.com', headers } }])).steps[0]!.http;
    expect(http({ ' X-Key ': '{{inputs.topic}}', '': 'dropped' })).toEqual({ method: 'GET', url: 'https://example.com', headers: { 'X-Key': '{{inputs.topic}}' } });
    expect(http({ '': '' })).toEqual({ method: 'GET', url: 'https://example.com' });
  });
});
