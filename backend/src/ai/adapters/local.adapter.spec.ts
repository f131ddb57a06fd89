import type { ChatChunk, ChatRequest } from '../capabilities';
import { findModel } from '../models';
import { ProviderError } from '../provider-error';
import { countTokens, LocalAdapter, OFFLINE_NOTICE } from './local.adapter';

async function drain(stream: AsyncIterable<ChatChunk>, onChunk?: (chunk: ChatChunk, index: number) => void): Promise<{ chunks: ChatChunk[]; text: string; error?: unknown }> {
  const chunks: ChatChunk[] = [];
  let error: unknown;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk);
      onChunk?.(chunk, chunks.length);
    }
  } catch (caught) {
    error = caught;
  }
  return { chunks, text: chunks.map((chunk) => (chunk.type === 'text' ? chunk.text : '')).join(''), error };
}

const never = () => new AbortController().signal;
const offline = { apiKey: 'offline', source: 'none' as const };
const request = (messages: ChatRequest['messages']): ChatRequest => ({ model: 'webox-mini', messages });

describe('LocalAdapter', () => {
  const adapter = new LocalAdapter(0);

  it('answers the same input with the same output, streamed in several pieces', async () => {
    const input = request([
      { role: 'system', content: 'Answer like a pirate.' },
      { role: 'user', content: 'What is the capital of France?' },
    ]);
    const first = await drain(adapter.stream(input, offline, never()));
    const second = await drain(adapter.stream(input, offline, never()));

    expect(first.error).toBeUndefined();
    expect(second.chunks).toEqual(first.chunks);
    expect(first.chunks.filter((chunk) => chunk.type === 'text').length).toBeGreaterThan(10);
    expect(first.text).toContain('What is the capital of France?');
    expect(first.text).toContain('Instructions in effect: Answer like a pirate.');
  });

  it('changes its answer with the question', async () => {
    const a = await drain(adapter.stream(request([{ role: 'user', content: 'apples' }]), offline, never()));
    const b = await drain(adapter.stream(request([{ role: 'user', content: 'oranges' }]), offline, never()));
    expect(a.text).not.toBe(b.text);
  });

  it('labels its answer as offline, and the catalogue marks its model offline', async () => {
    const { text } = await drain(adapter.stream(request([{ role: 'user', content: 'hi' }]), offline, never()));

    expect(text.startsWith(`**${OFFLINE_NOTICE}**`)).toBe(true);
    expect(text).toMatch(/offline/i);
    expect(adapter.provider).toBe('local');
    expect(findModel('local/webox-mini')).toMatchObject({ provider: 'local', offline: true });
  });

  it('reports usage counted the same way for the prompt and the reply', async () => {
    const messages: ChatRequest['messages'] = [
      { role: 'user', content: 'one two three' },
      { role: 'assistant', content: 'four, five.' },
      { role: 'user', content: 'six' },
    ];
    const { chunks, text } = await drain(adapter.stream(request(messages), offline, never()));

    expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: 3 + 4 + 1, outputTokens: countTokens(text) } });
    expect(text).toContain('message 2 of this conversation');
  });

  it('stops with ProviderError aborted when the signal aborts mid-answer', async () => {
    const controller = new AbortController();
    const { chunks, error } = await drain(adapter.stream(request([{ role: 'user', content: 'a long question' }]), offline, controller.signal), (_chunk, count) => {
      if (count === 3) controller.abort();
    });

    expect(chunks).toHaveLength(3);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ provider: 'local', code: 'aborted', retryable: false });
  });

  it('stops at once when aborted while pacing its words', async () => {
    const slow = new LocalAdapter(5_000);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const { chunks, error } = await drain(slow.stream(request([{ role: 'user', content: 'hello' }]), offline, controller.signal));

    expect(Date.now() - started).toBeLessThan(1000);
    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ provider: 'local', code: 'aborted' });
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const { chunks, error } = await drain(adapter.stream(request([{ role: 'user', content: 'hello' }]), offline, controller.signal));
    expect(chunks).toEqual([]);
    expect(error).toMatchObject({ code: 'aborted' });
  });
});

describe('countTokens', () => {
  it('counts words and symbol runs', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('four, five.')).toBe(4);
    expect(countTokens('a '.repeat(100))).toBe(100);
  });
});
