import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { AssistantChatDto, ChatStreamEvent, ConversationDetailDto } from '../../api/models';
import { AgentsService, ChatService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { SseClient } from '../../core/streaming/sse-client';
import { toChatStreamEvent } from '../../core/streaming/chat-stream-events';
import { turnsFromMessages } from '../../shared/chat/chat-turns';
import { traceStep, type ReplyTrace } from '../../shared/chat/reply-trace';
import { replyErrorText, streamFailure } from '../../shared/chat/reply-error';
import { problemMessage } from '../../core/http/problem-message';

/** One question and the agent's answer, with what it did to write it (`steps`) and the passages it cites. */
export interface AgentTurn extends ReplyTrace {
  question: string;
  answer: string;
  /** `incomplete`: stored as still being written (for example by another tab) when the conversation was loaded. */
  status: 'pending' | 'streaming' | 'complete' | 'stopped' | 'error' | 'incomplete';
  error: string | null;
}

/** `none`: a new conversation. `missing`: deleted, or someone else's. */
export type AgentConversationState = 'none' | 'loading' | 'ready' | 'failed' | 'missing';

/**
 * One conversation with an agent: `POST /api/assistants/chat` with `stream: true` answers with
 * the chat's events (read by `SseClient`, typed by `toChatStreamEvent`). The `turn` event names
 * the conversation, which the next messages continue; `open` reads a stored one back, steps and
 * citations included.
 */
@Injectable()
export class AgentChatStore {
  private readonly sse = inject(SseClient);
  private readonly chat = inject(ChatService);
  private readonly i18n = inject(I18nService);

  readonly conversationId = signal<string | null>(null);
  readonly state = signal<AgentConversationState>('none');
  readonly turns = signal<AgentTurn[]>([]);
  readonly error = signal<string | null>(null);
  private readonly subscription = signal<Subscription | null>(null);
  readonly streaming = computed(() => this.subscription() !== null);
  private loading: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.stop();
      this.loading?.unsubscribe();
    });
  }

  /** A new conversation. */
  reset(): void {
    this.stop();
    this.loading?.unsubscribe();
    this.conversationId.set(null);
    this.state.set('none');
    this.turns.set([]);
    this.error.set(null);
  }

  /** Reads a stored conversation back: each question with the agent's last answer to it. */
  open(id: string): void {
    this.reset();
    this.conversationId.set(id);
    this.state.set('loading');
    this.loading = this.chat.getConversation({ id }).subscribe({
      next: (detail) => {
        this.turns.set(turnsOf(detail, this.i18n));
        this.state.set('ready');
      },
      error: (error: unknown) => this.state.set(toApiProblem(error).status === 404 ? 'missing' : 'failed'),
    });
  }

  /** Asks the agent; `model` overrides its default. False when nothing was sent. */
  send(agentId: string, message: string, model?: string | null): boolean {
    const text = message.trim();
    if (!text || this.streaming() || this.state() === 'loading') return false;
    const conversationId = this.conversationId();
    const body: AssistantChatDto = { agentId, message: text, stream: true, ...(conversationId ? { conversationId } : {}), ...(model ? { model } : {}) };
    this.error.set(null);
    this.turns.update((turns) => [...turns, { question: text, answer: '', status: 'pending', error: null, steps: [], citations: [] }]);
    let ended = false;
    const subscription = this.sse.post(AgentsService.ChatWithAgentPath, body).subscribe({
      next: (raw) => {
        const event = toChatStreamEvent(raw);
        if (event) ended = this.apply(event) || ended;
      },
      error: (error: unknown) => {
        this.subscription.set(null);
        const problem = toApiProblem(error);
        const reason = problemMessage(this.i18n, problem);
        this.updateLast((turn) => ({ ...turn, status: 'error', error: reason }));
      },
      complete: () => {
        this.subscription.set(null);
        if (!ended) this.updateLast((turn) => (isLive(turn) ? { ...turn, status: 'error', error: this.i18n.t('chat.error.interrupted') } : turn));
      },
    });
    if (!subscription.closed) this.subscription.set(subscription);
    return true;
  }

  /** Stops the answer being written; what arrived is kept. */
  stop(): void {
    const subscription = this.subscription();
    if (!subscription) return;
    this.subscription.set(null);
    subscription.unsubscribe();
    this.updateLast((turn) => (isLive(turn) ? { ...turn, status: 'stopped' } : turn));
  }

  /** Applies one event; true for the final `end`. */
  private apply(event: ChatStreamEvent): boolean {
    switch (event.event) {
      case 'turn':
        this.conversationId.set(event.data.conversationId);
        this.state.set('ready');
        return false;
      case 'start':
        this.updateLast((turn) => ({ ...turn, status: 'streaming' }));
        return false;
      case 'delta':
        this.updateLast((turn) => ({ ...turn, status: 'streaming', answer: turn.answer + event.data.text }));
        return false;
      case 'tool_call':
      case 'tool_result':
      case 'note':
        this.updateLast((turn) => ({ ...turn, status: 'streaming', steps: traceStep(turn.steps, event, turn.answer.length) }));
        return false;
      case 'done':
        this.updateLast((turn) => ({ ...turn, status: 'complete', citations: event.data.citations ?? turn.citations }));
        return false;
      case 'error':
        this.updateLast((turn) => ({ ...turn, status: 'error', error: replyErrorText(this.i18n, streamFailure(event.data)) }));
        return false;
      case 'end':
        return true;
    }
  }

  private updateLast(change: (turn: AgentTurn) => AgentTurn): void {
    this.turns.update((turns) => (turns.length ? [...turns.slice(0, -1), change(turns.at(-1)!)] : turns));
  }
}

/** The turns of a stored agent conversation (one model answers each question: the last reply wins). */
function turnsOf(detail: ConversationDetailDto, i18n: I18nService): AgentTurn[] {
  return turnsFromMessages(detail.messages).map((turn) => {
    const reply = Object.values(turn.replies).at(-1);
    if (!reply) return { question: turn.question, answer: '', status: 'incomplete', error: null, steps: [], citations: [] };
    return { question: turn.question, answer: reply.content, status: reply.status === 'pending' ? 'incomplete' : reply.status, error: reply.status === 'error' ? replyErrorText(i18n, { code: reply.errorCode ?? null, params: reply.errorParams ?? {}, message: reply.error }) : reply.error, steps: reply.steps, citations: reply.citations };
  });
}

function isLive(turn: AgentTurn): boolean {
  return turn.status === 'pending' || turn.status === 'streaming';
}
