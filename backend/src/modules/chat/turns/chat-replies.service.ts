import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { countTokens } from '../../../ai/adapters/local.adapter';
import { AgentLoopChunk, addUsage, LoopTools, runAgentLoop } from '../../../ai/agent-loop';
import type { ChatMessage as ProviderMessage, TokenUsage } from '../../../ai/capabilities';
import type { ChatModel } from '../../../ai/models';
import { ModelLatency } from '../../../ai/model-latency';
import { ProviderError, toProviderError } from '../../../ai/provider-error';
import { ChatSession } from '../../../ai/provider-registry';
import { UsageService } from '../../../ai/usage.service';
import { AuthUser } from '../../../common/auth.decorators';
import { AppConfig } from '../../../config/app-config';
import { ChatMessage } from '../chat-message.entity';
import { ToolSettings } from '../conversation.entity';
import { ChatEvent, merge } from './chat-events';
import { threadTokens } from './chat-thread';
import { ReplyTrace, traceOf } from './reply-trace';
import type { SamplingOptions } from '../settings/chat-settings';
import { CommonErrorCode } from '../../../common/error-codes';
import { ChatErrorCode } from '../chat.errors';
import type { ToolContext } from '../../tools/tool';
import type { ReplyNote } from '../../../ai/reply-notes';
import type { ToolRunResult } from '../../tools/toolbox';

/** A turn's toolbox as the agent loop runs it: the tools area's context (less the signal the loop adds) and results. */
export type TurnToolbox = LoopTools<Omit<ToolContext, 'signal'>, ToolRunResult>;

/** One model's reply to run: its open session, its thread, the placeholder message it is stored in, and its sampling settings. */
export interface ReplyJob {
  session: ChatSession;
  message: ChatMessage;
  thread: ProviderMessage[];
  /** Settles once the placeholder row exists (it is written while the model starts): every update of the reply waits for it. */
  stored: Promise<void>;
  options?: SamplingOptions;
  /** Told in the reply before it starts: settings the model could not take (see samplingFor), an attached document cut to the cap. */
  notes?: ReplyNote[];
  /** This model cannot answer this message (it has images, the model takes none): its column fails with this, nothing is sent. */
  refusal?: { code: ChatErrorCode.MODEL_CANNOT_SEE_IMAGES; message: string; params: Record<string, string> };
  /** Continue: the stored reply this one goes on from (its text, tokens and cost); the new text is appended to it. */
  continued?: { content: string; inputTokens: number; outputTokens: number; cost: number };
}

/** The tools of one turn, opened once and shared by its models. */
export interface TurnTools {
  settings: ToolSettings;
  toolbox: TurnToolbox;
  /** Told to every reply before it starts: tools that could not be offered, and why. */
  notes: ReplyNote[];
}

export const NO_TOOLS: TurnToolbox = { specs: [], run: () => Promise.reject(new Error('No tool is enabled for this turn')) };

/** How a model's stream ended, for storing its reply. */
interface StreamOutcome {
  usage?: TokenUsage;
  /** The vendor's failure, or `aborted` when the user stopped the turn. */
  failure?: ProviderError;
  ttftMs: number | null;
  durationMs: number;
  /** The last model call stopped at its length limit. */
  truncated?: boolean;
}

/** The replies of a turn: each model streamed through the agent loop, then stored with its tokens, cost and timings. */
@Injectable()
export class ChatRepliesService {
  private readonly logger = new Logger('Chat');

  constructor(
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    private readonly ledger: UsageService,
    private readonly latency: ModelLatency,
    private readonly config: AppConfig,
  ) {}

  /** Every reply at once, the slowest model started first; their events merged in arrival order. */
  run(user: AuthUser, replies: ReplyJob[], signal: AbortSignal, tools?: TurnTools): AsyncIterable<ChatEvent> {
    const slowestFirst = this.latency.slowestFirst(replies, (reply) => reply.session.model.id);
    return merge(slowestFirst.map((reply) => this.runReply(user, reply, signal, tools)));
  }

  /**
   * One model's answer: streamed to the client, then stored with its tokens, cost and timings. With
   * tools, the agent loop runs: every tool step is streamed and kept in the reply's `steps`.
   */
  private async *runReply(user: AuthUser, { session, message, thread, stored, options, notes = [], refusal, continued }: ReplyJob, signal: AbortSignal, tools?: TurnTools): AsyncIterable<ChatEvent> {
    const { model } = session;
    const ids = { model: model.id, messageId: message.id };
    yield { event: 'start', data: ids };
    if (refusal) {
      await this.finish(message, stored, { status: 'error', error: refusal.message, errorCode: refusal.code, errorParams: refusal.params, durationMs: 0 });
      yield { event: 'error', data: { ...ids, code: refusal.code, message: refusal.message, params: refusal.params } };
      return;
    }
    const started = performance.now();
    const outcome: StreamOutcome = { ttftMs: null, durationMs: 0 };
    const trace = new ReplyTrace(message);
    message.content = continued?.content ?? '';
    for (const note of [...notes, ...(tools?.notes ?? [])]) {
      trace.note(note);
      yield { event: 'note', data: noteEvent(ids, note) };
    }
    const loop = runAgentLoop(
      session,
      thread,
      {
        tools: tools?.toolbox ?? NO_TOOLS,
        maxSteps: tools?.settings.maxSteps ?? 0,
        maxCallsPerRound: this.config.toolCallsPerRound,
        ...(tools ? { timeLimitMs: tools.settings.timeLimitSeconds * 1000 } : {}),
        ...(options ? { sampling: options } : {}),
        context: { user, collectionIds: tools?.settings.collectionIds ?? [], cite: (source) => trace.cite(source) },
      },
      signal,
    );
    try {
      for await (const chunk of loop) {
        const event = this.traceChunk(chunk, trace, outcome, ids);
        if (chunk.type === 'text') outcome.ttftMs ??= Math.round(performance.now() - started);
        if (chunk.type === 'tool_result') await this.saveTrace(message, stored);
        if (event) yield event;
      }
      if (signal.aborted) throw new ProviderError(model.provider, 'aborted', 'Request cancelled');
    } catch (caught) {
      // Only the vendor's stream and the tool runner (which never throws) are in this `try`: what it throws is the vendor's failure.
      outcome.failure = toProviderError(model.provider, caught, signal);
    }
    outcome.durationMs = Math.round(performance.now() - started);
    let last: ChatEvent | undefined;
    try {
      const { failure } = outcome;
      last = failure ? await this.storeFailure(user, model, message, stored, thread, { ...outcome, failure }, signal, continued) : await this.storeAnswer(user, model, message, stored, thread, outcome, continued);
    } catch (error) {
      // Storing is Webox's part: its failure must not be reported as the vendor's.
      this.logger.error({ err: error, messageId: message.id, model: model.id }, 'Could not store a chat reply');
      last = { event: 'error', data: { model: model.id, messageId: message.id, code: CommonErrorCode.INTERNAL_ERROR, message: 'Webox could not store this reply' } };
    }
    if (last) yield last;
  }

  /** Folds one chunk of the agent loop into the reply and its trace; the event to stream, if any. */
  private traceChunk(chunk: AgentLoopChunk<ToolRunResult>, trace: ReplyTrace, outcome: StreamOutcome, ids: { model: string; messageId: string }): ChatEvent | undefined {
    switch (chunk.type) {
      case 'usage':
        outcome.usage = addUsage(outcome.usage, chunk.usage);
        return undefined;
      case 'finish':
        outcome.truncated = chunk.reason === 'length';
        return undefined;
      case 'text':
        trace.message.content += chunk.text;
        return { event: 'delta', data: { model: ids.model, text: chunk.text } };
      case 'tool_call':
        trace.call(chunk.call.id, chunk.call.name, chunk.call.arguments);
        return { event: 'tool_call', data: { ...ids, callId: chunk.call.id, name: chunk.call.name, arguments: chunk.call.arguments } };
      case 'tool_result': {
        const { callId, name, summary, summaryKey, params, durationMs, error, mediaFileIds, jobIds } = chunk.result;
        trace.result(chunk.result);
        return { event: 'tool_result', data: { ...ids, callId, name, summary, ...(summaryKey ? { summaryKey, params } : {}), durationMs, ...(error ? { error } : {}), ...(mediaFileIds?.length ? { mediaFileIds } : {}), ...(jobIds?.length ? { jobIds } : {}) } };
      }
      case 'note': {
        trace.note(chunk);
        return { event: 'note', data: noteEvent(ids, chunk) };
      }
    }
  }

  /** A complete answer: usage recorded, reply stored (a continued one with its earlier tokens and cost added); its `done` event. */
  private async storeAnswer(
    user: AuthUser,
    model: ChatModel,
    message: ChatMessage,
    stored: Promise<void>,
    thread: ProviderMessage[],
    { usage: reported, ttftMs, durationMs, truncated = false }: StreamOutcome,
    continued?: ReplyJob['continued'],
  ): Promise<ChatEvent> {
    const added = message.content.slice(continued?.content.length ?? 0);
    const paid = reported && reported.outputTokens > 0 ? reported : { inputTokens: reported?.inputTokens || threadTokens(thread), outputTokens: countTokens(added) };
    this.latency.record(model.id, durationMs);
    const cost = (await this.ledger.record(user.id, 'chat', model, paid)) + (continued?.cost ?? 0);
    const usage = continued ? addUsage(paid, continued) : paid;
    await this.finish(message, stored, { status: 'complete', truncated, inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cost, ttftMs, durationMs });
    return { event: 'done', data: { model: model.id, messageId: message.id, status: 'complete', usage, cost, ttftMs, durationMs, citations: message.citations, truncated } };
  }

  /** A failed or stopped answer, stored with what had arrived; its `error` event (none when the user stopped it). */
  private async storeFailure(
    user: AuthUser,
    model: ChatModel,
    message: ChatMessage,
    stored: Promise<void>,
    thread: ProviderMessage[],
    { failure, usage, ttftMs, durationMs }: StreamOutcome & { failure: ProviderError },
    signal: AbortSignal,
    continued?: ReplyJob['continued'],
  ): Promise<ChatEvent | undefined> {
    // Tokens that arrived were paid for: the vendor's count of the agent loop's finished calls, else an estimate.
    const paidOutput = usage?.outputTokens || countTokens(message.content.slice(continued?.content.length ?? 0));
    const paidInput = usage?.inputTokens || (paidOutput ? threadTokens(thread) : 0);
    const paidCost = paidOutput ? await this.ledger.record(user.id, 'chat', model, { inputTokens: paidInput, outputTokens: paidOutput }) : 0;
    const inputTokens = paidInput + (continued?.inputTokens ?? 0);
    const outputTokens = paidOutput + (continued?.outputTokens ?? 0);
    const cost = paidCost + (continued?.cost ?? 0);
    if (signal.aborted) {
      await this.finish(message, stored, { status: 'stopped', truncated: false, inputTokens, outputTokens, cost, ttftMs, durationMs });
      return undefined;
    }
    if (continued) {
      // A continuation that fails leaves the reply as it was (still cut, still to be continued); what was paid is added.
      message.content = continued.content;
      await this.finish(message, stored, { content: continued.content, status: 'complete', truncated: true, inputTokens, outputTokens, cost });
    } else await this.finish(message, stored, { status: 'error', error: failure.message, errorCode: failure.publicCode, errorParams: failure.params, inputTokens, outputTokens, cost, ttftMs, durationMs });
    return { event: 'error', data: { model: model.id, messageId: message.id, code: failure.code, message: failure.message, provider: failure.provider, params: failure.params } };
  }

  /** The reply's final state; its usage is recorded before (the ledger does not need the row). */
  private async finish(message: ChatMessage, stored: Promise<void>, result: Partial<Omit<ChatMessage, 'steps' | 'citations'>>): Promise<void> {
    Object.assign(message, result);
    await stored;
    await this.messages.update({ id: message.id }, { ...result, ...traceOf(message) });
  }

  /** The trace so far, after a tool result: a reload mid-turn shows the steps. A failure here is reported by `finish`. */
  private async saveTrace(message: ChatMessage, stored: Promise<void>): Promise<void> {
    try {
      await stored;
      await this.messages.update({ id: message.id }, traceOf(message));
    } catch (error) {
      this.logger.warn({ err: error, messageId: message.id }, 'Could not store the steps of a reply so far');
    }
  }
}

const noteEvent = (ids: { model: string; messageId: string }, { text, key, params }: ReplyNote) => ({ ...ids, text, noteKey: key, params });
