import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { Observable, Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ChatModelDto, ChatStreamEventName, ConversationDetailDto, MessageDto, UserDto } from '../../api/models';
import { SessionStore } from '../../core/auth/session.store';
import { SseClient } from '../../core/streaming/sse-client';
import type { SseEvent } from '../../core/streaming/sse-parser';
import type { ChatStreamEventData } from '../../core/streaming/chat-stream-events';
import { ChatStore } from './chat.store';
import { ChatAttachments } from './chat-attachments.store';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { ConversationsStore } from './conversations.store';

const CONVERSATION = '3f1c2a52-9a55-4a7e-9d43-6b1f0c7d2e11';

function chatModel(id: string, options: Partial<ChatModelDto> = {}): ChatModelDto {
  const [provider] = id.split('/') as [ChatModelDto['provider']];
  return { id, provider, providerLabel: provider, name: id, contextTokens: 1000, inputPricePerMTok: 1, outputPricePerMTok: 2, offline: provider === 'local', vision: provider !== 'local', available: true, sampling: 'both', workspaceDefault: false, ...options };
}

const sse = <E extends ChatStreamEventName>(event: E, data: ChatStreamEventData<E>): SseEvent => ({ event, data: JSON.stringify(data) });

describe('ChatStore', () => {
  let http: HttpTestingController;
  let streams: { path: string; body: unknown; events: Subject<SseEvent>; closed: () => boolean }[];
  let navigate: ReturnType<typeof vi.spyOn>;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.language', 'en');
    streams = [];
    const fakeSse = {
      post: (path: string, body: unknown) => {
        const events = new Subject<SseEvent>();
        let closed = false;
        streams.push({ path, body, events, closed: () => closed });
        // Like SseClient's: unsubscribing is the abort.
        return new Observable<SseEvent>((subscriber) => {
          const subscription = events.subscribe(subscriber);
          return () => {
            closed = true;
            subscription.unsubscribe();
          };
        });
      },
    };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), ChatStore, ConversationsStore, ChatAttachments, MediaTransfer, { provide: SseClient, useValue: fakeSse }],
    });
    http = TestBed.inject(HttpTestingController);
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  const NO_SETTINGS = { systemPrompt: null, temperature: null, topP: null, maxTokens: null, modelSettings: null };
  const USER: UserDto = { id: 'u1', email: 'a@b.c', name: 'A', role: 'user', status: 'active', language: 'en', theme: 'light', defaultChatModel: null, favoriteModels: [], createdAt: '' };

  function loadModels(store: ChatStore, models: ChatModelDto[]) {
    store.loadModels();
    http.expectOne('/api/chat/models').flush(models);
  }

  function expectListRefresh() {
    http.expectOne((request) => request.url === '/api/chat/history').flush({ items: [], total: 0, page: 1, limit: 30 });
  }

  const message = (id: string, turn: number, role: MessageDto['role'], content: string, model?: string, status: MessageDto['status'] = 'complete', extra: Partial<MessageDto> = {}): MessageDto => ({
    id,
    turn,
    parentId: null,
    siblingIds: [id],
    role,
    kind: 'reply',
    content,
    status,
    truncated: false,
    createdAt: '2026-11-26T00:00:00.000Z',
    steps: [],
    citations: [],
    attachments: [],
    ...(model ? { model, inputTokens: 1, outputTokens: 2, cost: 0.001, ttftMs: 10, durationMs: 20 } : {}),
    ...extra,
  });
  const conversationDetail = (messages: MessageDto[]): ConversationDetailDto => ({
    id: CONVERSATION,
    title: 'Rivers',
    pinned: false,
    archived: false,
    folder: null,
    models: [],
    systemPrompt: null,
    settings: null,
    createdAt: '2026-11-26T00:00:00.000Z',
    updatedAt: '2026-11-26T00:00:00.000Z',
    messages,
  });

  it('starts with the default model, else the remembered models that still work, else the offline one: never a model the user did not choose', () => {
    localStorage.setItem('webox.chat.models', JSON.stringify(['google/gemini-2.5-pro', 'anthropic/claude-haiku-4-5']));
    const store = TestBed.inject(ChatStore);
    loadModels(store, [chatModel('openai/gpt-5.4'), chatModel('anthropic/claude-haiku-4-5'), chatModel('google/gemini-2.5-pro', { available: false }), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['anthropic/claude-haiku-4-5']);

    // A key was added (OpenAI usable): the chat stays on the offline model, not the dearest new one.
    localStorage.removeItem('webox.chat.models');
    loadModels(store, [chatModel('openai/gpt-5.4'), chatModel('anthropic/claude-haiku-4-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['local/webox-mini']);

    TestBed.inject(SessionStore).setUser({ ...USER, defaultChatModel: 'anthropic/claude-haiku-4-5' });
    loadModels(store, [chatModel('openai/gpt-5.4'), chatModel('anthropic/claude-haiku-4-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['anthropic/claude-haiku-4-5']);

    // The default cannot be used now (its key was removed): the offline model, not another one.
    loadModels(store, [chatModel('openai/gpt-5.4'), chatModel('anthropic/claude-haiku-4-5', { available: false }), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['local/webox-mini']);
  });

  it('starts with the model the address asks for when it is usable, over the default; once', () => {
    TestBed.inject(SessionStore).setUser({ ...USER, defaultChatModel: 'local/webox-mini' });
    const store = TestBed.inject(ChatStore);
    store.requestModel('anthropic/claude-opus-5');
    loadModels(store, [chatModel('anthropic/claude-opus-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['anthropic/claude-opus-5']);
    expect(store.refusedRequest()).toBeNull();

    // Used up: a new conversation starts as usual.
    store.reset();
    expect(store.selection()).toEqual(['local/webox-mini']);
  });

  it('keeps the usual selection and says why when the requested model cannot be used, or is unknown', () => {
    const store = TestBed.inject(ChatStore);
    store.requestModel('openai/gpt-5.4');
    loadModels(store, [chatModel('openai/gpt-5.4', { name: 'GPT-5.4', available: false, unavailableReason: 'No OpenAI API key: add one in your profile.' }), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['local/webox-mini']);
    expect(store.refusedRequest()).toEqual({ name: 'GPT-5.4', reason: 'No OpenAI API key: add one in your profile.' });

    store.requestModel('openai-compatible/mistral-large-latest');
    expect(store.refusedRequest()).toBeNull();
    loadModels(store, [chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['local/webox-mini']);
    expect(store.refusedRequest()).toEqual({ name: 'openai-compatible/mistral-large-latest', reason: 'Webox does not know this model.' });
  });

  it('without a default of the user’s own, starts with the workspace’s (an admin’s) when it can be used; the user’s own wins over it', () => {
    localStorage.setItem('webox.chat.models', JSON.stringify(['anthropic/claude-haiku-4-5']));
    const store = TestBed.inject(ChatStore);
    loadModels(store, [chatModel('openai/gpt-5.4', { workspaceDefault: true }), chatModel('anthropic/claude-haiku-4-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['openai/gpt-5.4']);
    expect(store.defaultModel()).toBe('openai/gpt-5.4');

    // Turned off for this user since: the remembered models, as before.
    loadModels(store, [chatModel('openai/gpt-5.4', { workspaceDefault: true, available: false, unavailableCode: 'MODEL_DISABLED' }), chatModel('anthropic/claude-haiku-4-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['anthropic/claude-haiku-4-5']);

    TestBed.inject(SessionStore).setUser({ ...USER, defaultChatModel: 'local/webox-mini' });
    loadModels(store, [chatModel('openai/gpt-5.4', { workspaceDefault: true }), chatModel('anthropic/claude-haiku-4-5'), chatModel('local/webox-mini')]);
    expect(store.selection()).toEqual(['local/webox-mini']);
    expect(store.defaultModel()).toBe('local/webox-mini');
  });

  it('sends the settings with each message, and applies a preset’s settings and usable models', () => {
    const store = TestBed.inject(ChatStore);
    loadModels(store, [chatModel('openai/gpt-5.4'), chatModel('anthropic/claude-haiku-4-5', { available: false }), chatModel('local/webox-mini')]);
    store.applyPreset({
      id: 'p1',
      name: 'Careful',
      models: ['anthropic/claude-haiku-4-5', 'openai/gpt-5.4'],
      systemPrompt: 'Be careful.',
      temperature: 0.2,
      topP: null,
      maxTokens: 300,
      modelSettings: { 'openai/gpt-5.4': { topP: 0.5 } },
      createdAt: '',
      updatedAt: '',
    });
    expect(store.selection()).toEqual(['openai/gpt-5.4']);
    store.draft.set('Hi');
    store.send();
    expect(streams[0]!.body).toEqual({
      message: 'Hi',
      models: ['openai/gpt-5.4'],
      stream: true,
      systemPrompt: 'Be careful.',
      temperature: 0.2,
      topP: null,
      maxTokens: 300,
      modelSettings: { 'openai/gpt-5.4': { topP: 0.5 } },
    });
  });

  it('remembers a selection of 1 to 12 models', () => {
    const store = TestBed.inject(ChatStore);
    store.select(Array.from({ length: 14 }, (_, i) => `openai-compatible/m${i}`));
    expect(store.selection()).toHaveLength(12);
    store.select([]);
    expect(store.selection()).toHaveLength(12);
    store.select(['local/webox-mini', 'openai/gpt-5.4']);
    expect(JSON.parse(localStorage.getItem('webox.chat.models')!)).toEqual(['local/webox-mini', 'openai/gpt-5.4']);
  });

  it('fills each model of a turn from the stream, and follows the new conversation', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4', 'anthropic/claude-haiku-4-5']);
    store.draft.set('  Hello  ');
    expect(store.send()).toBe(true);

    expect(streams[0]!.path).toBe('/api/chat');
    expect(streams[0]!.body).toEqual({ message: 'Hello', models: ['openai/gpt-5.4', 'anthropic/claude-haiku-4-5'], stream: true, ...NO_SETTINGS });
    expect(store.draft()).toBe('');
    expect(store.streaming()).toBe(true);
    expect(Object.values(store.turns()[0]!.replies).map((reply) => reply.status)).toEqual(['pending', 'pending']);
    expect(store.send()).toBe(false);

    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    expect(store.conversationId()).toBe(CONVERSATION);
    expect(navigate).toHaveBeenCalledWith(['/chat', CONVERSATION], { replaceUrl: true });

    events.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'm1' }));
    events.next(sse('start', { model: 'anthropic/claude-haiku-4-5', messageId: 'm2' }));
    events.next(sse('delta', { model: 'openai/gpt-5.4', text: 'Hel' }));
    events.next(sse('delta', { model: 'openai/gpt-5.4', text: 'lo!' }));
    events.next({ event: 'ping', data: '{}' });
    let replies = store.turns()[0]!.replies;
    expect(replies['openai/gpt-5.4']).toMatchObject({ status: 'streaming', content: 'Hello!', messageId: 'm1' });
    expect(replies['anthropic/claude-haiku-4-5']).toMatchObject({ status: 'streaming', content: '' });

    events.next(sse('done', { model: 'openai/gpt-5.4', messageId: 'm1', status: 'complete', usage: { inputTokens: 3, outputTokens: 2 }, cost: 0.000007, ttftMs: 120, durationMs: 900, citations: [], truncated: false }));
    events.next(sse('error', { model: 'anthropic/claude-haiku-4-5', messageId: 'm2', code: 'unavailable', message: 'Anthropic: server error (500)' }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Hello' }));
    events.complete();
    expectListRefresh();

    replies = store.turns()[0]!.replies;
    expect(replies['openai/gpt-5.4']).toMatchObject({ status: 'complete', inputTokens: 3, outputTokens: 2, cost: 0.000007, ttftMs: 120, durationMs: 900 });
    expect(replies['anthropic/claude-haiku-4-5']).toMatchObject({ status: 'error', error: 'Anthropic: server error (500)' });
    expect(store.title()).toBe('Hello');
    expect(store.streaming()).toBe(false);
    expect(store.error()).toBeNull();
  });

  it('shows the tool steps of a reply where they happened, its notes, and the citations of its done event', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['local/webox-mini']);
    store.draft.set('what is 17.5% of 2,340 and what do my notes say about budgets?');
    store.send();
    const events = streams[0]!.events;
    const ids = { model: 'local/webox-mini', messageId: 'm1' };
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    events.next(sse('start', ids));
    events.next(sse('note', { ...ids, text: 'Tool web_fetch is not available for this turn: blocked', noteKey: 'toolUnavailable', params: { tool: 'web_fetch', reason: 'blocked' } }));
    events.next(sse('delta', { model: ids.model, text: 'Offline: calling tools. ' }));
    events.next(sse('tool_call', { ...ids, callId: 'c1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } }));
    events.next(sse('tool_call', { ...ids, callId: 'c2', name: 'knowledge_search', arguments: { query: 'budgets' } }));
    const reply = () => store.turns()[0]!.replies['local/webox-mini']!;
    expect(reply().steps.map((step) => [step.kind, step.name, step.status, step.offset])).toEqual([
      ['note', undefined, undefined, 0],
      ['tool', 'calculator', 'running', 24],
      ['tool', 'knowledge_search', 'running', 24],
    ]);

    events.next(sse('tool_result', { ...ids, callId: 'c1', name: 'calculator', summary: '17.5 / 100 * 2340 = 409.5', durationMs: 2 }));
    events.next(sse('tool_result', { ...ids, callId: 'c2', name: 'knowledge_search', summary: 'Nothing found', durationMs: 30, error: 'The search failed' }));
    expect(reply().steps[1]).toMatchObject({ status: 'ok', summary: '17.5 / 100 * 2340 = 409.5', durationMs: 2 });
    expect(reply().steps[2]).toMatchObject({ status: 'error', error: 'The search failed' });

    const citation = { n: 1, chunkId: 'k1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'budgets.md', page: null, snippet: 'The 2026 budget…' };
    events.next(sse('delta', { model: ids.model, text: '409.5. From your notes [1].' }));
    events.next(sse('done', { ...ids, status: 'complete', usage: { inputTokens: 3, outputTokens: 2 }, cost: 0, ttftMs: 5, durationMs: 90, citations: [citation], truncated: false }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Budgets' }));
    events.complete();
    expectListRefresh();
    expect(reply()).toMatchObject({ status: 'complete', content: 'Offline: calling tools. 409.5. From your notes [1].', citations: [citation] });
    expect(reply().steps).toHaveLength(3);
  });

  it('sends the attached knowledge collections once, keeps them for the conversation, and restores them when it opens', () => {
    const store = TestBed.inject(ChatStore);
    store.loadCollections();
    http.expectOne((request) => request.url === '/api/knowledge/collections' && request.params.get('limit') === '100').flush({ items: [{ id: 'col1', name: 'Notes' }], total: 1, page: 1, limit: 100 });
    expect(store.collections().map((collection) => collection.name)).toEqual(['Notes']);
    expect(store.collectionsState()).toBe('ready');

    store.select(['local/webox-mini']);
    store.attach(['col1', 'col1']);
    expect(store.attached()).toEqual(['col1']);
    store.draft.set('Budgets?');
    store.send();
    expect(streams[0]!.body).toEqual({ message: 'Budgets?', models: ['local/webox-mini'], stream: true, collectionIds: ['col1'], ...NO_SETTINGS });
    streams[0]!.events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    streams[0]!.events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Budgets' }));
    streams[0]!.events.complete();
    expectListRefresh();

    // Unchanged: not sent again (the conversation keeps them). Detached: an empty list.
    store.draft.set('More?');
    store.send();
    expect(streams[1]!.body).toEqual({ message: 'More?', models: ['local/webox-mini'], stream: true, conversationId: CONVERSATION, ...NO_SETTINGS });
    store.stop();
    expectListRefresh();
    store.attach([]);
    store.draft.set('Without notes');
    store.send();
    expect(streams[2]!.body).toMatchObject({ collectionIds: [] });
    store.stop();
    expectListRefresh();

    const detail = (extra: Partial<ConversationDetailDto>): ConversationDetailDto => ({ id: CONVERSATION, title: 'Budgets', pinned: false, archived: false, folder: null, models: [], systemPrompt: null, settings: null, createdAt: '', updatedAt: '', messages: [], ...extra });
    store.open(CONVERSATION);
    expect(store.attached()).toEqual([]);
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(detail({ collectionIds: ['col1'] }));
    expect(store.attached()).toEqual(['col1']);
    expect(store.agentConversation()).toBe(false);

    store.open(CONVERSATION);
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(detail({ agentId: 'a1', agentName: 'Sales' }));
    expect(store.agentConversation()).toBe(true);
    store.attach(['col1']);
    store.draft.set('Agent conversation');
    store.send();
    expect(streams[3]!.body).not.toHaveProperty('collectionIds');
    store.stop();
    expectListRefresh();
  });

  it('reads a stored reply back with its steps and citations', () => {
    const store = TestBed.inject(ChatStore);
    store.open(CONVERSATION);
    const steps: MessageDto['steps'] = [{ kind: 'tool', callId: 'c1', name: 'calculator', arguments: { expression: '1+1' }, offset: 0, status: 'ok', summary: '1+1 = 2', durationMs: 1 }];
    const citations: MessageDto['citations'] = [{ n: 1, chunkId: 'k1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'a.md', page: 2, snippet: 'Two' }];
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush({
      id: CONVERSATION,
      title: 'Sums',
      pinned: false,
      archived: false,
      folder: null,
      models: ['local/webox-mini'],
      systemPrompt: null,
      settings: null,
      createdAt: '',
      updatedAt: '',
      messages: [
        { id: 'u1', turn: 1, parentId: null, siblingIds: ['u1'], kind: 'reply', role: 'user', content: 'Sum?', status: 'complete', truncated: false, createdAt: '', steps: [], citations: [], attachments: [] },
        { id: 'a1', turn: 1, parentId: 'u1', siblingIds: ['a1'], kind: 'reply', role: 'assistant', model: 'local/webox-mini', content: 'It is 2 [1].', status: 'complete', truncated: false, createdAt: '', steps, citations, attachments: [] },
      ],
    } satisfies ConversationDetailDto);
    expect(store.turns()[0]!.replies['local/webox-mini']).toMatchObject({ content: 'It is 2 [1].', steps, citations });
  });

  it('shows an error of the turn itself (no model) and ends what is still live, then takes the end', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4', 'anthropic/claude-haiku-4-5']);
    store.draft.set('Hello');
    store.send();
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    events.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'm1' }));
    events.next(sse('done', { model: 'openai/gpt-5.4', messageId: 'm1', status: 'complete', usage: { inputTokens: 3, outputTokens: 2 }, cost: 0, ttftMs: 120, durationMs: 900, citations: [], truncated: false }));
    events.next(sse('error', { code: 'INTERNAL_ERROR', message: 'Webox could not finish this turn' }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Hello' }));
    events.complete();
    expectListRefresh();

    const replies = store.turns()[0]!.replies;
    expect(Object.keys(replies)).toEqual(['openai/gpt-5.4', 'anthropic/claude-haiku-4-5']);
    expect(replies['openai/gpt-5.4']).toMatchObject({ status: 'complete' });
    // Said from its code in the reader's language, not the server's English sentence.
    const said = 'Webox failed unexpectedly. Try again; if it goes on, tell your administrator.';
    expect(replies['anthropic/claude-haiku-4-5']).toMatchObject({ status: 'error', error: said });
    expect(store.error()).toBe(said);
    expect(store.streaming()).toBe(false);
  });

  it('keeps a failed column’s code and values (a vendor’s code as the API’s PROVIDER_ one), for the column to say it translated', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4', 'anthropic/claude-haiku-4-5']);
    store.draft.set('Hello');
    store.send();
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    events.next(sse('start', { model: 'anthropic/claude-haiku-4-5', messageId: 'm2' }));
    events.next(sse('error', { model: 'anthropic/claude-haiku-4-5', messageId: 'm2', code: 'rate_limited', message: 'Anthropic: too many requests', provider: 'anthropic' }));
    expect(store.turns()[0]!.replies['anthropic/claude-haiku-4-5']).toMatchObject({ status: 'error', error: 'Anthropic: too many requests', errorCode: 'PROVIDER_RATE_LIMITED', errorParams: { provider: 'anthropic' } });
  });

  it('Stop closes the stream and marks what is still being written as stopped', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4', 'local/webox-mini']);
    store.draft.set('Long answer please');
    store.send();
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    events.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'm1' }));
    events.next(sse('delta', { model: 'openai/gpt-5.4', text: 'Once upon' }));

    store.stop();
    expectListRefresh();
    expect(streams[0]!.closed()).toBe(true);
    expect(store.streaming()).toBe(false);
    const replies = store.turns()[0]!.replies;
    expect(replies['openai/gpt-5.4']).toMatchObject({ status: 'stopped', content: 'Once upon' });
    expect(replies['local/webox-mini']).toMatchObject({ status: 'stopped', content: '' });
  });

  it('gives the message back when the server refuses it before anything is stored', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4']);
    store.draft.set('Too long');
    store.send();
    streams[0]!.events.error(
      new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'CONTEXT_EXCEEDED', message: 'The conversation is over the context of openai/gpt-5.4' } }),
    );
    expect(store.turns()).toEqual([]);
    expect(store.draft()).toBe('Too long');
    expect(store.error()).toBe('The conversation is over the context of openai/gpt-5.4');
    expect(store.streaming()).toBe(false);
  });

  it('uploads attached files to the media library, sends their ids with the message, and gives them back when it is refused', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4']);
    store.attachments.addFiles([new File(['png'], 'kite.png', { type: 'image/png' })]);
    store.attachments.addFromLibrary({ id: 'doc-1', name: 'plan.pdf', mimeType: 'application/pdf', size: 9, thumbnailUrl: null } as never);
    store.draft.set('What is this?');
    // Not while a file is still being uploaded.
    expect(store.send()).toBe(false);
    expect(store.error()).toBe('Wait for the files to finish uploading, or remove them.');
    const upload = http.expectOne('/api/media/upload');
    expect((upload.request.body as FormData).get('files')).toBeInstanceOf(File);
    upload.flush([{ id: 'img-1', name: 'kite.png', mimeType: 'image/png', size: 3 }]);

    expect(store.send()).toBe(true);
    expect(streams[0]!.body).toMatchObject({ message: 'What is this?', attachments: ['img-1', 'doc-1'] });
    expect(store.turns()[0]!.attachments?.map((a) => [a.name, a.kind])).toEqual([
      ['kite.png', 'image'],
      ['plan.pdf', 'document'],
    ]);
    expect(store.attachments.items()).toEqual([]);

    streams[0]!.events.error(new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'ATTACHMENT_TOO_LARGE', message: '"kite.png" is 6 MB, over the 5 MB limit for an attached image' } }));
    expect(store.error()).toContain('kite.png');
    expect(store.attachments.items().map((item) => item.mediaFileId)).toEqual(['img-1', 'doc-1']);
  });

  it('marks the replies as failed when the stream is cut before its end', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4']);
    store.draft.set('Hi');
    store.send();
    streams[0]!.events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    streams[0]!.events.next(sse('delta', { model: 'openai/gpt-5.4', text: 'Half' }));
    streams[0]!.events.complete();
    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ status: 'error', content: 'Half', error: 'The connection was interrupted before the reply was finished.' });
  });

  it('opens a stored conversation with its turns and the models that answered in it', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['local/webox-mini']);
    store.open(CONVERSATION);
    expect(store.conversationState()).toBe('loading');
    const detail: ConversationDetailDto = {
      ...conversationDetail([]),
      models: ['anthropic/claude-haiku-4-5', 'local/webox-mini', 'openai/gpt-5.4'],
      messages: [
        message('u1', 1, 'user', 'Rivers?'),
        message('a1', 1, 'assistant', 'Seine', 'local/webox-mini'),
        message('u2', 2, 'user', 'More?'),
        message('a2', 2, 'assistant', 'Loire', 'openai/gpt-5.4', 'stopped'),
        message('a3', 2, 'assistant', '', 'anthropic/claude-haiku-4-5', 'error'),
      ],
    };
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(detail);

    expect(store.conversationState()).toBe('ready');
    expect(store.title()).toBe('Rivers');
    expect(store.selection()).toEqual(['openai/gpt-5.4', 'anthropic/claude-haiku-4-5', 'local/webox-mini']);
    expect(store.turns().map((turn) => [turn.turn, turn.question, Object.keys(turn.replies)])).toEqual([
      [1, 'Rivers?', ['local/webox-mini']],
      [2, 'More?', ['openai/gpt-5.4', 'anthropic/claude-haiku-4-5']],
    ]);
    expect(store.turns()[1]!.replies['openai/gpt-5.4']).toMatchObject({ status: 'stopped', content: 'Loire', cost: 0.001 });
  });

  it('says a conversation that does not exist is missing', () => {
    const store = TestBed.inject(ChatStore);
    store.open(CONVERSATION);
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush({ statusCode: 404, code: 'CONVERSATION_NOT_FOUND', message: 'Conversation not found' }, { status: 404, statusText: 'Not Found' });
    expect(store.conversationState()).toBe('missing');
  });

  it('regenerates one reply of the last turn, and keeps the old one if the new one fails', () => {
    const store = TestBed.inject(ChatStore);
    store.select(['openai/gpt-5.4']);
    store.draft.set('Hi');
    store.send();
    const first = streams[0]!.events;
    first.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    first.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'm1' }));
    first.next(sse('delta', { model: 'openai/gpt-5.4', text: 'Old answer' }));
    first.next(sse('done', { model: 'openai/gpt-5.4', messageId: 'm1', status: 'complete', usage: { inputTokens: 1, outputTokens: 2 }, cost: 0, ttftMs: 5, durationMs: 9, citations: [], truncated: false }));
    first.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Hi' }));
    first.complete();
    expectListRefresh();

    store.regenerate('openai/gpt-5.4');
    expect(streams[1]!.path).toBe(`/api/chat/conversations/${CONVERSATION}/regenerate`);
    expect(streams[1]!.body).toEqual({ model: 'openai/gpt-5.4', messageId: 'u1', stream: true });
    expect(store.turns()[0]!.replies['openai/gpt-5.4']!.status).toBe('pending');

    const second = streams[1]!.events;
    second.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: null }));
    second.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'm2' }));
    second.next(sse('error', { model: 'openai/gpt-5.4', messageId: 'm2', code: 'rate_limited', message: 'OpenAI: rate limited' }));
    second.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Hi' }));
    second.complete();
    expectListRefresh();
    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ status: 'complete', content: 'Old answer', messageId: 'm1' });
    // Then the branch is read back (the server dropped the failed version).
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(conversationDetail([message('u1', 1, 'user', 'Hi'), message('m1', 1, 'assistant', 'Old answer', 'openai/gpt-5.4')]));

    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ status: 'complete', content: 'Old answer', messageId: 'm1' });
    expect(store.turns()[0]!.userMessageId).toBe('u1');
    expect(store.error()).toContain('OpenAI: rate limited');
  });
  /** Opens a stored conversation of two turns (Rivers? / More?) answered by GPT. */
  function openTwoTurns(store: ChatStore, messages?: MessageDto[]) {
    store.open(CONVERSATION);
    http
      .expectOne(`/api/chat/conversations/${CONVERSATION}`)
      .flush(
        conversationDetail(
          messages ?? [
            message('u1', 1, 'user', 'Rivers?'),
            message('a1', 1, 'assistant', 'Seine', 'openai/gpt-5.4', 'complete', { parentId: 'u1' }),
            message('u2', 2, 'user', 'More?', undefined, 'complete', { parentId: 'u1' }),
            message('a2', 2, 'assistant', 'Loire', 'openai/gpt-5.4', 'complete', { parentId: 'u2' }),
          ],
        ),
      );
  }

  it('edit and resend: the edited turn is answered anew with editOf, the later turns leave, and the branch is read back with its versions', () => {
    const store = TestBed.inject(ChatStore);
    openTwoTurns(store);
    const first = store.turns()[0]!;

    expect(store.edit(first.key, '  Lakes?  ')).toBe(true);

    expect(streams[0]!.path).toBe('/api/chat');
    expect(streams[0]!.body).toEqual({ message: 'Lakes?', models: ['openai/gpt-5.4'], stream: true, conversationId: CONVERSATION, editOf: 'u1', ...NO_SETTINGS });
    expect(store.turns().map((turn) => [turn.turn, turn.question, turn.replies['openai/gpt-5.4']!.status])).toEqual([[1, 'Lakes?', 'pending']]);
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u3' }));
    events.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'a3' }));
    events.next(sse('delta', { model: 'openai/gpt-5.4', text: 'Geneva' }));
    events.next(sse('done', { model: 'openai/gpt-5.4', messageId: 'a3', status: 'complete', usage: { inputTokens: 1, outputTokens: 1 }, cost: 0, ttftMs: 1, durationMs: 2, citations: [], truncated: false }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Rivers' }));
    events.complete();
    expectListRefresh();
    http
      .expectOne(`/api/chat/conversations/${CONVERSATION}`)
      .flush(conversationDetail([message('u3', 1, 'user', 'Lakes?', undefined, 'complete', { siblingIds: ['u1', 'u3'] }), message('a3', 1, 'assistant', 'Geneva', 'openai/gpt-5.4', 'complete', { parentId: 'u3' })]));

    expect(store.turns()).toHaveLength(1);
    expect(store.turns()[0]).toMatchObject({ question: 'Lakes?', userMessageId: 'u3', siblingIds: ['u1', 'u3'] });
  });

  it('an edit refused before anything is stored puts the conversation back as it was', () => {
    const store = TestBed.inject(ChatStore);
    openTwoTurns(store);
    const before = store.turns();

    store.edit(before[1]!.key, 'Oceans?');
    streams[0]!.events.error(new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'ATTACHMENT_TYPE_REFUSED', message: '"voice.wav" cannot be attached' } }));

    expect(store.turns()).toBe(before);
    expect(store.error()).toBe('"voice.wav" cannot be attached');
    // Nothing to edit without text, or while a question is not stored.
    expect(store.edit(before[0]!.key, '   ')).toBe(false);
  });

  it('shows another version with the server’s answer, and regenerates every column of a turn named by its question', () => {
    const store = TestBed.inject(ChatStore);
    openTwoTurns(store);

    store.showVersion('u1b');
    const select = http.expectOne(`/api/chat/conversations/${CONVERSATION}/select`);
    expect(select.request.body).toEqual({ messageId: 'u1b' });
    select.flush(conversationDetail([message('u1b', 1, 'user', 'Streams?', undefined, 'complete', { siblingIds: ['u1', 'u1b'] })]));
    expect(store.turns().map((turn) => turn.question)).toEqual(['Streams?']);

    openTwoTurns(store, [
      message('u1', 1, 'user', 'Rivers?'),
      message('a1', 1, 'assistant', 'Seine', 'openai/gpt-5.4', 'complete', { parentId: 'u1' }),
      message('b1', 1, 'assistant', 'Rhine', 'local/webox-mini', 'complete', { parentId: 'u1' }),
    ]);
    store.regenerateAll(store.turns()[0]!.key);
    expect(streams[0]!.body).toEqual({ models: ['openai/gpt-5.4', 'local/webox-mini'], messageId: 'u1', stream: true });
    expect(Object.values(store.turns()[0]!.replies).map((reply) => reply.status)).toEqual(['pending', 'pending']);
  });

  it('merges the answers of a turn into its merged answer, beside the columns (left as they were); a refused merge puts the turn back', () => {
    const store = TestBed.inject(ChatStore);
    const turn = [
      message('u1', 1, 'user', 'Rivers?'),
      message('a1', 1, 'assistant', 'Seine', 'openai/gpt-5.4', 'complete', { parentId: 'u1' }),
      message('b1', 1, 'assistant', 'Rhine', 'local/webox-mini', 'complete', { parentId: 'u1' }),
    ];
    openTwoTurns(store, turn);
    const columns = store.turns()[0]!.replies;

    store.merge(store.turns()[0]!.key, 'local/webox-mini');
    expect(streams[0]).toMatchObject({ path: '/api/chat/messages/u1/merge', body: { model: 'local/webox-mini', stream: true } });
    expect(store.turns()[0]!.merged).toMatchObject({ model: 'local/webox-mini', status: 'pending' });
    // The column of the merging model is not the one being written.
    expect(store.isStreaming('local/webox-mini')).toBe(false);
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: null }));
    events.next(sse('start', { model: 'local/webox-mini', messageId: 'm1' }));
    events.next(sse('delta', { model: 'local/webox-mini', text: 'Seine and Rhine' }));
    expect(store.turns()[0]!.merged).toMatchObject({ content: 'Seine and Rhine', status: 'streaming' });
    events.next(sse('done', { model: 'local/webox-mini', messageId: 'm1', status: 'complete', usage: { inputTokens: 9, outputTokens: 3 }, cost: 0, ttftMs: 1, durationMs: 2, citations: [], truncated: false }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Rivers' }));
    events.complete();
    expectListRefresh();
    expect(store.turns()[0]!.replies).toEqual(columns);
    expect(store.turns()[0]!.merged).toMatchObject({ messageId: 'm1', content: 'Seine and Rhine', status: 'complete', outputTokens: 3 });
    // The branch is read again (the merged answer's versions), and keeps it.
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(conversationDetail([...turn, message('m1', 1, 'assistant', 'Seine and Rhine', 'local/webox-mini', 'complete', { parentId: 'u1', kind: 'merged' })]));
    expect(store.turns()[0]!.merged).toMatchObject({ messageId: 'm1', model: 'local/webox-mini' });
    expect(Object.keys(store.turns()[0]!.replies)).toEqual(['openai/gpt-5.4', 'local/webox-mini']);

    store.merge(store.turns()[0]!.key, 'openai/gpt-5.4');
    streams[1]!.events.error(new HttpErrorResponse({ status: 400, error: { statusCode: 400, code: 'NOTHING_TO_MERGE', message: 'Merging needs at least 2 answered columns' } }));
    expect(store.turns()[0]!.merged).toMatchObject({ messageId: 'm1', content: 'Seine and Rhine' });
    expect(store.error()).toContain('The answers could not be merged');
  });

  it('continues a reply cut by its length limit: the new text is appended; a failed continuation puts the reply back', () => {
    const store = TestBed.inject(ChatStore);
    openTwoTurns(store, [message('u1', 1, 'user', 'Count'), message('a1', 1, 'assistant', 'One two', 'openai/gpt-5.4', 'complete', { parentId: 'u1', truncated: true })]);
    expect(store.turns()[0]!.replies['openai/gpt-5.4']!.truncated).toBe(true);

    store.continueReply('openai/gpt-5.4');
    expect(streams[0]!.path).toBe('/api/chat/messages/a1/continue');
    const events = streams[0]!.events;
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: null }));
    events.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'a1' }));
    events.next(sse('delta', { model: 'openai/gpt-5.4', text: ' three' }));
    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ content: 'One two three', status: 'streaming' });
    events.next(sse('done', { model: 'openai/gpt-5.4', messageId: 'a1', status: 'complete', usage: { inputTokens: 2, outputTokens: 3 }, cost: 0, ttftMs: 1, durationMs: 2, citations: [], truncated: true }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Count' }));
    events.complete();
    expectListRefresh();
    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ content: 'One two three', status: 'complete', truncated: true, outputTokens: 3 });

    store.continueReply('openai/gpt-5.4');
    const again = streams[1]!.events;
    again.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: null }));
    again.next(sse('start', { model: 'openai/gpt-5.4', messageId: 'a1' }));
    again.next(sse('error', { model: 'openai/gpt-5.4', messageId: 'a1', code: 'unavailable', message: 'OpenAI is down' }));
    again.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 'Count' }));
    again.complete();
    expectListRefresh();
    expect(store.turns()[0]!.replies['openai/gpt-5.4']).toMatchObject({ content: 'One two three', status: 'complete', truncated: true });
    expect(store.error()).toContain('OpenAI is down');
  });
});
