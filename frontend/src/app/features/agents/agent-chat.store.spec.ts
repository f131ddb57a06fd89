import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Observable, Subject } from 'rxjs';
import { SseClient } from '../../core/streaming/sse-client';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ChatStreamEventName, ConversationDetailDto } from '../../api/models';
import type { SseEvent } from '../../core/streaming/sse-parser';
import type { ChatStreamEventData } from '../../core/streaming/chat-stream-events';
import { AgentChatStore } from './agent-chat.store';

const CONVERSATION = '3f1c2a52-9a55-4a7e-9d43-6b1f0c7d2e11';
const sse = <E extends ChatStreamEventName>(event: E, data: ChatStreamEventData<E>): SseEvent => ({ event, data: JSON.stringify(data) });

describe('AgentChatStore', () => {
  let streams: { path: string; body: unknown; events: Subject<SseEvent>; closed: () => boolean }[];
  let store: AgentChatStore;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    streams = [];
    const fakeSse = {
      post: (path: string, body: unknown) =>
        new Observable<SseEvent>((subscriber) => {
          const events = new Subject<SseEvent>();
          let closed = false;
          streams.push({ path, body, events, closed: () => closed });
          const subscription = events.subscribe(subscriber);
          return () => {
            closed = true;
            subscription.unsubscribe();
          };
        }),
    };
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), AgentChatStore, { provide: SseClient, useValue: fakeSse }] });
    store = TestBed.inject(AgentChatStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function answer(stream: (typeof streams)[number], text: string, conversationId = CONVERSATION): void {
    stream.events.next(sse('turn', { conversationId, turn: 1, userMessageId: 'u1' }));
    stream.events.next(sse('start', { model: 'local/webox-mini', messageId: 'm1' }));
    stream.events.next(sse('delta', { model: 'local/webox-mini', text }));
    stream.events.next(sse('done', { model: 'local/webox-mini', messageId: 'm1', status: 'complete', usage: { inputTokens: 1, outputTokens: 1 }, cost: 0, ttftMs: 1, durationMs: 2, citations: [], truncated: false }));
    stream.events.next(sse('end', { conversationId, turn: 1, title: 't' }));
    stream.events.complete();
  }

  it('streams the answer and continues the conversation named by the turn event', () => {
    expect(store.send('agent-1', '  Hello  ', 'openai/gpt-5.4-mini')).toBe(true);
    expect(streams[0]!.path).toBe('/api/assistants/chat');
    expect(streams[0]!.body).toEqual({ agentId: 'agent-1', message: 'Hello', stream: true, model: 'openai/gpt-5.4-mini' });
    expect(store.streaming()).toBe(true);
    expect(store.send('agent-1', 'Again')).toBe(false);

    answer(streams[0]!, 'Hi there');
    expect(store.streaming()).toBe(false);
    expect(store.turns()).toEqual([{ question: 'Hello', answer: 'Hi there', status: 'complete', error: null, steps: [], citations: [] }]);
    expect(store.conversationId()).toBe(CONVERSATION);

    store.send('agent-1', 'Follow-up', null);
    expect(streams[1]!.body).toEqual({ agentId: 'agent-1', message: 'Follow-up', stream: true, conversationId: CONVERSATION });
  });

  it('marks a cut stream and a refused request as failed, and stop closes the stream', () => {
    store.send('agent-1', 'One');
    streams[0]!.events.next(sse('delta', { model: 'm', text: 'Part' }));
    streams[0]!.events.complete();
    expect(store.turns()[0]).toMatchObject({ answer: 'Part', status: 'error' });

    store.send('agent-1', 'Two');
    streams[1]!.events.error(new HttpErrorResponse({ status: 404, error: { code: 'AGENT_NOT_FOUND', message: 'Agent not found' } }));
    expect(store.turns()[1]).toMatchObject({ status: 'error', error: 'This agent does not exist, or it is not yours.' });

    store.send('agent-1', 'Three');
    store.stop();
    expect(streams[2]!.closed()).toBe(true);
    expect(store.turns()[2]!.status).toBe('stopped');
    expect(store.streaming()).toBe(false);
  });

  it('shows the tool steps and notes of the agent as they come, and the citations of its answer', () => {
    store.send('agent-1', 'what is 17.5% of 2,340 and what do my notes say about budgets?');
    const events = streams[0]!.events;
    const ids = { model: 'local/webox-mini', messageId: 'm1' };
    events.next(sse('turn', { conversationId: CONVERSATION, turn: 1, userMessageId: 'u1' }));
    events.next(sse('start', ids));
    events.next(sse('delta', { model: ids.model, text: 'Checking. ' }));
    events.next(sse('tool_call', { ...ids, callId: 'c1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' } }));
    events.next(sse('tool_call', { ...ids, callId: 'c2', name: 'knowledge_search', arguments: { query: 'budgets' } }));
    expect(store.turns()[0]!.steps.map((step) => [step.name, step.status, step.offset])).toEqual([
      ['calculator', 'running', 10],
      ['knowledge_search', 'running', 10],
    ]);
    events.next(sse('tool_result', { ...ids, callId: 'c2', name: 'knowledge_search', summary: '1 passage from budgets.md', durationMs: 12 }));
    events.next(sse('tool_result', { ...ids, callId: 'c1', name: 'calculator', summary: 'Division by zero', durationMs: 1, error: 'Division by zero' }));
    events.next(sse('note', { ...ids, text: 'Stopped after 1 tool steps, this agent\'s limit: the model still asked for calculator.', noteKey: 'stepLimit', params: { steps: 1, tools: 'calculator' } }));
    const citation = { n: 1, chunkId: 'k1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'budgets.md', page: 3, snippet: 'Budgets…' };
    events.next(sse('delta', { model: ids.model, text: 'See [1].' }));
    events.next(sse('done', { ...ids, status: 'complete', usage: { inputTokens: 1, outputTokens: 1 }, cost: 0, ttftMs: 1, durationMs: 2, citations: [citation], truncated: false }));
    events.next(sse('end', { conversationId: CONVERSATION, turn: 1, title: 't' }));
    events.complete();

    const turn = store.turns()[0]!;
    expect(turn.steps.map((step) => [step.kind, step.status ?? step.text])).toEqual([
      ['tool', 'error'],
      ['tool', 'ok'],
      ['note', 'Stopped after 1 tool steps, this agent\'s limit: the model still asked for calculator.'],
    ]);
    expect(turn.steps[1]).toMatchObject({ summary: '1 passage from budgets.md', durationMs: 12 });
    expect(turn).toMatchObject({ answer: 'Checking. See [1].', status: 'complete', citations: [citation] });
  });

  it('opens a stored conversation with the steps and citations of its answers', () => {
    store.open(CONVERSATION);
    expect(store.state()).toBe('loading');
    expect(store.send('agent-1', 'Too early')).toBe(false);
    const steps = [{ kind: 'tool' as const, callId: 'c1', name: 'calculator', arguments: { expression: '1+1' }, offset: 0, status: 'ok' as const, summary: '2', durationMs: 1 }];
    const citations = [{ n: 1, chunkId: 'k1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'a.md', page: null, snippet: 'x' }];
    const detail: ConversationDetailDto = {
      id: CONVERSATION,
      title: 'Sums',
      pinned: false,
      archived: false,
      folder: null,
      models: ['local/webox-mini'],
      agentId: 'agent-1',
      systemPrompt: 'You add.',
      settings: null,
      createdAt: '',
      updatedAt: '',
      messages: [
        { id: 'u1', turn: 1, parentId: null, siblingIds: ['u1'], truncated: false, kind: 'reply', role: 'user', content: 'Sum?', status: 'complete', createdAt: '', steps: [], citations: [], attachments: [] },
        { id: 'a1', turn: 1, parentId: 'u1', siblingIds: ['a1'], truncated: false, kind: 'reply', role: 'assistant', model: 'local/webox-mini', content: '2 [1]', status: 'complete', createdAt: '', steps, citations, attachments: [] },
        { id: 'u2', turn: 2, parentId: 'u1', siblingIds: ['u2'], truncated: false, kind: 'reply', role: 'user', content: 'Again?', status: 'complete', createdAt: '', steps: [], citations: [], attachments: [] },
        { id: 'a2', turn: 2, parentId: 'u2', siblingIds: ['a2'], truncated: false, kind: 'reply', role: 'assistant', model: 'local/webox-mini', content: 'Half', status: 'streaming', createdAt: '', steps: [], citations: [], attachments: [] },
      ],
    };
    http.expectOne(`/api/chat/conversations/${CONVERSATION}`).flush(detail);
    expect(store.state()).toBe('ready');
    expect(store.conversationId()).toBe(CONVERSATION);
    expect(store.turns()).toEqual([
      { question: 'Sum?', answer: '2 [1]', status: 'complete', error: null, steps, citations },
      { question: 'Again?', answer: 'Half', status: 'incomplete', error: null, steps: [], citations: [] },
    ]);

    store.send('agent-1', 'Third');
    expect(streams[0]!.body).toMatchObject({ conversationId: CONVERSATION });

    store.open('missing');
    http.expectOne('/api/chat/conversations/missing').flush({ message: 'Conversation not found' }, { status: 404, statusText: 'Not Found' });
    expect(store.state()).toBe('missing');
  });
});
