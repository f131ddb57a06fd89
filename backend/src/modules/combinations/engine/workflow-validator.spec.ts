import { AiErrorCode } from '../../../ai/ai.errors';
import { findModel } from '../../../ai/models';
import { DomainError } from '../../../common/domain-error';
import { COMBINATION_TEMPLATES } from '../combination-templates';
import { CombinationErrorCode } from '../combinations.errors';
import { validateWorkflow } from './workflow-validator';

const options = { hasModel: (id: string, capability: 'chat' | 'image' | 'speech' | 'video') => Boolean(findModel(id, capability)) };
const text = (id: string, prompt: string, extra: Record<string, unknown> = {}) => ({ id, kind: 'text', model: 'local/webox-mini', prompt, ...extra });
const workflow = (steps: unknown[], inputs: unknown[] = [{ name: 'topic', type: 'text' }]) => ({ name: 'W', inputs, steps });

function refusal(body: unknown): DomainError {
  try {
    validateWorkflow(body, options);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('the workflow was accepted');
}

describe('validateWorkflow', () => {
  it('accepts a valid workflow and normalises it', () => {
    const valid = validateWorkflow(
      workflow([text('a', '{{inputs.topic}}', { parallelGroup: 'g' }), text('b', '{{input}}', { parallelGroup: 'g' }), { id: 'm', kind: 'merge', model: 'local/webox-mini' }, { id: 't', kind: 'transform', prompt: '{{steps.m.output}}', transform: { operation: 'split' } }]),
      options,
    );
    expect(valid.inputs).toEqual([{ name: 'topic', type: 'text', required: false }]);
    expect(valid.steps.map((step) => step.id)).toEqual(['a', 'b', 'm', 't']);
  });

  it.each([
    ['a later step', workflow([text('a', '{{steps.b.output}}'), text('b', 'x')]), CombinationErrorCode.LATER_STEP_REFERENCE, 'steps.0.prompt', ['"a"', '{{steps.b.output}}', 'later']],
    ['a step of the same group', workflow([text('a', 'x', { parallelGroup: 'g' }), text('b', '{{steps.a.output}}', { parallelGroup: 'g' })]), CombinationErrorCode.LATER_STEP_REFERENCE, 'steps.1.prompt', ['"b"', 'same parallel group']],
    ['a missing step', workflow([text('a', '{{steps.zz.output}}')]), CombinationErrorCode.UNKNOWN_STEP_REFERENCE, 'steps.0.prompt', ['"a"', '{{steps.zz.output}}']],
    ['an unknown input', workflow([text('a', '{{inputs.nope}}')]), CombinationErrorCode.UNKNOWN_INPUT, 'steps.0.prompt', ['"a"', '{{inputs.nope}}', 'topic']],
    ['{{input}} in a first step with no input', workflow([text('a', '{{input}}')], []), CombinationErrorCode.UNKNOWN_INPUT, 'steps.0.prompt', ['"a"', '{{input}}']],
    ['an unknown variable', workflow([text('a', '{{secret}}')]), CombinationErrorCode.UNKNOWN_VARIABLE, 'steps.0.prompt', ['"a"', '{{secret}}']],
    ['21 steps', workflow(Array.from({ length: 21 }, (_, i) => text(`s${i}`, 'x'))), CombinationErrorCode.TOO_MANY_STEPS, 'steps', ['20', '21']],
    ['an unknown model', workflow([text('a', 'x', { model: 'acme/genius' })]), AiErrorCode.UNKNOWN_MODEL, 'steps.0.model', ['"a"', 'acme/genius']],
    ['a chat model in an image step', workflow([{ id: 'p', kind: 'image', model: 'local/webox-mini', prompt: 'x' }]), AiErrorCode.UNKNOWN_MODEL, 'steps.0.model', ['"p"', 'image model']],
    ['a text step without a model', workflow([{ id: 'a', kind: 'text', prompt: 'x' }]), AiErrorCode.UNKNOWN_MODEL, 'steps.0.model', ['"a"']],
    ['an unknown kind', workflow([{ id: 'a', kind: 'eval', prompt: 'x' }]), CombinationErrorCode.UNKNOWN_STEP_KIND, 'steps.0.kind', ['"a"', 'eval']],
    ['a cycle', workflow([text('a', '{{steps.b.output}}'), text('b', '{{steps.a.output}}')]), CombinationErrorCode.STEP_CYCLE, 'steps.0.prompt', ['"a"', 'cycle']],
    ['a self reference', workflow([text('a', '{{steps.a.output}}')]), CombinationErrorCode.STEP_CYCLE, 'steps.0.prompt', ['"a"', 'own output']],
    ['a cycle through a merge', workflow([text('a', '{{steps.m.output}}'), { id: 'm', kind: 'merge', model: 'local/webox-mini', sources: ['a'] }]), CombinationErrorCode.STEP_CYCLE, 'steps.0.prompt', ['"a"']],
    ['a merge of a missing step', workflow([text('a', 'x'), { id: 'm', kind: 'merge', model: 'local/webox-mini', sources: ['ghost'] }]), CombinationErrorCode.UNKNOWN_STEP_REFERENCE, 'steps.1.sources', ['"m"', 'ghost']],
    ['a split group', workflow([text('a', 'x', { parallelGroup: 'g' }), text('b', 'x'), text('c', 'x', { parallelGroup: 'g' })]), CombinationErrorCode.SPLIT_PARALLEL_GROUP, 'steps.2.parallelGroup', ['"c"', '"g"']],
    ['a duplicate id', workflow([text('a', 'x'), text('a', 'y')]), CombinationErrorCode.INVALID_WORKFLOW, 'steps.1.id', ['"a"']],
    ['a variable in an http header', workflow([{ id: 'h', kind: 'http', http: { url: 'https://example.com', headers: { 'X-Key': '{{inputs.key}}' } } }]), CombinationErrorCode.UNKNOWN_INPUT, 'steps.0.http.headers.X-Key', ['"h"', '{{inputs.key}}']],
    ['an extract without a path', workflow([{ id: 't', kind: 'transform', prompt: '{{inputs.topic}}', transform: { operation: 'extract' } }]), CombinationErrorCode.INVALID_WORKFLOW, 'steps.0.transform.path', ['"t"']],
    ['an unknown setting', workflow([text('a', 'x', { settings: { script: 'eval()' } })]), CombinationErrorCode.INVALID_WORKFLOW, 'steps.0.settings.script', ['"a"', 'script']],
  ])('refuses %s, naming the step and the variable', (_, body, code, field, words) => {
    const error = refusal(body);
    expect(error.code).toBe(code);
    expect(error.details?.[0]?.field).toBe(field);
    for (const word of words) expect(error.message).toContain(word);
  });

  it('lists every problem in details', () => {
    const error = refusal(workflow([text('a', '{{inputs.x}} {{steps.b.output}}'), text('b', '{{inputs.y}}')]));
    expect(error.details?.map((detail) => detail.field)).toEqual(['steps.0.prompt', 'steps.1.prompt', 'steps.0.prompt']);
  });

  it('refuses what is not a workflow at all, without throwing anything else', () => {
    for (const body of [null, 'text', [], { name: 'x' }, { name: 'x', steps: 'many' }, { name: 'x', steps: [null, 3] }, { name: '', steps: [text('a', 'x')], inputs: [{ name: '1bad' }] }]) {
      expect(refusal(body)).toBeInstanceOf(DomainError);
    }
  });

  it('accepts every template as shipped', () => {
    expect(COMBINATION_TEMPLATES.length).toBeGreaterThanOrEqual(10);
    for (const template of COMBINATION_TEMPLATES) expect(() => validateWorkflow(template.workflow, options)).not.toThrow();
    expect(new Set(COMBINATION_TEMPLATES.map((template) => template.id)).size).toBe(COMBINATION_TEMPLATES.length);
  });
});
