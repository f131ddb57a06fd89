import { setMaxListeners } from 'node:events';
import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { countTokens } from '../../ai/adapters/local.adapter';
import type { ChatMessage as ProviderMessage, TokenUsage } from '../../ai/capabilities';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import type { ChatModel } from '../../ai/models';
import { ModelLatency } from '../../ai/model-latency';
import { UsageService } from '../../ai/usage.service';
import type { ProviderId } from '../../ai/capabilities';
import { ProviderError, ProviderErrorCode, toProviderError } from '../../ai/provider-error';
import { ChatSession, ProviderRegistry } from '../../ai/provider-registry';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, skipTake } from '../../common/pagination';
import { AgentLoopChunk, addUsage, LoopTools, runAgentLoop } from '../agents/agent-loop';
import type { Citation } from '../tools/tool';
import { KnowledgeService } from '../knowledge/knowledge.service';
import { ToolsService } from '../tools/tools.service';
import { ChatEvent, merge } from './chat-events';
import { ChatMessage, ReplyStep } from './chat-message.entity';
import { threadFor, threadTokens, titleFrom } from './chat-thread';
import { toChatModelDto, toConversationDto, toMessageDto } from './chat.mapper';
import { Conversation, ToolSettings } from './conversation.entity';
import {
  ChatModelDto,
  ChatTurnDto,
  ConversationDetailDto,
  ConversationDto,
  ConversationQueryDto,
  CreateConversationDto,
  MAX_MODELS_PER_TURN,
  RegenerateReplyDto,
  SendChatMessageDto,
  UpdateConversationDto,
  UsageDto,
  UsageQueryDto,
} from './dto/chat.dto';

const NEW_CONVERSATION = 'New conversation';

/** The agent a turn is held with: its context becomes the system message of every model's thread. */
export interface AgentContext {
  id: string;
  name: string;
  instructions: string;
  temperature?: number;
  /** The agent's tools, collections and limits; absent or with no tools, it answers in text only. */
  toolSettings?: ToolSettings;
}

/** Limits of a plain chat that attaches knowledge collections. */
const ATTACHED_KNOWLEDGE_STEPS = 4;
const ATTACHED_KNOWLEDGE_SECONDS = 120;

/** The tools of one turn, opened once and shared by its models. */
interface TurnTools {
  settings: ToolSettings;
  toolbox: LoopTools;
  /** Told to every reply before it starts: tools that could not be offered, and why. */
  notes: string[];
}

const NO_TOOLS: LoopTools = { specs: [], run: () => Promise.reject(new Error('No tool is enabled for this turn')) };

const withSystem = (system: string | null | undefined, thread: ProviderMessage[]): ProviderMessage[] => (system ? [{ role: 'system', content: system }, ...thread] : thread);

interface ReplyJob {
  session: ChatSession;
  message: ChatMessage;
  thread: ProviderMessage[];
}

/** How a model's stream ended, for storing its reply. */
interface StreamOutcome {
  usage?: TokenUsage;
  /** The vendor's failure, or `aborted` when the user stopped the turn. */
  failure?: ProviderError;
  ttftMs: number | null;
  durationMs: number;
}

/** What `startTurn` stores before any model starts. */
interface StoredTurn {
  conversation: Conversation;
  userMessage: ChatMessage;
  placeholders: ChatMessage[];
}

/** Webox's own failure (its database, say) in a stream already under way: never blamed on a vendor. */
const INTERNAL_ERROR = 'INTERNAL_ERROR';

/** Multi-model chat: conversations, turns answered by up to twelve models at once, history and usage. */
@Injectable()
export class ChatService {
  private readonly logger = new Logger('Chat');

  constructor(
    @InjectRepository(Conversation) private readonly conversations: Repository<Conversation>,
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    private readonly registry: ProviderRegistry,
    private readonly catalogue: ModelCatalogue,
    private readonly ledger: UsageService,
    private readonly latency: ModelLatency,
    private readonly tools: ToolsService,
    private readonly knowledge: KnowledgeService,
  ) {}

  async listModels(user: AuthUser): Promise<ChatModelDto[]> {
    return (await this.catalogue.forUser(user.id, 'chat')).map(toChatModelDto);
  }

  async createConversation(user: AuthUser, dto: CreateConversationDto): Promise<ConversationDto> {
    const conversation = await this.conversations.save(this.conversations.create({ ownerId: user.id, title: dto.title ?? NEW_CONVERSATION, pinned: false }));
    return toConversationDto(conversation, []);
  }

  /**
   * Checks the request and stores the user's message, then returns the turn's events: every model
   * answers in parallel. Bad input throws here, before anything is streamed. Aborting `signal`
   * stops every model; what had arrived is kept, marked `stopped`.
   */
  async startTurn(user: AuthUser, dto: SendChatMessageDto, signal: AbortSignal, agent?: AgentContext): Promise<AsyncIterable<ChatEvent>> {
    const models = dto.models.map((id, index) => this.registry.chatModel(id, `models.${index}`));
    // Every model's SDK listens on the turn's signal; twelve of them are expected, not a leak.
    setMaxListeners(4 * MAX_MODELS_PER_TURN, signal);
    const existing = dto.conversationId ? await this.ownConversation(user, dto.conversationId) : undefined;
    if (dto.collectionIds?.length) await this.knowledge.checkCollections(user, dto.collectionIds, 'collectionIds');
    const history = existing ? await this.history(existing.id) : [];
    const system = agent ? agent.instructions : existing?.systemPrompt;
    const toolSettings = this.toolSettingsFor(dto, existing, agent);
    const threads = models.map((model) => withSystem(system, threadFor(history, model.id, dto.message)));
    models.forEach((model, index) => this.checkContext(model, threads[index]!));

    // Credentials first: a database failure here stores nothing, and every model can start at once.
    const sessions = await this.registry.openChats(user.id, models);
    const turn = (history[history.length - 1]?.turn ?? 0) + 1;
    const stored = await this.conversations.manager.transaction((manager) => this.storeTurn(manager, user, existing, agent, toolSettings, turn, dto.message, models));
    const replies = sessions.map((session, index) => ({ session, thread: threads[index]!, message: stored.placeholders[index]! }));
    return this.runTurn(user, stored.conversation, turn, stored.userMessage, replies, dto.temperature ?? agent?.temperature, signal);
  }

  /** The same turn without streaming: answers when every model is done. */
  async sendAndWait(user: AuthUser, dto: SendChatMessageDto, signal: AbortSignal, agent?: AgentContext): Promise<ChatTurnDto> {
    return this.collect(await this.startTurn(user, dto, signal, agent));
  }

  /** Writes one model's reply to the last turn again. The old reply is replaced only if the new one does not fail. */
  async startRegeneration(user: AuthUser, conversationId: string, dto: RegenerateReplyDto, signal: AbortSignal): Promise<AsyncIterable<ChatEvent>> {
    const model = this.registry.chatModel(dto.model, 'model');
    const conversation = await this.ownConversation(user, conversationId);
    const history = await this.history(conversation.id);
    const turn = history[history.length - 1]?.turn;
    if (turn === undefined) throw new DomainError('invalid', 'NOTHING_TO_REGENERATE', 'This conversation has no message yet');
    const previous = history.filter((m) => m.turn === turn && m.role === 'assistant' && m.model === model.id);
    const thread = withSystem(conversation.systemPrompt, threadFor(history.filter((m) => !previous.includes(m)), model.id));
    this.checkContext(model, thread);
    const position = previous[0]?.position ?? Math.max(-1, ...history.filter((m) => m.turn === turn).map((m) => m.position)) + 1;
    const [session] = await this.registry.openChats(user.id, [model]);
    const message = await this.messages.save(this.placeholder(conversation, turn, model, position));
    // Before `end`, so that a client reloading the conversation on `end` sees one reply, not two.
    const keepOne = async () => {
      const fresh = await this.messages.findOneBy({ id: message.id });
      if (fresh?.status === 'error') await this.messages.delete({ id: message.id });
      else if (previous.length) await this.messages.delete({ id: In(previous.map((m) => m.id)) });
    };
    return this.runTurn(user, conversation, turn, null, [{ session: session!, thread, message }], undefined, signal, keepOne);
  }

  /** A regeneration that fails keeps the old reply and answers the vendor's error (502, 429...). */
  async regenerateAndWait(user: AuthUser, conversationId: string, dto: RegenerateReplyDto, signal: AbortSignal): Promise<ChatTurnDto> {
    return this.collect(await this.startRegeneration(user, conversationId, dto, signal), { throwOnError: true });
  }

  async listConversations(user: AuthUser, query: ConversationQueryDto): Promise<Page<ConversationDto>> {
    const builder = this.conversations.createQueryBuilder('c').where('c.owner_id = :owner', { owner: user.id });
    const q = query.q?.trim();
    if (q) {
      builder.andWhere(
        `(to_tsvector('simple', c.title) @@ websearch_to_tsquery('simple', :q)
          OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND to_tsvector('simple', m.content) @@ websearch_to_tsquery('simple', :q)))`,
        { q },
      );
    }
    const { skip, take } = skipTake(query);
    const [rows, total] = await builder.orderBy('c.pinned', 'DESC').addOrderBy('c.updated_at', 'DESC').skip(skip).take(take).getManyAndCount();
    const summaries = await this.summaries(rows.map((row) => row.id));
    return { items: rows.map((row) => toConversationDto(row, summaries.get(row.id)?.models ?? [], summaries.get(row.id)?.preview)), total, page: query.page, limit: query.limit };
  }

  async getConversation(user: AuthUser, id: string): Promise<ConversationDetailDto> {
    const conversation = await this.ownConversation(user, id);
    const messages = await this.history(id);
    const models = [...new Set(messages.flatMap((m) => (m.model ? [m.model] : [])))];
    return { ...toConversationDto(conversation, models, messages[messages.length - 1]?.content.slice(0, 160)), messages: messages.map(toMessageDto) };
  }

  async updateConversation(user: AuthUser, id: string, dto: UpdateConversationDto): Promise<ConversationDto> {
    const conversation = await this.ownConversation(user, id);
    Object.assign(conversation, dto);
    await this.conversations.save(conversation);
    const summary = (await this.summaries([id])).get(id);
    return toConversationDto(conversation, summary?.models ?? [], summary?.preview);
  }

  async deleteConversation(user: AuthUser, id: string): Promise<void> {
    const result = await this.conversations.delete({ id, ownerId: user.id });
    if (!result.affected) throw notFound('Conversation');
  }

  /** Tokens and cost per provider and model over a period (default: the last 30 days), chat and API alike. */
  async usage(user: AuthUser, query: UsageQueryDto): Promise<UsageDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    if (from > to) throw new DomainError('invalid', 'VALIDATION_FAILED', 'Invalid request: from', [{ field: 'from', message: 'from must be before to' }]);
    return this.ledger.summarize(user.id, from, to);
  }

  /** Another user's conversation answers exactly like one that does not exist. */
  async ownConversation(user: AuthUser, id: string): Promise<Conversation> {
    const conversation = await this.conversations.findOneBy({ id, ownerId: user.id });
    if (!conversation) throw notFound('Conversation');
    return conversation;
  }

  private history(conversationId: string): Promise<ChatMessage[]> {
    return this.messages.find({ where: { conversationId }, order: { turn: 'ASC', role: 'DESC', position: 'ASC', createdAt: 'ASC' } });
  }

  private checkContext(model: ChatModel, thread: ProviderMessage[]): void {
    const tokens = threadTokens(thread);
    if (tokens > model.contextTokens) {
      throw new DomainError('invalid', 'CONTEXT_EXCEEDED', `The conversation is about ${tokens} tokens, over the ${model.contextTokens}-token context of ${model.id}`, [
        { field: 'message', message: `message does not fit the context of ${model.id}` },
      ]);
    }
  }

  /**
   * Stores a turn before any model starts, in one transaction: the conversation (new, or given the
   * agent), the user's message and one placeholder reply per model — one commit, where a `save`
   * each took three.
   */
  private async storeTurn(
    manager: EntityManager,
    user: AuthUser,
    existing: Conversation | undefined,
    agent: AgentContext | undefined,
    toolSettings: ToolSettings | null,
    turn: number,
    text: string,
    models: ChatModel[],
  ): Promise<StoredTurn> {
    const agentFields = agent ? { agentId: agent.id, agentName: agent.name, systemPrompt: agent.instructions } : {};
    let conversation: Conversation;
    if (existing) {
      const changed = agent || existing.toolSettings !== toolSettings;
      conversation = Object.assign(existing, agentFields, { toolSettings });
      if (changed) await manager.update(Conversation, { id: existing.id }, { ...agentFields, toolSettings });
    } else {
      conversation = await manager.save(
        manager.create(Conversation, { ownerId: user.id, title: NEW_CONVERSATION, pinned: false, agentId: null, agentName: null, systemPrompt: null, ...agentFields, toolSettings }),
      );
    }
    const userMessage = this.messages.create({ conversationId: conversation.id, ownerId: user.id, turn, role: 'user', content: text, status: 'complete' });
    const placeholders = models.map((model, position) => this.placeholder(conversation, turn, model, position));
    // One INSERT for the user's message and every placeholder.
    await manager.save(ChatMessage, [userMessage, ...placeholders]);
    return { conversation, userMessage, placeholders };
  }

  private placeholder(conversation: Conversation, turn: number, model: ChatModel, position: number): ChatMessage {
    return this.messages.create({ conversationId: conversation.id, ownerId: conversation.ownerId, turn, position, role: 'assistant', model: model.id, provider: model.provider, content: '', status: 'streaming', steps: [], citations: [] });
  }

  /**
   * The tools a turn runs with: its agent's; for a plain chat, knowledge search over the collections
   * the message attaches (an empty list detaches them), else what the conversation had.
   */
  private toolSettingsFor(dto: SendChatMessageDto, existing: Conversation | undefined, agent: AgentContext | undefined): ToolSettings | null {
    if (agent) return agent.toolSettings?.tools.length ? agent.toolSettings : null;
    if (dto.collectionIds === undefined) return existing?.toolSettings ?? null;
    if (!dto.collectionIds.length) return null;
    return { tools: ['knowledge_search'], collectionIds: dto.collectionIds, maxSteps: ATTACHED_KNOWLEDGE_STEPS, timeLimitSeconds: ATTACHED_KNOWLEDGE_SECONDS };
  }

  /** Opens a turn's tools; what cannot be offered (an MCP server down) becomes a note, never a failed turn. */
  private async openTools(user: AuthUser, settings: ToolSettings | null, signal: AbortSignal): Promise<(TurnTools & { close(): Promise<void> }) | undefined> {
    if (!settings?.tools.length) return undefined;
    try {
      const toolbox = await this.tools.open(user, settings.tools, signal);
      const notes = toolbox.unavailable.map(({ tool, reason }) => `Tool ${tool} is not available for this turn: ${reason}`);
      return { settings, toolbox, notes, close: () => toolbox.close() };
    } catch (error) {
      this.logger.error({ err: error }, 'Could not open the tools of a chat turn');
      return { settings, toolbox: NO_TOOLS, notes: ['The tools of this agent could not be opened for this turn; it answers without them.'], close: async () => undefined };
    }
  }

  /**
   * The events of a turn: every model in parallel, then the conversation's title and time. Once the
   * headers are sent, a failure of Webox itself still ends the stream with `error` and `end`: the
   * client must not take it for a cut connection. `beforeEnd` runs last, before `end`.
   */
  private async *runTurn(
    user: AuthUser,
    conversation: Conversation,
    turn: number,
    userMessage: ChatMessage | null,
    replies: ReplyJob[],
    temperature: number | undefined,
    signal: AbortSignal,
    beforeEnd?: () => Promise<void>,
  ): AsyncIterable<ChatEvent> {
    yield { event: 'turn', data: { conversationId: conversation.id, turn, userMessageId: userMessage?.id ?? null } };
    const tools = await this.openTools(user, conversation.toolSettings, signal);
    try {
      const slowestFirst = this.latency.slowestFirst(replies, (reply) => reply.session.model.id);
      yield* merge(slowestFirst.map((reply) => this.runReply(user, reply, temperature, signal, tools)));
      // The title comes from the message stored with the turn: no need to read it back.
      if (conversation.title === NEW_CONVERSATION && turn === 1 && userMessage) conversation.title = titleFrom(userMessage.content);
      await this.conversations.update({ id: conversation.id }, { title: conversation.title, updatedAt: new Date() });
      await beforeEnd?.();
    } catch (error) {
      this.logger.error({ err: error, conversationId: conversation.id, turn }, 'Chat turn failed after its stream started');
      yield { event: 'error', data: { code: INTERNAL_ERROR, message: 'Webox could not finish this turn' } };
    } finally {
      await tools?.close().catch((error: unknown) => this.logger.warn({ err: error }, 'Could not close the tools of a chat turn'));
    }
    yield { event: 'end', data: { conversationId: conversation.id, turn, title: conversation.title } };
  }

  /**
   * One model's answer: streamed to the client, then stored with its tokens, cost and timings. With
   * tools, the agent loop runs: every tool step is streamed and kept in the reply's `steps`.
   */
  private async *runReply(user: AuthUser, { session, message, thread }: ReplyJob, temperature: number | undefined, signal: AbortSignal, tools?: TurnTools): AsyncIterable<ChatEvent> {
    const { model } = session;
    const ids = { model: model.id, messageId: message.id };
    yield { event: 'start', data: ids };
    const started = performance.now();
    const outcome: StreamOutcome = { ttftMs: null, durationMs: 0 };
    const trace = new ReplyTrace(message);
    message.content = '';
    for (const text of tools?.notes ?? []) {
      trace.note(text);
      yield { event: 'note', data: { ...ids, text } };
    }
    const loop = runAgentLoop(
      session,
      thread,
      {
        tools: tools?.toolbox ?? NO_TOOLS,
        maxSteps: tools?.settings.maxSteps ?? 0,
        ...(tools ? { timeLimitMs: tools.settings.timeLimitSeconds * 1000 } : {}),
        ...(temperature !== undefined ? { temperature } : {}),
        context: { user, collectionIds: tools?.settings.collectionIds ?? [], cite: (source) => trace.cite(source) },
      },
      signal,
    );
    try {
      for await (const chunk of loop) {
        const event = this.traceChunk(chunk, trace, outcome, ids);
        if (chunk.type === 'text') outcome.ttftMs ??= Math.round(performance.now() - started);
        if (chunk.type === 'tool_result') await this.messages.update({ id: message.id }, traceOf(message));
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
      last = failure ? await this.storeFailure(user, model, message, thread, { ...outcome, failure }, signal) : await this.storeAnswer(user, model, message, thread, outcome);
    } catch (error) {
      // Storing is Webox's part: its failure must not be reported as the vendor's.
      this.logger.error({ err: error, messageId: message.id, model: model.id }, 'Could not store a chat reply');
      last = { event: 'error', data: { model: model.id, messageId: message.id, code: INTERNAL_ERROR, message: 'Webox could not store this reply' } };
    }
    if (last) yield last;
  }

  /** Folds one chunk of the agent loop into the reply and its trace; the event to stream, if any. */
  private traceChunk(chunk: AgentLoopChunk, trace: ReplyTrace, outcome: StreamOutcome, ids: { model: string; messageId: string }): ChatEvent | undefined {
    switch (chunk.type) {
      case 'usage':
        outcome.usage = addUsage(outcome.usage, chunk.usage);
        return undefined;
      case 'text':
        trace.message.content += chunk.text;
        return { event: 'delta', data: { model: ids.model, text: chunk.text } };
      case 'tool_call':
        trace.call(chunk.call.id, chunk.call.name, chunk.call.arguments);
        return { event: 'tool_call', data: { ...ids, callId: chunk.call.id, name: chunk.call.name, arguments: chunk.call.arguments } };
      case 'tool_result': {
        const { callId, name, summary, durationMs, error, mediaFileIds, jobIds } = chunk.result;
        trace.result(chunk.result);
        return { event: 'tool_result', data: { ...ids, callId, name, summary, durationMs, ...(error ? { error } : {}), ...(mediaFileIds?.length ? { mediaFileIds } : {}), ...(jobIds?.length ? { jobIds } : {}) } };
      }
      case 'note':
        trace.note(chunk.text);
        return { event: 'note', data: { ...ids, text: chunk.text } };
    }
  }

  /** A complete answer: usage recorded, reply stored; its `done` event. */
  private async storeAnswer(user: AuthUser, model: ChatModel, message: ChatMessage, thread: ProviderMessage[], { usage: reported, ttftMs, durationMs }: StreamOutcome): Promise<ChatEvent> {
    const usage = reported && reported.outputTokens > 0 ? reported : { inputTokens: reported?.inputTokens || threadTokens(thread), outputTokens: countTokens(message.content) };
    this.latency.record(model.id, durationMs);
    const cost = await this.ledger.record(user.id, 'chat', model, usage);
    await this.finish(message, { status: 'complete', inputTokens: usage.inputTokens, outputTokens: usage.outputTokens, cost, ttftMs, durationMs });
    return { event: 'done', data: { model: model.id, messageId: message.id, status: 'complete', usage, cost, ttftMs, durationMs, citations: message.citations } };
  }

  /** A failed or stopped answer, stored with what had arrived; its `error` event (none when the user stopped it). */
  private async storeFailure(
    user: AuthUser,
    model: ChatModel,
    message: ChatMessage,
    thread: ProviderMessage[],
    { failure, usage, ttftMs, durationMs }: StreamOutcome & { failure: ProviderError },
    signal: AbortSignal,
  ): Promise<ChatEvent | undefined> {
    // Tokens that arrived were paid for: the vendor's count of the agent loop's finished calls, else an estimate.
    const outputTokens = usage?.outputTokens || countTokens(message.content);
    const inputTokens = usage?.inputTokens || (outputTokens ? threadTokens(thread) : 0);
    const cost = outputTokens ? await this.ledger.record(user.id, 'chat', model, { inputTokens, outputTokens }) : 0;
    if (signal.aborted) {
      await this.finish(message, { status: 'stopped', inputTokens, outputTokens, cost, ttftMs, durationMs });
      return undefined;
    }
    await this.finish(message, { status: 'error', error: failure.message, inputTokens, outputTokens, cost, ttftMs, durationMs });
    return { event: 'error', data: { model: model.id, messageId: message.id, code: failure.code, message: failure.message, provider: failure.provider } };
  }

  private async finish(message: ChatMessage, result: Partial<Omit<ChatMessage, 'steps' | 'citations'>>): Promise<void> {
    Object.assign(message, result);
    await this.messages.update({ id: message.id }, { ...result, ...traceOf(message) });
  }

  private async collect(events: AsyncIterable<ChatEvent>, options: { throwOnError?: boolean } = {}): Promise<ChatTurnDto> {
    const ids: string[] = [];
    let end: { conversationId: string; turn: number; title: string } | undefined;
    let failure: ProviderError | undefined;
    let internal = false;
    for await (const event of events) {
      if (event.event === 'start') ids.push(event.data.messageId);
      if (event.event === 'end') end = event.data;
      if (event.event === 'error' && event.data.code === INTERNAL_ERROR) internal = true;
      else if (event.event === 'error') failure = new ProviderError((event.data.provider ?? 'local') as ProviderId, event.data.code as ProviderErrorCode, event.data.message);
    }
    // Nothing is sent yet: Webox's own failure is a plain 500 (logged where it happened), not a vendor's 502.
    if (internal) throw new Error('A chat turn failed in Webox after it started (see the error logged by ChatService)');
    if (failure && options.throwOnError) throw failure;
    const replies = await this.messages.find({ where: { id: In(ids) }, order: { position: 'ASC', createdAt: 'ASC' } });
    return { conversationId: end!.conversationId, turn: end!.turn, title: end!.title, replies: replies.map(toMessageDto) };
  }

  private async summaries(ids: string[]): Promise<Map<string, { models: string[]; preview?: string }>> {
    const result = new Map<string, { models: string[]; preview?: string }>();
    if (!ids.length) return result;
    const models: Array<{ conversation_id: string; model: string }> = await this.messages.query(
      `SELECT DISTINCT conversation_id, model FROM chat_messages WHERE conversation_id = ANY($1) AND model IS NOT NULL ORDER BY model`,
      [ids],
    );
    // A turn's messages are stored in one transaction, at the same time: its replies come before its question.
    const previews: Array<{ conversation_id: string; preview: string }> = await this.messages.query(
      `SELECT DISTINCT ON (conversation_id) conversation_id, left(content, 160) AS preview
         FROM chat_messages WHERE conversation_id = ANY($1) AND content <> '' ORDER BY conversation_id, created_at DESC, role = 'user'`,
      [ids],
    );
    for (const id of ids) result.set(id, { models: [] });
    for (const row of models) result.get(row.conversation_id)!.models.push(row.model);
    for (const row of previews) result.get(row.conversation_id)!.preview = row.preview;
    return result;
  }
}

/** What a reply has so far, to store: its text, steps and citations (jsonb, which TypeORM's update types cannot follow). */
const traceOf = (message: ChatMessage) => ({ content: message.content, steps: message.steps, citations: message.citations }) as QueryDeepPartialEntity<ChatMessage>;

/** The steps and citations of one reply as its agent loop runs, kept on the message itself. */
class ReplyTrace {
  constructor(readonly message: ChatMessage) {
    message.steps = [];
    message.citations = [];
  }

  call(callId: string, name: string, args: Record<string, unknown>): void {
    this.message.steps.push({ kind: 'tool', callId, name, arguments: args, offset: this.message.content.length, status: 'running' });
  }

  result(result: { callId: string; summary: string; error?: string; durationMs: number; mediaFileIds?: string[]; jobIds?: string[] }): void {
    const step = this.message.steps.find((s): s is Extract<ReplyStep, { kind: 'tool' }> => s.kind === 'tool' && s.callId === result.callId && s.status === 'running');
    if (!step) return;
    step.status = result.error ? 'error' : 'ok';
    step.summary = result.summary;
    step.durationMs = result.durationMs;
    if (result.error) step.error = result.error;
    if (result.mediaFileIds?.length) step.mediaFileIds = result.mediaFileIds;
    if (result.jobIds?.length) step.jobIds = result.jobIds;
  }

  note(text: string): void {
    this.message.steps.push({ kind: 'note', text, offset: this.message.content.length });
  }

  /** The passage's number in this reply: the same passage keeps its number. */
  cite(source: Omit<Citation, 'n'>): number {
    const known = this.message.citations.find((citation) => citation.chunkId === source.chunkId);
    if (known) return known.n;
    const n = this.message.citations.length + 1;
    this.message.citations.push({ n, ...source });
    return n;
  }
}
