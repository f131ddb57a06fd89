import { evaluate, format } from 'mathjs';
import { drain, never, toolCallsOf } from '../../../test/support/adapter-testing';
import type { ChatMessage, ChatRequest, ToolSpec } from '../capabilities';
import { findModel } from '../models';
import { countTokens, LocalAdapter, OFFLINE_BY_CHOICE_NOTICE, OFFLINE_NOTICE } from './local.adapter';

/** The offline adapter's own behaviour; what every chat adapter does (streaming, usage last, aborts) is the chat adapter contract's. */

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

  it('writes its own sentences in the user’s language, and quotes the question as it is', async () => {
    const question = { role: 'user' as const, content: 'Quelle est la capitale de la France ?' };
    const alone = await drain(adapter.stream(request([{ role: 'system', content: 'Réponds en pirate.' }, question]), { ...offline, language: 'fr' }, never()));
    expect(alone.text).toContain('**Réponse hors ligne de Webox mini : aucun fournisseur d’IA n’est configuré');
    expect(alone.text).toContain('Vous avez écrit (message 1 de cette conversation');
    expect(alone.text).toContain('> Quelle est la capitale de la France ?');
    expect(alone.text).toContain('Instructions en vigueur : Réponds en pirate.');
    expect(alone.text).toContain('ajoutez une clé d’API OpenAI, Anthropic, Google ou d’un point d’accès compatible OpenAI');
    expect(alone.text).not.toMatch(/\b(You wrote|Offline reply|Instructions in effect|To get real answers)\b/);

    const withKeys = await drain(adapter.stream(request([question]), { ...offline, language: 'fr', providersInReach: ['openai', 'openai-compatible'] }, never()));
    expect(withKeys.text).toContain('cette réponse est produite localement');
    expect(withKeys.text).toContain('Vous pouvez utiliser OpenAI et Point d’accès compatible OpenAI : choisissez');

    const english = await drain(adapter.stream(request([question]), offline, never()));
    expect(english.text.startsWith(`**${OFFLINE_NOTICE}**`)).toBe(true);
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

  it('no longer claims that no provider is configured once the user can reach one, and names it', async () => {
    const withKeys = { ...offline, providersInReach: ['openai' as const, 'anthropic' as const] };
    const { text } = await drain(adapter.stream(request([{ role: 'user', content: 'hi' }]), withKeys, never()));

    expect(text.startsWith(`**${OFFLINE_BY_CHOICE_NOTICE}**`)).toBe(true);
    expect(text).not.toMatch(/no AI provider is configured|add an API key/);
    expect(text).toContain('You can use OpenAI and Anthropic: choose one of their models in the model picker');
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

  it('honours maxOutputTokens: the reply stops at the limit and the usage counts what was sent', async () => {
    const input = { ...request([{ role: 'user', content: 'Tell me everything about the history of France.' }]), maxOutputTokens: 12 };
    const { text, chunks } = await drain(adapter.stream(input, offline, never()));
    const usage = chunks.find((chunk) => chunk.type === 'usage');

    expect(countTokens(text)).toBeLessThanOrEqual(12);
    expect(countTokens(text)).toBeGreaterThan(5);
    expect(usage).toEqual({ type: 'usage', usage: expect.objectContaining({ outputTokens: countTokens(text) }) });
    // Cut there, as a vendor says it: the reply may be continued.
    expect(chunks.find((chunk) => chunk.type === 'finish')).toEqual({ type: 'finish', reason: 'length' });
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
});

const tool = (name: string): ToolSpec => ({ name, description: `The ${name} tool.`, parameters: { type: 'object', properties: {} } });
const BUILT_INS = ['calculator', 'current_time', 'web_fetch', 'knowledge_search', 'generate_image', 'prompt_library'].map(tool);
const QUESTION = 'what is 17.5% of 2,340 and what do my notes say about budgets?';
/** Lines as the knowledge tool writes them: `[n] <file name> (p. X): <passage>`. */
const PASSAGES = '[1] Budget notes.md: The 2025 budget is 12,000 euros. Travel is capped at 2,000.\n[2] Planning.pdf (p. 3): Budgets are reviewed every quarter.\nThey close in March.';

describe('LocalAdapter offline tool use', () => {
  const adapter = new LocalAdapter(0);
  const ask = (content: string, tools = BUILT_INS, history: ChatMessage[] = []) =>
    drain(adapter.stream({ model: 'webox-mini', messages: [...history, { role: 'user', content }], tools }, offline, never()));

  it('calls the calculator (an expression mathjs evaluates to 409.5) and knowledge_search (budgets) for the two-part question', async () => {
    const { chunks, text, error } = await ask(QUESTION, [tool('calculator'), tool('knowledge_search')]);

    expect(error).toBeUndefined();
    expect(text).toBe('Offline: calling calculator and knowledge_search.');
    const calls = toolCallsOf(chunks);
    expect(calls).toEqual([
      { id: 'call_local_1_1', name: 'calculator', arguments: { expression: expect.any(String) } },
      { id: 'call_local_1_2', name: 'knowledge_search', arguments: { query: 'budgets' } },
    ]);
    expect(format(evaluate(calls[0]!.arguments['expression'] as string), { precision: 14 })).toBe('409.5');
    expect(chunks.slice(-4).map((chunk) => chunk.type)).toEqual(['tool_call', 'tool_call', 'finish', 'usage']);
    // Deterministic: the same question, the same calls.
    expect((await ask(QUESTION, [tool('calculator'), tool('knowledge_search')])).chunks).toEqual(chunks);
  });

  it('answers the results in text, offline, keeping the passages’ citation markers, and calls nothing more', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: QUESTION },
      {
        role: 'assistant',
        content: 'Offline: calling calculator and knowledge_search.',
        toolCalls: [
          { id: 'call_local_1_1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } },
          { id: 'call_local_1_2', name: 'knowledge_search', arguments: { query: 'budgets' } },
        ],
      },
      { role: 'tool', toolCallId: 'call_local_1_1', name: 'calculator', content: '409.5' },
      { role: 'tool', toolCallId: 'call_local_1_2', name: 'knowledge_search', content: PASSAGES },
    ];
    const { chunks, text } = await drain(adapter.stream({ model: 'webox-mini', messages: history, tools: BUILT_INS }, offline, never()));

    expect(toolCallsOf(chunks)).toEqual([]);
    expect(text.startsWith(`**${OFFLINE_NOTICE}**`)).toBe(true);
    expect(text).toContain('**calculator**: `17.5 / 100 * 2340` = 409.5');
    expect(text).toContain('From your notes [1]: The 2025 budget is 12,000 euros.');
    expect(text).toContain('From your notes [2]: Budgets are reviewed every quarter.');
    expect(text).not.toContain('Travel is capped');
    expect(chunks.at(-1)).toEqual({ type: 'usage', usage: { inputTokens: expect.any(Number), outputTokens: countTokens(text) } });
  });

  it('says which tool failed and why', async () => {
    const history: ChatMessage[] = [
      { role: 'user', content: 'read https://example.test/a' },
      { role: 'assistant', content: '', toolCalls: [{ id: 'c1', name: 'web_fetch', arguments: { url: 'https://example.test/a' } }] },
      { role: 'tool', toolCallId: 'c1', name: 'web_fetch', content: '127.0.0.1 is a loopback address: Webox does not fetch private networks', isError: true },
    ];
    const { text } = await drain(adapter.stream({ model: 'webox-mini', messages: history, tools: BUILT_INS }, offline, never()));

    expect(text).toContain('**web_fetch** failed: 127.0.0.1 is a loopback address');
  });

  it.each([
    ['what is 12 * (3+4)', [{ name: 'calculator', arguments: { expression: '12 * (3+4)' } }]],
    ['Calculate 1,200,000 divided by 3', [{ name: 'calculator', arguments: { expression: '1200000 / 3' } }]],
    ['search my knowledge for onboarding checklist', [{ name: 'knowledge_search', arguments: { query: 'onboarding checklist' } }]],
    ['According to my documents, what is the refund policy?', [{ name: 'knowledge_search', arguments: { query: 'refund policy' } }]],
    ['Que disent mes notes sur le budget ?', [{ name: 'knowledge_search', arguments: { query: 'budget' } }]],
    ['what time is it in Tokyo?', [{ name: 'current_time', arguments: { timeZone: 'Asia/Tokyo' } }]],
    ['what time is it in Lyon?', [{ name: 'current_time', arguments: {} }]],
    ['summarise https://example.com/post?id=3. thanks', [{ name: 'web_fetch', arguments: { url: 'https://example.com/post?id=3' } }]],
    ['draw a cat on a skateboard', [{ name: 'generate_image', arguments: { prompt: 'a cat on a skateboard' } }]],
    ['use my cold email prompt for ACME', [{ name: 'prompt_library', arguments: { query: 'cold email' } }]],
    ['find a prompt for product descriptions', [{ name: 'prompt_library', arguments: { query: 'product descriptions' } }]],
    [
      'generate an image of a sunset over Paris, then what is 2+2',
      [
        { name: 'generate_image', arguments: { prompt: 'a sunset over Paris' } },
        { name: 'calculator', arguments: { expression: '2+2' } },
      ],
    ],
    ['read pages 10-20 of the report', []],
  ])('%s', async (message, expected) => {
    const calls = toolCallsOf((await ask(message)).chunks).map(({ name, arguments: args }) => ({ name, arguments: args }));
    expect(calls).toEqual(expected);
  });

  it('calls only the tools offered', async () => {
    const { chunks, text } = await ask(QUESTION, [tool('knowledge_search')]);

    expect(toolCallsOf(chunks).map((call) => call.name)).toEqual(['knowledge_search']);
    expect(text).toBe('Offline: calling knowledge_search.');
  });

  it('answers as usual when no tool fits, and numbers its calls by turn so ids stay unique in a conversation', async () => {
    const plain = await ask('hello there');
    expect(toolCallsOf(plain.chunks)).toEqual([]);
    expect(plain.text).toContain(`**${OFFLINE_NOTICE}**`);
    expect(plain.text).toContain('> hello there');

    const later = await ask('what is 2+2', BUILT_INS, [
      { role: 'user', content: 'hello there' },
      { role: 'assistant', content: 'hi' },
    ]);
    expect(toolCallsOf(later.chunks)[0]?.id).toBe('call_local_2_1');
  });

  it('stops with ProviderError aborted when cancelled before its tool calls', async () => {
    const controller = new AbortController();
    const { chunks, error } = await drain(adapter.stream({ model: 'webox-mini', messages: [{ role: 'user', content: QUESTION }], tools: BUILT_INS }, offline, controller.signal), (chunk) => {
      if (chunk.type === 'text') controller.abort();
    });

    expect(toolCallsOf(chunks)).toEqual([]);
    expect(error).toMatchObject({ provider: 'local', code: 'aborted' });
  });
});

describe('countTokens', () => {
  it('counts words and symbol runs', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokens('hello world')).toBe(2);
    expect(countTokens('four, five.')).toBe(4);
    expect(countTokens('a '.repeat(100))).toBe(100);
  });

  it('counts long runs as tokenizers cut them, so an absurd "word" does not pass for one token', () => {
    expect(countTokens('2026')).toBe(2);
    expect(countTokens('9'.repeat(199_999))).toBe(66_667);
    expect(countTokens('internationalisation')).toBe(3);
    expect(countTokens('a'.repeat(200_012))).toBe(50_001);
  });
});
