import type { ChatStreamEvent, ReplyStepDto } from '../../api/models';
import { passageUrl, replyParts, traceStep } from './reply-trace';

const ids = { model: 'local/webox-mini', messageId: 'm1' };

describe('traceStep', () => {
  it('adds a running step on tool_call, settles it on tool_result, and adds notes, each at the offset given', () => {
    let steps: readonly ReplyStepDto[] = [];
    steps = traceStep(steps, { event: 'note', data: { ...ids, text: 'Tool web_fetch is not available for this turn: blocked', noteKey: 'toolUnavailable', params: { tool: 'web_fetch', reason: 'blocked' } } }, 0);
    steps = traceStep(steps, { event: 'tool_call', data: { ...ids, callId: 'c1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } } }, 0);
    steps = traceStep(steps, { event: 'tool_call', data: { ...ids, callId: 'c2', name: 'knowledge_search', arguments: { query: 'budgets' } } }, 0);
    expect(steps.map((step) => [step.kind, step.name ?? step.text, step.status])).toEqual([
      ['note', 'Tool web_fetch is not available for this turn: blocked', undefined],
      ['tool', 'calculator', 'running'],
      ['tool', 'knowledge_search', 'running'],
    ]);

    steps = traceStep(steps, { event: 'tool_result', data: { ...ids, callId: 'c2', name: 'knowledge_search', summary: '2 passages', durationMs: 40 } }, 12);
    steps = traceStep(steps, { event: 'tool_result', data: { ...ids, callId: 'c1', name: 'calculator', summary: 'Bad expression', durationMs: 3, error: 'Unexpected token' } }, 12);
    expect(steps[1]).toEqual({ kind: 'tool', callId: 'c1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' }, offset: 0, status: 'error', summary: 'Bad expression', durationMs: 3, error: 'Unexpected token' });
    expect(steps[2]).toEqual({ kind: 'tool', callId: 'c2', name: 'knowledge_search', arguments: { query: 'budgets' }, offset: 0, status: 'ok', summary: '2 passages', durationMs: 40 });
  });

  it('keeps the media a tool made, shows a result whose call was not seen, and ignores other events', () => {
    const result: ChatStreamEvent = { event: 'tool_result', data: { ...ids, callId: 'c9', name: 'generate_image', summary: 'Image saved', durationMs: 800, mediaFileIds: ['f1'] } };
    const steps = traceStep([], result, 30);
    expect(steps).toEqual([{ kind: 'tool', callId: 'c9', name: 'generate_image', arguments: {}, offset: 30, status: 'ok', summary: 'Image saved', durationMs: 800, mediaFileIds: ['f1'] }]);
    expect(traceStep(steps, { event: 'delta', data: { model: ids.model, text: 'x' } }, 31)).toBe(steps);
  });
});

describe('replyParts', () => {
  const tool = (offset: number, callId = `c${offset}`): ReplyStepDto => ({ kind: 'tool', callId, name: 'calculator', offset, status: 'ok' });

  it('cuts the text at each step, in order, leaving out empty pieces', () => {
    const content = 'Let me check. The answer is 409.5.';
    const parts = replyParts(content, [tool(0), tool(14, 'a'), { kind: 'note', text: 'Limit reached', offset: 14 }]);
    expect(parts.map((part) => (part.kind === 'text' ? part.text : `<${part.step.kind}>`))).toEqual(['<tool>', 'Let me check. ', '<tool>', '<note>', 'The answer is 409.5.']);
  });

  it('keeps the keys of earlier parts as the reply grows, and clamps offsets past the text', () => {
    const before = replyParts('Hello', [tool(0)]).map((part) => part.key);
    const after = replyParts('Hello world', [tool(0), tool(99)]).map((part) => part.key);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(replyParts('Hello world', [tool(0), tool(99)]).at(-1)).toMatchObject({ kind: 'step' });
    expect(replyParts('Just text', [])).toEqual([{ kind: 'text', key: 't0', text: 'Just text' }]);
  });
});

describe('passageUrl', () => {
  it('encodes the chunk id into the passage path', () => {
    expect(passageUrl({ chunkId: 'abc' })).toBe('/knowledge/passages/abc');
    expect(passageUrl({ chunkId: '../x?y' })).toBe('/knowledge/passages/..%2Fx%3Fy');
  });
});
