import { HttpErrorResponse } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { Observable, Subject } from 'rxjs';
import { SseClient } from '../../core/streaming/sse-client';
import type { SseEvent } from '../../core/streaming/sse-parser';
import type { ChatStreamEventMap } from '../chat/chat-stream-events';
import { AgentChatStore } from './agent-chat.store';

const CONVERSATION = '3f1c2a52-9a55-4a7e-9d43-6b1f0c7d2e11';
const sse = <E extends keyof ChatStreamEventMap>(event: E, data: ChatStreamEventMap[E]): SseEvent => ({ event, data: JSON.stringify(data) });

describe('AgentChatStore', () => {
  let streams: { path: string; body: unknown; events: Subject<SseEvent>; closed: () => boolean }[];
  let store: AgentChatStore;

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
    TestBed.configureTestingModule({ providers: [AgentChatStore, { provide: SseClient, useValue: fakeSse }] });
    store = TestBed.inject(AgentChatStore);
  });

  function answer(stream: (typeof streams)[number], text: string, conversationId = CONVERSATION): void {
    stream.events.next(sse('turn', { conversationId, turn: 1, userMessageId: 'u1' }));
    stream.events.next(sse('start', { model: 'local/webox-mini', messageId: 'm1' }));
    stream.events.next(sse('delta', { model: 'local/webox-mini', text }));
    stream.events.next(sse('done', { model: 'local/webox-mini', messageId: 'm1', status: 'complete', usage: { inputTokens: 1, outputTokens: 1 }, cost: 0, ttftMs: 1, durationMs: 2 }));
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
    expect(store.turns()).toEqual([{ question: 'Hello', answer: 'Hi there', status: 'complete', error: null }]);
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
    streams[1]!.events.error(new HttpErrorResponse({ status: 404, error: { code: 'NOT_FOUND', message: 'Agent not found' } }));
    expect(store.turns()[1]).toMatchObject({ status: 'error', error: 'Agent not found' });

    store.send('agent-1', 'Three');
    store.stop();
    expect(streams[2]!.closed()).toBe(true);
    expect(store.turns()[2]!.status).toBe('stopped');
    expect(store.streaming()).toBe(false);
  });
});
