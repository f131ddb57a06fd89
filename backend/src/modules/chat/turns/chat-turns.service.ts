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
import { DomainError, notFound } from '../../../common/domain-error';
import { EventBus } from '../../../events/event-bus';
import { KnowledgeService } from '../../knowledge/knowledge.service';
import { ToolsService } from '../../tools/tools.service';
import { ChatMessage, MessageAttachment } from '../chat-message.entity';
import { toChatTurnDto } from '../chat.mapper';
import { Conversation, NEW_CONVERSATION, ToolSettings } from '../conversation.entity';
import { ConversationsService } from '../conversations.service';
import { ChatTurnDto, MAX_MODELS_PER_TURN, MergeAnswersDto, RegenerateReplyDto, SendChatMessageDto } from '../dto/chat.dto';
import { ChatEvent } from './chat-events';
import { ChatSettings, checkChatSettings, mergeChatSettings, samplingFor } from '../settings/chat-settings';
import { ChatRepliesService, NO_TOOLS, ReplyJob, TurnTools } from './chat-replies.service';
import { threadFor, threadTokens, titleFrom } from './chat-thread';
import { ChatAttachmentsService } from './chat-attachments.service';
import { ChatErrorCode } from '../chat.errors';
import { CommonErrorCode, ErrorCode } from '../../../common/error-codes';
import { ConversationTree, mergedKey, questionKey, replyKey } from './chat-tree';
import { mergeThread } from '../../../ai/merge-answers';
import { RealtimeGateway } from '../../../realtime/realtime.gateway';
import { conversationRoom } from '../../../realtime/client-events';
import { replyNote } from '../../../ai/reply-notes';
import { ConversationGrants } from '../sharing/conversation-grants';

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
  const files = images.map((a) => `"${a.name}"`).join(', ');
  return { code: ChatErrorCode.MODEL_CANNOT_SEE_IMAGES, message: `${model.name} does not take images: choose a model that does to ask about ${files}`, params: { model: model.id, files } };
}

/** Said in every column when a document was longer than what the models are given. */
const truncationNotes = (attachments: MessageAttachment[]) =>
  attachments.flatMap((a) => (a.truncatedTo ? [replyNote('attachmentTruncated', { name: a.name, characters: a.truncatedTo }, `"${a.name}" is longer than the models are given: truncated to ${a.truncatedTo} characters`)] : []));

/** What a model whose reply was cut by its length limit is asked, after its reply so far. */
const CONTINUE_REQUEST = 'Your answer above was cut off by the length limit. Continue it exactly where it stopped, without repeating anything and without any preamble.';

const invalidField = (code: ErrorCode, field: string, message: string) => new DomainError('invalid', code, message, [{ field, message }]);

/** A user message of the tree, named by the request's `field`: unknown, 404; a reply, 400 naming the field. */
function questionOf(tree: ConversationTree, id: string, field: string): ChatMessage {
  const message = tree.get(id);
  if (!message) throw notFound(ChatErrorCode.MESSAGE_NOT_FOUND, 'Message');
  if (message.role !== 'user') throw invalidField(ChatErrorCode.WRONG_MESSAGE_ROLE, field, `${field} must be the id of a user message, not of a reply`);
  return message;
}

/**
 * Where a new message goes: after the last turn on screen; or, for an edit, beside the question it
 * replaces (same parent, same turn). `history` is what the models are given before it.
 */
function placeOf(tree: ConversationTree | undefined, editOf: string | undefined): { history: ChatMessage[]; parentId: string | null; turn: number } {
  if (!tree) return { history: [], parentId: null, turn: 1 };
  if (editOf) {
    const edited = questionOf(tree, editOf, 'editOf');
    return { history: tree.lineage(edited.parentId), parentId: edited.parentId, turn: edited.turn };
  }
  const history = tree.branch();
  const parent = history.filter((m) => m.role === 'user').at(-1);
  return { history, parentId: parent?.id ?? null, turn: (parent?.turn ?? 0) + 1 };
}

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
    private readonly events: EventBus,
    private readonly realtime: RealtimeGateway,
    private readonly grants: ConversationGrants,
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
    if (dto.editOf && !dto.conversationId) throw invalidField(CommonErrorCode.VALIDATION_FAILED, 'conversationId', 'conversationId is required with editOf');
    // Mine, or shared with me to continue (the turn then runs on my keys and budget, and is stored in the owner's conversation).
    const existing = dto.conversationId ? await this.conversations.writableConversation(user, dto.conversationId) : undefined;
    // The one read of the conversation's messages: the branch on screen, or where an edited question was.
    const place = placeOf(existing ? await this.conversations.tree(existing) : undefined, dto.editOf);
    if (dto.collectionIds?.length) await this.knowledge.checkCollections(user, dto.collectionIds, 'collectionIds');
    // Before anything is stored or sent: another user's file is a 404, a refused type or size a 400.
    const attachments = await this.attachments.prepare(user.id, dto.attachments);
    const { history, parentId, turn } = place;
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
    // The turn's rows are written while the models start: their ids are made here, so the stream
    // can name them at once, and every later write of a reply waits for this one (see ReplyJob.stored).
    const stored = this.newTurn(user, existing, agent, { toolSettings, systemPrompt, settings }, { turn, parentId, edit: !!dto.editOf }, newMessage, models);
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

  /**
   * Writes the replies of some models to a question again (the last one on screen by default). The
   * old replies are kept as versions and the new ones shown; a new one that fails is dropped, and
   * the version shown before is shown again.
   */
  async startRegeneration(user: AuthUser, conversationId: string, dto: RegenerateReplyDto, signal: AbortSignal): Promise<AsyncIterable<ChatEvent>> {
    if (!dto.models && !dto.model) throw invalidField(CommonErrorCode.VALIDATION_FAILED, 'model', 'model (or models) must name the model to write again');
    const models = dto.models ? dto.models.map((id, index) => this.registry.chatModel(id, `models.${index}`)) : [this.registry.chatModel(dto.model!, 'model')];
    setMaxListeners(4 * MAX_MODELS_PER_TURN, signal);
    const conversation = await this.conversations.ownConversation(user, conversationId);
    const tree = await this.conversations.tree(conversation);
    const question = dto.messageId ? questionOf(tree, dto.messageId, 'messageId') : tree.leaf();
    if (!question) throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_REGENERATE, 'This conversation has no message yet');
    const lineage = tree.lineage(question.id);
    const shown = new Map(tree.repliesTo(question).map((reply) => [reply.model, reply]));
    const images = models.some((model) => model.vision) ? await this.attachments.images(user.id, lineage) : undefined;
    const threads = models.map((model) => withSystem(conversation.systemPrompt, threadFor(lineage.filter((m) => m !== shown.get(model.id)), model.id, undefined, model.vision ? images : undefined)));
    models.forEach((model, index) => this.checkContext(model, threads[index]!));
    let next = Math.max(-1, ...tree.all().filter((m) => m.parentId === question.id && m.role === 'assistant' && m.kind !== 'merged').map((m) => m.position)) + 1;
    const placeholders = models.map((model) => this.placeholder(conversation, question, model, shown.get(model.id)?.position ?? next++));
    const sessions = await this.registry.openChats(user.id, models);
    // Written while the models start, as a turn is; the new versions are shown from now on.
    const written = this.messages.manager.transaction(async (manager) => {
      await manager.insert(ChatMessage, placeholders as QueryDeepPartialEntity<ChatMessage>[]);
      await this.conversations.choose(conversation.id, Object.fromEntries(placeholders.map((p) => [replyKey(question.id, p.model!), p.id])), manager);
    });
    written.catch(() => undefined);
    // Before `end`, so that a client reloading the conversation on `end` sees the version that stands.
    const dropFailed = async () => {
      const failed = await this.messages.findBy({ id: In(placeholders.map((p) => p.id)), status: 'error' });
      if (!failed.length) return;
      await this.messages.delete({ id: In(failed.map((m) => m.id)) });
      const before = failed.flatMap((m) => (shown.get(m.model) ? [[replyKey(question.id, m.model!), shown.get(m.model)!.id]] : []));
      if (before.length) await this.conversations.choose(conversation.id, Object.fromEntries(before));
    };
    // The conversation's settings hold for its regenerations.
    const replies = sessions.map((session, index): ReplyJob => ({ session, thread: threads[index]!, message: placeholders[index]!, stored: written, ...samplingFor(conversation.settings, session.model), refusal: imageRefusal(session.model, question.attachments) }));
    return this.runTurn(user, conversation, question.turn, null, replies, signal, written, dropFailed);
  }

  /**
   * Continues a reply cut by its length limit: the same model is given the thread, its reply so far
   * and a request to go on; what it writes is appended to the reply (streamed as deltas of it). A
   * continuation that fails leaves the reply as it was.
   */
  async startContinuation(user: AuthUser, messageId: string, signal: AbortSignal): Promise<AsyncIterable<ChatEvent>> {
    const reply = await this.messages.findOneBy({ id: messageId, ownerId: user.id });
    if (!reply) throw notFound(ChatErrorCode.MESSAGE_NOT_FOUND, 'Message');
    if (reply.role !== 'assistant') throw invalidField(ChatErrorCode.WRONG_MESSAGE_ROLE, 'id', 'id must be the id of a reply, not of a user message');
    // A merged answer's thread is the merge's, not a column's: merging again is how it is written anew.
    if (reply.kind === 'merged') throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_CONTINUE, 'A merged answer cannot be continued: merge the answers again');
    if (!reply.truncated || reply.status !== 'complete') throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_CONTINUE, 'This reply was not cut by its length limit: there is nothing to continue');
    const model = this.registry.chatModel(reply.model ?? '', 'model');
    const conversation = await this.conversations.ownConversation(user, reply.conversationId);
    const tree = await this.conversations.tree(conversation);
    const lineage = tree.lineage(reply.parentId).filter((m) => !(m.parentId === reply.parentId && m.model === reply.model));
    const images = model.vision ? await this.attachments.images(user.id, lineage) : undefined;
    const thread = withSystem(conversation.systemPrompt, [...threadFor(lineage, model.id, undefined, images), { role: 'assistant', content: reply.content }, { role: 'user', content: CONTINUE_REQUEST }]);
    this.checkContext(model, thread);
    const [session] = await this.registry.openChats(user.id, [model]);
    const continued = { content: reply.content, inputTokens: reply.inputTokens ?? 0, outputTokens: reply.outputTokens ?? 0, cost: reply.cost ?? 0 };
    const stored = Promise.resolve();
    const { options } = samplingFor(conversation.settings, model);
    return this.runTurn(user, conversation, reply.turn, null, [{ session: session!, thread, message: reply, stored, options, continued }], signal, stored);
  }

  /**
   * Merges the answers of a turn: `model` is given the columns shown for the question `messageId`
   * (those with an answer) in the same merge thread as a workflow's `merge` step, and its answer is
   * stored as the turn's merged answer (`kind: merged`), shown after the columns and never fed to
   * a later turn. Merging again keeps the earlier merged answers as versions. A provider failure
   * is stored as a failed merged answer; the columns are never touched.
   */
  async startMerge(user: AuthUser, messageId: string, dto: MergeAnswersDto, signal: AbortSignal): Promise<AsyncIterable<ChatEvent>> {
    const model = this.registry.chatModel(dto.model, 'model');
    const question = await this.messages.findOneBy({ id: messageId, ownerId: user.id });
    if (!question) throw notFound(ChatErrorCode.MESSAGE_NOT_FOUND, 'Message');
    if (question.role !== 'user') throw invalidField(ChatErrorCode.WRONG_MESSAGE_ROLE, 'id', 'id must be the id of a user message (the question whose answers are merged), not of a reply');
    const conversation = await this.conversations.ownConversation(user, question.conversationId);
    const tree = await this.conversations.tree(conversation);
    const answered = tree.repliesTo(question).filter((reply) => (reply.status === 'complete' || reply.status === 'stopped') && reply.content.trim());
    if (answered.length < 2) {
      throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_MERGE, `Merging needs at least 2 answered columns; this turn has ${answered.length}`, undefined, { answered: answered.length });
    }
    const thread = mergeThread(dto.instruction, answered.map((reply) => ({ label: reply.model ?? 'model', output: reply.content })));
    this.checkContext(model, thread);
    const [session] = await this.registry.openChats(user.id, [model]);
    const message = this.placeholder(conversation, question, model, 0);
    message.kind = 'merged';
    // The new merged answer is the one shown, as a regenerated reply is.
    const written = this.messages.manager.transaction(async (manager) => {
      await manager.insert(ChatMessage, message as QueryDeepPartialEntity<ChatMessage>);
      await this.conversations.choose(conversation.id, { [mergedKey(question.id)]: message.id }, manager);
    });
    written.catch(() => undefined);
    const { options } = samplingFor(conversation.settings, model);
    return this.runTurn(user, conversation, question.turn, null, [{ session: session!, thread, message, stored: written, options }], signal, written, undefined, { tools: false });
  }

  /** A merge without streaming: the merged answer once it is done; a provider failure (stored as a failed merged answer) answered as the vendor's error. */
  async mergeAndWait(user: AuthUser, messageId: string, dto: MergeAnswersDto, signal: AbortSignal): Promise<ChatTurnDto> {
    return this.collect(await this.startMerge(user, messageId, dto, signal), { throwOnError: true });
  }

  /** A continuation without streaming: the reply once it is done; the vendor's failure answered as the regeneration's is. */
  async continueAndWait(user: AuthUser, messageId: string, signal: AbortSignal): Promise<ChatTurnDto> {
    return this.collect(await this.startContinuation(user, messageId, signal), { throwOnError: true });
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
    { turn, parentId, edit }: { turn: number; parentId: string | null; edit: boolean },
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
    // A recipient continuing a shared conversation: the question is stored in the owner's conversation, with who asked it.
    const authorId = user.id === conversation.ownerId ? null : user.id;
    const userMessage = this.messages.create({ id: randomUUID(), conversationId: conversation.id, ownerId: conversation.ownerId, turn, parentId, role: 'user', content, attachments, authorId, status: 'complete' });
    const placeholders = models.map((model, position) => this.placeholder(conversation, userMessage, model, position));
    // A new turn follows the last one on screen and is the newest there; an edit is shown instead of the version it replaces.
    const choice = edit ? { [questionKey(parentId)]: userMessage.id } : undefined;
    if (choice) conversation.selection = { ...conversation.selection, ...choice };
    return {
      conversation,
      userMessage,
      placeholders,
      write: async (manager) => {
        await writeConversation(manager);
        // One INSERT for the user's message and every placeholder.
        await manager.insert(ChatMessage, [userMessage, ...placeholders] as QueryDeepPartialEntity<ChatMessage>[]);
        if (choice) await this.conversations.choose(conversation.id, choice, manager);
      },
    };
  }

  private placeholder(conversation: Conversation, question: Pick<ChatMessage, 'id' | 'turn'>, model: ChatModel, position: number): ChatMessage {
    return this.messages.create({
      id: randomUUID(),
      conversationId: conversation.id,
      ownerId: conversation.ownerId,
      turn: question.turn,
      parentId: question.id,
      position,
      role: 'assistant',
      model: model.id,
      provider: model.provider,
      content: '',
      status: 'streaming',
      truncated: false,
      steps: [],
      citations: [],
    });
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
      const notes = toolbox.unavailable.map(({ tool, reason }) => replyNote('toolUnavailable', { tool, reason }, `Tool ${tool} is not available for this turn: ${reason}`));
      return { settings, toolbox, notes, close: () => toolbox.close() };
    } catch (error) {
      this.logger.error({ err: error }, 'Could not open the tools of a chat turn');
      return { settings, toolbox: NO_TOOLS, notes: [replyNote('toolsUnavailable', {}, 'The tools of this agent could not be opened for this turn; it answers without them.')], close: async () => undefined };
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
    { tools: withTools = true }: { tools?: boolean } = {},
  ): AsyncIterable<ChatEvent> {
    // A shared conversation's turn reaches every socket watching it (its owner's and its recipients'), as it streams here.
    const shared = await this.grants.isShared(conversation.id).catch(() => false);
    const askedBy = shared && userMessage ? { userId: user.id, name: (await this.grants.names([user.id]).catch(() => new Map<string, string>())).get(user.id) ?? '' } : undefined;
    for await (const event of this.turnEvents(user, conversation, turn, userMessage, replies, signal, stored, beforeEnd, withTools)) {
      if (shared) {
        const question = event.event === 'turn' && userMessage ? { question: userMessage.content, askedBy } : {};
        this.realtime.emitToRoom(conversationRoom(conversation.id), 'chat.turn_event', { conversationId: conversation.id, event: event.event, data: event.data, ...question });
      }
      yield event;
    }
  }

  private async *turnEvents(
    user: AuthUser,
    conversation: Conversation,
    turn: number,
    userMessage: ChatMessage | null,
    replies: ReplyJob[],
    signal: AbortSignal,
    stored: Promise<void>,
    beforeEnd: (() => Promise<void>) | undefined,
    withTools: boolean,
  ): AsyncIterable<ChatEvent> {
    yield { event: 'turn', data: { conversationId: conversation.id, turn, userMessageId: userMessage?.id ?? null } };
    // A merge answers from the columns alone: no tools, even in an agent's conversation.
    const tools = withTools ? await this.openTools(user, conversation.toolSettings, signal) : undefined;
    try {
      yield* this.replies.run(user, replies, signal, tools);
      // The title comes from the message stored with the turn: no need to read it back.
      if (conversation.title === NEW_CONVERSATION && turn === 1 && userMessage) conversation.title = titleFrom(userMessage.content);
      await stored;
      await this.conversations.touch(conversation);
      await beforeEnd?.();
      this.events.publish('chat.completed', {
        userId: user.id,
        conversationId: conversation.id,
        turn,
        title: conversation.title,
        agentId: conversation.agentId,
        userMessageId: userMessage?.id ?? null,
        replies: replies.map(({ message }) => ({ messageId: message.id, model: message.model ?? '', status: message.status })),
        occurredAt: new Date().toISOString(),
      });
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
    // With the conversation's other messages: each reply's versions.
    const tree = new ConversationTree(await this.messages.findBy({ conversationId: end!.conversationId }));
    const replies = ids.flatMap((id) => tree.get(id) ?? []).sort((a, b) => a.position - b.position);
    return toChatTurnDto(end!, replies, tree);
  }
}
