import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { AssistantChatDto } from '../../api/models';
import { AgentsService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { SseClient } from '../../core/streaming/sse-client';
import { toChatStreamEvent, type ChatStreamEvent } from '../chat/chat-stream-events';

export interface AgentTurn {
  question: string;
  answer: string;
  status: 'pending' | 'streaming' | 'complete' | 'stopped' | 'error';
  error: string | null;
}

/**
 * One conversation with an agent: `POST /api/assistants/chat` with `stream: true` answers with
 * the chat's events (read by `SseClient`, typed by `toChatStreamEvent`). The `turn` event names
 * the conversation, which the next messages continue.
 */
@Injectable()
export class AgentChatStore {
  private readonly sse = inject(SseClient);
  private readonly i18n = inject(I18nService);

  readonly conversationId = signal<string | null>(null);
  readonly turns = signal<AgentTurn[]>([]);
  readonly error = signal<string | null>(null);
  private readonly subscription = signal<Subscription | null>(null);
  readonly streaming = computed(() => this.subscription() !== null);

  constructor() {
    inject(DestroyRef).onDestroy(() => this.stop());
  }

  /** A new conversation. */
  reset(): void {
    this.stop();
    this.conversationId.set(null);
    this.turns.set([]);
    this.error.set(null);
  }

  /** Asks the agent; `model` overrides its default. False when nothing was sent. */
  send(agentId: string, message: string, model?: string | null): boolean {
    const text = message.trim();
    if (!text || this.streaming()) return false;
    const conversationId = this.conversationId();
    const body: AssistantChatDto = { agentId, message: text, stream: true, ...(conversationId ? { conversationId } : {}), ...(model ? { model } : {}) };
    this.error.set(null);
    this.turns.update((turns) => [...turns, { question: text, answer: '', status: 'pending', error: null }]);
    let ended = false;
    const subscription = this.sse.post(AgentsService.ChatWithAgentPath, body).subscribe({
      next: (raw) => {
        const event = toChatStreamEvent(raw);
        if (event) ended = this.apply(event) || ended;
      },
      error: (error: unknown) => {
        this.subscription.set(null);
        const problem = toApiProblem(error);
        const reason = problem.message ?? this.i18n.t(problem.status === 0 ? 'common.networkError' : 'common.unexpectedError');
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
        return false;
      case 'start':
        this.updateLast((turn) => ({ ...turn, status: 'streaming' }));
        return false;
      case 'delta':
        this.updateLast((turn) => ({ ...turn, status: 'streaming', answer: turn.answer + event.data.text }));
        return false;
      case 'done':
        this.updateLast((turn) => ({ ...turn, status: 'complete' }));
        return false;
      case 'error':
        this.updateLast((turn) => ({ ...turn, status: 'error', error: event.data.message }));
        return false;
      case 'end':
        return true;
    }
  }

  private updateLast(change: (turn: AgentTurn) => AgentTurn): void {
    this.turns.update((turns) => (turns.length ? [...turns.slice(0, -1), change(turns.at(-1)!)] : turns));
  }
}

function isLive(turn: AgentTurn): boolean {
  return turn.status === 'pending' || turn.status === 'streaming';
}
