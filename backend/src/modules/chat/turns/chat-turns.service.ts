import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, In, Repository } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import type { ChatMessage as ProviderMessage, ProviderId } from '../../../ai/capabilities';
import type { ChatModel } from '../../../ai/models';
import { ProviderError, ProviderErrorCode } from '../../../ai/provider-error';
import { ProviderRegistry } from '../../../ai/provider-registry';
import { AuthUser } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { KnowledgeService } from '../../knowledge/knowledge.service';
import { ToolsService } from '../../tools/tools.service';
import { ChatMessage, MessageAttachment } from '../chat-message.entity';
import { toChatTurnDto } from '../chat.mapper';
import { Conversation, NEW_CONVERSATION, ToolSettings } from '../conversation.entity';
import { ConversationsService } from '../conversations.service';
import { ChatTurnDto, MAX_MODELS_PER_TURN, RegenerateReplyDto, SendChatMessageDto } from '../dto/chat.dto';
import { ChatEvent } from './chat-events';
import { ChatSettings, checkChatSettings, mergeChatSettings, samplingFor } from '../settings/chat-settings';
import { ChatRepliesService, NO_TOOLS, ReplyJob, TurnTools } from './chat-replies.service';
import { threadFor, threadTokens, titleFrom } from './chat-thread';
import { ChatAttachmentsService } from './chat-attachments.service';
import { ChatErrorCode } from '../chat.errors';
import { CommonErrorCode } from '../../../common/error-codes';

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

/** A model that does not take images is told so in its column, before anything is sent to it; the others answer. */
function imageRefusal(model: ChatModel, attachments: MessageAttachment[]): ReplyJob['refusal'] {
  const images = attachments.filter((a) => a.kind === 'image');
  if (model.vision || !images.length) return undefined;
  return { code: ChatErrorCode.MODEL_CANNOT_SEE_IMAGES, message: `${model.name} does not take images: choose a model that does to ask about ${images.map((a) => `"${a.name}"`).join(', ')}` };
}

/** Said in every column when a document was longer than what the models are given. */
const truncationNotes = (attachments: MessageAttachment[]) =>
  attachments.flatMap((a) => (a.truncatedTo ? [`"${a.name}" is longer than the models are given: truncated to ${a.truncatedTo} characters`] : []));

const withSystem = (system: string | null | undefined, thread: ProviderMessage[]): ProviderMessage[] => (system ? [{ role: 'system', content: system }, ...thread] : thread);

/** What `startTurn` stores while the models start. */
interface NewTurn {
  conversation: Conversation;
  userMessage: ChatMessage;
  placeholders: ChatMessage[];
  /** The statements that write it: one INSERT of the conversation or an UPDATE, then one INSERT of the messages. */
  write: (manager: EntityManager) => Promise<void>;
}

/** Chat turns: one message answered by up to twelve models at once, or one model's reply written again; streamed, or collected. */
@Injectable()
export class ChatTurnsService {
  private readonly logger = new Logger('Chat');

  constructor(
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    private readonly conversations: ConversationsService,
    private readonly replies: ChatRepliesService,
    private readonly registry: ProviderRegistry,
    private readonly tools: ToolsService,
    private readonly knowledge: KnowledgeService,
    private readonly attachments: ChatAttachmentsService,
  ) {}

  /**
   * Checks the request and stores the user's message, then returns the turn's events: every model
   * answers in parallel. Bad input throws here, before anything is streamed. Aborting `signal`
   * stops every model; what had arrived is kept, marked `stopped`.
   */
  async startTurn(user: AuthUser, dto: SendChatMessageDto, signal: AbortSignal, agent?: AgentContext): Promise<AsyncIterable<ChatEvent>> {
    const models = dto.models.map((id, index) => this.registry.chatModel(id, `models.${index}`));
    // Every model's SDK listens on the turn's signal; twelve of them are expected, not a leak.
    setMaxListeners(4 * MAX_MODELS_PER_TURN, signal);
    checkChatSettings(dto, models);
    const existing = dto.conversationId ? await this.conversations.ownConversation(user, dto.conversationId) : undefined;
    if (dto.collectionIds?.length) await this.knowledge.checkCollections(user, dto.collectionIds, 'collectionIds');
    // Before anything is stored or sent: another user's file is a 404, a refused type or size a 400.
    const attachments = await this.attachments.prepare(user.id, dto.attachments);
    const history = existing ? await this.conversations.history(existing) : [];
    // An agent's instructions are its conversation's system prompt; a plain chat's is the user's own.
    const systemPrompt = agent ? agent.instructions : dto.systemPrompt === undefined ? (existing?.systemPrompt ?? null) : dto.systemPrompt?.trim() || null;
    const settings = mergeChatSettings(existing?.settings ?? null, dto);
    const system = systemPrompt;
    const toolSettings = this.toolSettingsFor(dto, existing, agent);
    const newMessage = { content: dto.message, attachments };
    const images = models.some((model) => model.vision) ? await this.attachments.images(user.id, [...history, newMessage]) : undefined;
    const threads = models.map((model) => withSystem(system, threadFor(history, model.id, newMessage, model.vision ? images : undefined)));
    models.forEach((model, index) => this.checkContext(model, threads[index]!));

    // Credentials first (from memory once warm): a failure here stores nothing, and every model can start at once.
    const sessions = await this.registry.openChats(user.id, models);
    const turn = (history[history.length - 1]?.turn ?? 0) + 1;
    // The turn's rows are written while the models start: their ids are made here, so the stream
    // can name them at once, and every later write of a reply waits for this one (see ReplyJob.stored).
    const stored = this.newTurn(user, existing, agent, { toolSettings, systemPrompt, settings }, turn, newMessage, models);
    const written = this.messages.manager.transaction((manager) => stored.write(manager));
    written.catch(() => undefined); // awaited by every reply and by the turn; their failure is reported there
    const truncated = truncationNotes(attachments);
    const replies = sessions.map((session, index) => {
      const { options, notes } = samplingFor(settings, session.model, agent?.temperature);
      return { session, thread: threads[index]!, message: stored.placeholders[index]!, stored: written, options, notes: [...notes, ...truncated], refusal: imageRefusal(session.model, attachments) };
    });
    return this.runTurn(user, stored.conversation, turn, stored.userMessage, replies, signal, written);
  }

  /** The same turn without streaming: answers when every model is done. */
  async sendAndWait(user: AuthUser, dto: SendChatMessageDto, signal: AbortSignal, agent?: AgentContext): Promise<ChatTurnDto> {
    return this.collect(await this.startTurn(user, dto, signal, agent));
  }

  /** Writes one model's reply to the last turn again. The old reply is replaced only if the new one does not fail. */
  async startRegeneration(user: AuthUser, conversationId: string, dto: RegenerateReplyDto, signal: AbortSignal): Promise<AsyncIterable<ChatEvent>> {
    const model = this.registry.chatModel(dto.model, 'model');
    const conversation = await this.conversations.ownConversation(user, conversationId);
    const history = await this.conversations.history(conversation);
    const turn = history[history.length - 1]?.turn;
    if (turn === undefined) throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_REGENERATE, 'This conversation has no message yet');
    const previous = history.filter((m) => m.turn === turn && m.role === 'assistant' && m.model === model.id);
    const images = model.vision ? await this.attachments.images(user.id, history) : undefined;
    const thread = withSystem(conversation.systemPrompt, threadFor(history.filter((m) => !previous.includes(m)), model.id, undefined, images));
    const lastAttachments = history.find((m) => m.turn === turn && m.role === 'user')?.attachments ?? [];
    this.checkContext(model, thread);
    const position = previous[0]?.position ?? Math.max(-1, ...history.filter((m) => m.turn === turn).map((m) => m.position)) + 1;
    const [session] = await this.registry.openChats(user.id, [model]);
    const message = await this.messages.save(this.placeholder(conversation, turn, model, position));
    const stored = Promise.resolve();
    // Before `end`, so that a client reloading the conversation on `end` sees one reply, not two.
    const keepOne = async () => {
      const fresh = await this.messages.findOneBy({ id: message.id });
      if (fresh?.status === 'error') await this.messages.delete({ id: message.id });
      else if (previous.length) await this.messages.delete({ id: In(previous.map((m) => m.id)) });
    };
    // The conversation's settings hold for its regenerations.
    return this.runTurn(user, conversation, turn, null, [{ session: session!, thread, message, stored, ...samplingFor(conversation.settings, model), refusal: imageRefusal(model, lastAttachments) }], signal, stored, keepOne);
  }

  /** A regeneration that fails keeps the old reply and answers the vendor's error (502, 429...). */
  async regenerateAndWait(user: AuthUser, conversationId: string, dto: RegenerateReplyDto, signal: AbortSignal): Promise<ChatTurnDto> {
    return this.collect(await this.startRegeneration(user, conversationId, dto, signal), { throwOnError: true });
  }

  private checkContext(model: ChatModel, thread: ProviderMessage[]): void {
    const tokens = threadTokens(thread);
    if (tokens > model.contextTokens) {
      throw new DomainError('invalid', ChatErrorCode.CONTEXT_EXCEEDED, `The conversation is about ${tokens} tokens, over the ${model.contextTokens}-token context of ${model.id}`, [
        { field: 'message', message: `message does not fit the context of ${model.id}` },
      ], { tokens, limit: model.contextTokens, model: model.id });
    }
  }

  /**
   * A turn's rows, made in memory with their ids: the conversation (new, or given the agent), the
   * user's message and one placeholder reply per model. `write` stores them in one transaction
   * (`insert`, not `save`: with an id set, `save` first SELECTs to choose between INSERT and UPDATE).
   */
  private newTurn(
    user: AuthUser,
    existing: Conversation | undefined,
    agent: AgentContext | undefined,
    kept: { toolSettings: ToolSettings | null; systemPrompt: string | null; settings: ChatSettings | null },
    turn: number,
    { content, attachments }: { content: string; attachments: MessageAttachment[] },
    models: ChatModel[],
  ): NewTurn {
    const agentFields = agent ? { agentId: agent.id, agentName: agent.name } : {};
    const { toolSettings, systemPrompt, settings } = kept;
    let conversation: Conversation;
    let writeConversation: (manager: EntityManager) => Promise<unknown>;
    if (existing) {
      const changed = agent || existing.toolSettings !== toolSettings || existing.systemPrompt !== systemPrompt || JSON.stringify(existing.settings) !== JSON.stringify(settings);
      conversation = Object.assign(existing, agentFields, { toolSettings, systemPrompt, settings });
      writeConversation = async (manager) => (changed ? manager.update(Conversation, { id: existing.id }, { ...agentFields, toolSettings, systemPrompt, settings }) : undefined);
    } else {
      conversation = this.messages.manager.create(Conversation, {
        id: randomUUID(),
        ownerId: user.id,
        title: NEW_CONVERSATION,
        pinned: false,
        agentId: null,
        agentName: null,
        ...agentFields,
        toolSettings,
        systemPrompt,
        settings,
      });
      writeConversation = (manager) => manager.insert(Conversation, conversation as QueryDeepPartialEntity<Conversation>);
    }
    const userMessage = this.messages.create({ id: randomUUID(), conversationId: conversation.id, ownerId: user.id, turn, role: 'user', content, attachments, status: 'complete' });
    const placeholders = models.map((model, position) => this.placeholder(conversation, turn, model, position));
    return {
      conversation,
      userMessage,
      placeholders,
      write: async (manager) => {
        await writeConversation(manager);
        // One INSERT for the user's message and every placeholder.
        await manager.insert(ChatMessage, [userMessage, ...placeholders] as QueryDeepPartialEntity<ChatMessage>[]);
      },
    };
  }

  private placeholder(conversation: Conversation, turn: number, model: ChatModel, position: number): ChatMessage {
    return this.messages.create({ id: randomUUID(), conversationId: conversation.id, ownerId: conversation.ownerId, turn, position, role: 'assistant', model: model.id, provider: model.provider, content: '', status: 'streaming', steps: [], citations: [] });
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
    signal: AbortSignal,
    stored: Promise<void>,
    beforeEnd?: () => Promise<void>,
  ): AsyncIterable<ChatEvent> {
    yield { event: 'turn', data: { conversationId: conversation.id, turn, userMessageId: userMessage?.id ?? null } };
    const tools = await this.openTools(user, conversation.toolSettings, signal);
    try {
      yield* this.replies.run(user, replies, signal, tools);
      // The title comes from the message stored with the turn: no need to read it back.
      if (conversation.title === NEW_CONVERSATION && turn === 1 && userMessage) conversation.title = titleFrom(userMessage.content);
      await stored;
      await this.conversations.touch(conversation);
      await beforeEnd?.();
    } catch (error) {
      this.logger.error({ err: error, conversationId: conversation.id, turn }, 'Chat turn failed after its stream started');
      yield { event: 'error', data: { code: CommonErrorCode.INTERNAL_ERROR, message: 'Webox could not finish this turn' } };
    } finally {
      await tools?.close().catch((error: unknown) => this.logger.warn({ err: error }, 'Could not close the tools of a chat turn'));
    }
    yield { event: 'end', data: { conversationId: conversation.id, turn, title: conversation.title } };
  }

  private async collect(events: AsyncIterable<ChatEvent>, options: { throwOnError?: boolean } = {}): Promise<ChatTurnDto> {
    const ids: string[] = [];
    let end: { conversationId: string; turn: number; title: string } | undefined;
    let failure: ProviderError | undefined;
    let internal = false;
    let refused: DomainError | undefined;
    for await (const event of events) {
      if (event.event === 'start') ids.push(event.data.messageId);
      if (event.event === 'end') end = event.data;
      if (event.event === 'error' && event.data.code === CommonErrorCode.INTERNAL_ERROR) internal = true;
      else if (event.event === 'error' && event.data.code === ChatErrorCode.MODEL_CANNOT_SEE_IMAGES) refused ??= new DomainError('invalid', event.data.code, event.data.message);
      else if (event.event === 'error') failure = new ProviderError((event.data.provider ?? 'local') as ProviderId, event.data.code as ProviderErrorCode, event.data.message);
    }
    // Nothing is sent yet: Webox's own failure is a plain 500 (logged where it happened), not a vendor's 502.
    if (internal) throw new Error('A chat turn failed in Webox after it started (see the error logged under the Chat context)');
    if (options.throwOnError && (refused ?? failure)) throw refused ?? failure;
    const replies = await this.messages.find({ where: { id: In(ids) }, order: { position: 'ASC', createdAt: 'ASC' } });
    return toChatTurnDto(end!, replies);
  }
}
