import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Not, IsNull, Repository } from 'typeorm';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import { UsageService } from '../../ai/usage.service';
import { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, skipTake } from '../../common/pagination';
import { ExportedFile, exportConversation } from './chat-export';
import { ChatMessage } from './chat-message.entity';
import { toChatModelDto, toConversationDetailDto, toConversationDto } from './chat.mapper';
import { Conversation, NEW_CONVERSATION } from './conversation.entity';
import { ChatModelDto, ConversationDetailDto, ConversationFolderDto, ConversationDto, ConversationQueryDto, CreateConversationDto, ExportFormat, SelectBranchDto, UpdateConversationDto, UsageDto, UsageQueryDto } from './dto/chat.dto';
import { CommonErrorCode } from '../../common/error-codes';
import { ChatErrorCode } from './chat.errors';
import { BranchSelection, ConversationTree, siblingKey } from './turns/chat-tree';

/** A user's conversations: list and search, rename, pin, archive, file in folders, delete, export; the chat models and the usage of chat. */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectRepository(Conversation) private readonly conversations: Repository<Conversation>,
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    private readonly catalogue: ModelCatalogue,
    private readonly ledger: UsageService,
  ) {}

  /** What a user has done in chat so far, for the first-run checklist: an offline reply received, a conversation with an agent. */
  async activity(userId: string): Promise<{ offlineReply: boolean; agentConversation: boolean }> {
    const [offlineReply, agentConversation] = await Promise.all([
      this.messages.existsBy({ ownerId: userId, role: 'assistant', provider: 'local', status: 'complete' }),
      this.conversations.existsBy({ ownerId: userId, agentId: Not(IsNull()) }),
    ]);
    return { offlineReply, agentConversation };
  }

  /** The chat models, with the provider names and the reasons in `language` (the request's). */
  async listModels(user: AuthUser, language: UiLanguage = 'en'): Promise<ChatModelDto[]> {
    return (await this.catalogue.forUser(user.id, 'chat')).map((choice) => toChatModelDto(choice, language));
  }

  async createConversation(user: AuthUser, dto: CreateConversationDto): Promise<ConversationDto> {
    const conversation = await this.conversations.save(this.conversations.create({ ownerId: user.id, title: dto.title ?? NEW_CONVERSATION, pinned: false, archived: false, folder: null }));
    return toConversationDto(conversation, []);
  }

  async listConversations(user: AuthUser, query: ConversationQueryDto): Promise<Page<ConversationDto>> {
    const builder = this.conversations
      .createQueryBuilder('c')
      .where('c.owner_id = :owner', { owner: user.id })
      .andWhere('c.archived = :archived', { archived: query.archived ?? false });
    if (query.folder) builder.andWhere('c.folder = :folder', { folder: query.folder });
    const q = query.q?.trim();
    if (q) {
      // Part of a title as typed (search as you type), or whole words of the title or of a message.
      builder.andWhere(
        `(c.title ILIKE :like ESCAPE '\\'
          OR to_tsvector('simple', c.title) @@ websearch_to_tsquery('simple', :q)
          OR EXISTS (SELECT 1 FROM chat_messages m WHERE m.conversation_id = c.id AND to_tsvector('simple', m.content) @@ websearch_to_tsquery('simple', :q)))`,
        { q, like: `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` },
      );
    }
    const { skip, take } = skipTake(query);
    const [rows, total] = await builder.orderBy('c.pinned', 'DESC').addOrderBy('c.updated_at', 'DESC').skip(skip).take(take).getManyAndCount();
    const summaries = await this.summaries(rows.map((row) => row.id));
    return { items: rows.map((row) => toConversationDto(row, summaries.get(row.id)?.models ?? [], summaries.get(row.id)?.preview)), total, page: query.page, limit: query.limit };
  }

  /** The user's folders, by name, with how many conversations each holds. */
  async listFolders(user: AuthUser): Promise<ConversationFolderDto[]> {
    const rows: Array<{ name: string; count: number; archived_count: number }> = await this.conversations.query(
      `SELECT folder AS name, count(*) FILTER (WHERE NOT archived)::int AS count, count(*) FILTER (WHERE archived)::int AS archived_count
         FROM conversations WHERE owner_id = $1 AND folder IS NOT NULL GROUP BY folder ORDER BY lower(folder), folder`,
      [user.id],
    );
    return rows.map((row) => ({ name: row.name, count: row.count, archivedCount: row.archived_count }));
  }

  /** A conversation with the messages of the branch on screen. */
  async getConversation(user: AuthUser, id: string): Promise<ConversationDetailDto> {
    const conversation = await this.ownConversation(user, id);
    return toConversationDetailDto(conversation, await this.tree(conversation));
  }

  /**
   * Shows another version: of a question (its branch then, with the turns after it, as last chosen
   * there) or of a reply (in its column). Answers the conversation as it is now shown.
   */
  async selectBranch(user: AuthUser, id: string, dto: SelectBranchDto): Promise<ConversationDetailDto> {
    const conversation = await this.ownConversation(user, id);
    const tree = await this.tree(conversation);
    const message = tree.get(dto.messageId);
    if (!message) throw notFound(ChatErrorCode.MESSAGE_NOT_FOUND, 'Message');
    const choice = { [siblingKey(message)]: message.id };
    await this.choose(conversation.id, choice);
    conversation.selection = { ...conversation.selection, ...choice };
    return toConversationDetailDto(conversation, new ConversationTree(tree.all(), conversation.selection));
  }

  /** Remembers versions chosen (sibling key -> message id), in one statement: two choices made at once both hold. */
  async choose(conversationId: string, choices: BranchSelection, manager: EntityManager = this.conversations.manager): Promise<void> {
    await manager.query(`UPDATE conversations SET selection = selection || $2::jsonb WHERE id = $1`, [conversationId, JSON.stringify(choices)]);
  }

  /** Every message of a conversation as its tree, with the versions its owner chose. */
  async tree(conversation: Conversation): Promise<ConversationTree> {
    return new ConversationTree(await this.history(conversation), conversation.selection);
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
    if (!result.affected) throw notFound(ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation');
  }

  /** A conversation as a Markdown, JSON or PDF file: the branch on screen. */
  async exportConversation(user: AuthUser, id: string, format: ExportFormat): Promise<ExportedFile> {
    return exportConversation(await this.getConversation(user, id), format);
  }

  /** Tokens and cost per provider and model over a period (default: the last 30 days), chat and API alike. */
  async usage(user: AuthUser, query: UsageQueryDto): Promise<UsageDto> {
    const to = query.to ? new Date(query.to) : new Date();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - 30 * 24 * 3600 * 1000);
    if (from > to) throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'Invalid request: from', [{ field: 'from', message: 'from must be before to' }]);
    return this.ledger.summarize(user.id, from, to);
  }

  /** Another user's conversation answers exactly like one that does not exist. */
  async ownConversation(user: AuthUser, id: string): Promise<Conversation> {
    const conversation = await this.conversations.findOneBy({ id, ownerId: user.id });
    if (!conversation) throw notFound(ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation');
    return conversation;
  }

  /** Every message of a conversation (one its owner was checked for), every branch, turn by turn, each turn's questions before their replies. */
  history(conversation: Conversation): Promise<ChatMessage[]> {
    return this.messages.find({ where: { conversationId: conversation.id }, order: { turn: 'ASC', role: 'DESC', position: 'ASC', createdAt: 'ASC' } });
  }

  /** Stores a conversation's title and marks it updated now (a turn was added to it). */
  async touch(conversation: Conversation): Promise<void> {
    await this.conversations.update({ id: conversation.id }, { title: conversation.title, updatedAt: new Date() });
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
