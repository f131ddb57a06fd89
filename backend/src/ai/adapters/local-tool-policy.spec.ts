import type { ChatMessage } from '../capabilities';
import { describeResults, MAX_SCANNED_CHARS, planToolCalls, planToolCallsIn } from './local-tool-policy';

/**
 * The offline tool policy runs its patterns on whatever a user types. Each input below made one of
 * them backtrack (quadratic or worse on a long run of one kind of character: 20,000 characters took
 * from 0.25 s to several minutes); a linear pattern reads 200,000 characters in a few milliseconds, so
 * the bound is loose enough not to flake on a busy machine and still far below what they took.
 */
const ALL = new Set(['calculator', 'knowledge_search', 'current_time', 'web_fetch', 'generate_image', 'prompt_library']);
const N = 200_000;
const BOUND_MS = 500;

function timed(message: string, offered: ReadonlySet<string> = ALL) {
  const start = performance.now();
  const calls = planToolCallsIn(message, offered);
  return { calls, ms: performance.now() - start };
}

describe('local tool policy on pathological input', () => {
  it.each([
    ['a run of digits (the "X% of Y" rewrite)', '9'.repeat(N)],
    ['a run of opening parentheses (the arithmetic span)', '('.repeat(N)],
    ['parentheses around a sum (balancing them)', `${'('.repeat(N)}1+1`],
    ['closing parentheses after a sum (balancing them)', `1+1${')'.repeat(N)}`],
    ['thousands groups that never end (the separator rewrite)', `1${',000'.repeat(N / 4)},`],
    ['spaces after "about" (the end of a clause)', `what do my notes say about x${' '.repeat(N)}x`],
    ['commas after "about" (trimming a clause)', `what do my notes say about x${','.repeat(N)}x`],
    ['spaces before "and" (the end of a clause)', `my notes about x${' '.repeat(N)}and`],
    ['spaces between "search" and "in my notes" (the topic before the mention)', `search ${' '.repeat(N)}in my notes`],
    ['parentheses before the mention (sums blanked out of the topic)', `1${' ('.repeat(N / 2)} my notes`],
    ['dots inside a URL (its trailing punctuation)', `https://example.test/${'.'.repeat(N)}a`],
    ['spaces between a verb and "prompt" (the prompt name)', `prompt library use${' '.repeat(N)}x`],
    ['words between verbs and no "prompt" (the prompt name)', `prompt library ${'use a '.repeat(N / 6)}`],
  ])('reads %s in linear time', (_label, message) => {
    expect(timed(message).ms).toBeLessThan(BOUND_MS);
  });

  it('reads only the end of a long message, where the question is', () => {
    const message = `${'9'.repeat(N)} what is 2+2`;
    const start = performance.now();
    const calls = planToolCalls(message, ALL);
    expect(performance.now() - start).toBeLessThan(BOUND_MS);
    expect(calls).toEqual([{ name: 'calculator', arguments: { expression: '2+2' } }]);
    expect(planToolCalls(`what is 2+2 ${'x '.repeat(MAX_SCANNED_CHARS)}`, ALL)).toEqual([]);
  });

  it.each([
    ['search   for budgets   in my notes', [{ name: 'knowledge_search', arguments: { query: 'budgets' } }]],
    ['what do my notes say about travel   and what is 2 * 3', [
      { name: 'knowledge_search', arguments: { query: 'travel' } },
      { name: 'calculator', arguments: { expression: '2 * 3' } },
    ]],
    ['what is ((3+4) * 2', [{ name: 'calculator', arguments: { expression: '(3+4) * 2' } }]],
    ['what is 17.5% of 2,340', [{ name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } }]],
    ['read https://example.test/a... please', [{ name: 'web_fetch', arguments: { url: 'https://example.test/a' } }]],
    ['please use the   cold email prompt', [{ name: 'prompt_library', arguments: { query: 'cold email' } }]],
  ])('still understands %s', (message, expected) => {
    expect(timed(message).calls).toEqual(expected);
  });
});

describe('local tool policy with knowledge attached to a plain chat', () => {
  const KNOWLEDGE_ONLY = new Set(['knowledge_search']);

  it.each([
    ['What is the refund policy?', 'refund policy'],
    ['quelle est la politique de remboursement ?', 'politique de remboursement'],
    ['hello', 'hello'],
    ['what do my notes say about travel?', 'travel'],
  ])('searches %s, named documents or not', (message, query) => {
    expect(planToolCalls(message, KNOWLEDGE_ONLY)).toEqual([{ name: 'knowledge_search', arguments: { query } }]);
  });

  it('searches nothing for an empty message', () => {
    expect(planToolCalls('   ', KNOWLEDGE_ONLY)).toEqual([]);
  });

  it('keeps asking for a mention when other tools are offered too (an agent)', () => {
    expect(planToolCalls('What is the refund policy?', ALL)).toEqual([]);
    expect(planToolCalls('What is the refund policy?', new Set(['knowledge_search', 'calculator']))).toEqual([]);
  });

  it('is deterministic: the same question, the same call', () => {
    expect(planToolCalls('Who signed the lease?', KNOWLEDGE_ONLY)).toEqual(planToolCalls('Who signed the lease?', KNOWLEDGE_ONLY));
  });
});

describe('local tool policy answering with JSON results', () => {
  const answer = (content: string) => {
    const history: ChatMessage[] = [
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'current_time', arguments: {} }] },
      { role: 'tool', toolCallId: 'c1', name: 'current_time', content },
    ];
    return describeResults(history, [history[1] as Extract<ChatMessage, { role: 'tool' }>]);
  };

  it('says an object in words, never as raw JSON', () => {
    const [line] = answer(JSON.stringify({ timeZone: 'Asia/Tokyo', time: '09:00', dst: false, offset: { hours: 9 } }));
    expect(line).toBe('- **current_time**: timeZone: Asia/Tokyo; time: 09:00; dst: false; 1 more field in the step');
    expect(line).not.toMatch(/[{}"]/);
  });

  it('counts an array, and leaves text that is not JSON as it is', () => {
    expect(answer('[{"a":1},{"a":2}]')).toEqual(['- **current_time**: 2 items (shown in the step)']);
    expect(answer('{ not json')).toEqual(['- **current_time**: { not json']);
  });
});
