import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Brackets, EntityManager, In, Not, IsNull, Repository } from 'typeorm';
import { containsPattern } from '../../common/sql-like';
import { ModelCatalogue } from '../../ai/model-catalogue.service';
import { UsageService } from '../../ai/usage.service';
import { AuthUser } from '../../common/auth.decorators';
import type { UiLanguage } from '../../common/request-language';
import { DomainError, notFound } from '../../common/domain-error';
import { Page, skipTake } from '../../common/pagination';
import { ExportedFile, exportConversation } from './chat-export';
import { ChatMessage } from './chat-message.entity';
import { Askers, toChatModelDto, toConversationDetailDto, toConversationDto } from './chat.mapper';
import { Conversation, NEW_CONVERSATION } from './conversation.entity';
import { ChatModelDto, ConversationDetailDto, ConversationFolderDto, ConversationDto, ConversationQueryDto, CreateConversationDto, ExportFormat, SelectBranchDto, UpdateConversationDto, UsageDto, UsageQueryDto } from './dto/chat.dto';
import { CommonErrorCode } from '../../common/error-codes';
import { ChatErrorCode } from './chat.errors';
import { BranchSelection, ConversationTree, siblingKey } from './turns/chat-tree';
import { ConversationGrant, ConversationGrants } from './sharing/conversation-grants';

/** A user's conversations: list and search, rename, pin, archive, file in folders, delete, export; the chat models and the usage of chat. */
@Injectable()
export class ConversationsService {
  constructor(
    @InjectRepository(Conversation) private readonly conversations: Repository<Conversation>,
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    private readonly catalogue: ModelCatalogue,
    private readonly ledger: UsageService,
    private readonly grants: ConversationGrants,
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

  /**
   * My conversations, and (in the everyday list: not archived, no folder) those shared with me,
   * marked `shared`. My pinned ones first, then the most recently updated.
   */
  async listConversations(user: AuthUser, query: ConversationQueryDto): Promise<Page<ConversationDto>> {
    const archived = query.archived ?? false;
    // Archiving and folders are the owner's way of filing: what is shared with me is in my everyday list.
    const shared = archived || query.folder ? new Map<string, ConversationGrant>() : await this.grants.sharedWith(user.id);
    const sharedIds = [...shared.keys()];
    const builder = this.conversations
      .createQueryBuilder('c')
      .where(
        new Brackets((mine) => {
          mine.where(
            new Brackets((own) => {
              own.where('c.owner_id = :owner', { owner: user.id }).andWhere('c.archived = :archived', { archived });
              if (query.folder) own.andWhere('c.folder = :folder', { folder: query.folder });
            }),
          );
          if (sharedIds.length) mine.orWhere('c.id = ANY(:shared)', { shared: sharedIds });
        }),
      );
    const q = query.q?.trim();
    if (q) {
      // Part of a title as typed (search as you type), or whole words of the title or of a message on the branch on screen.
      builder.andWhere(
        `(c.title ILIKE :like ESCAPE '\\'
          OR to_tsvector('simple', c.title) @@ websearch_to_tsquery('simple', :q)
          OR c.id = ANY(:found))`,
        { q, like: containsPattern(q), found: await this.foundOnScreen(user, archived, q, sharedIds) },
      );
    }
    const { skip, take } = skipTake(query);
    // The owner's pin is theirs: a conversation shared with me is not pinned in my list.
    builder.addSelect('(c.pinned AND c.owner_id = :owner)', 'mine_pinned');
    const [rows, total] = await builder.orderBy('mine_pinned', 'DESC').addOrderBy('c.updated_at', 'DESC').skip(skip).take(take).getManyAndCount();
    const summaries = await this.summaries(rows.map((row) => row.id));
    return {
      items: rows.map((row) => {
        const grant = row.ownerId === user.id ? null : shared.get(row.id);
        return toConversationDto(grant ? { ...row, pinned: false, archived: false, folder: null } : row, summaries.get(row.id)?.models ?? [], summaries.get(row.id)?.preview, grant);
      }),
      total,
      page: query.page,
      limit: query.limit,
    };
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
    const { conversation, grant } = await this.readableConversation(user, id);
    const tree = await this.tree(conversation);
    const detail = toConversationDetailDto(conversation, tree, grant, await this.askers(conversation, tree, grant));
    return grant ? { ...detail, pinned: false, archived: false, folder: null } : detail;
  }

  /** In a shared conversation, who asked each question on screen (names from the sharing area); otherwise nothing. */
  private async askers(conversation: Conversation, tree: ConversationTree, grant: ConversationGrant | null | undefined): Promise<Askers | undefined> {
    if (!grant && !(await this.grants.isShared(conversation.id))) return undefined;
    const ids = new Set([conversation.ownerId, ...tree.shown().flatMap((m) => (m.role === 'user' && m.authorId ? [m.authorId] : []))]);
    return { ownerId: conversation.ownerId, names: await this.grants.names([...ids]) };
  }

  /** A conversation by id alone, for a public link (its owner chose to show it): the branch on screen. */
  async snapshot(id: string): Promise<{ conversation: Conversation; messages: ChatMessage[] } | null> {
    const conversation = await this.conversations.findOneBy({ id });
    if (!conversation) return null;
    return { conversation, messages: (await this.tree(conversation)).shown() };
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

  /**
   * Every message of a conversation as its tree, with the versions its owner chose. A choice whose
   * message is gone (a failed regeneration dropped) is forgotten here: the newest version stands.
   */
  async tree(conversation: Conversation): Promise<ConversationTree> {
    const tree = new ConversationTree(await this.history(conversation), conversation.selection);
    const stale = tree.staleChoices();
    if (stale.length) {
      await this.conversations.query(`UPDATE conversations SET selection = selection - $2::text[] WHERE id = $1`, [conversation.id, stale]);
      conversation.selection = Object.fromEntries(Object.entries(conversation.selection).filter(([key]) => !stale.includes(key)));
    }
    return tree;
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
    // Not mine: 403 if it is shared with me, else 404.
    if (!result.affected) await this.ownConversation(user, id);
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

  /**
   * Another user's conversation answers exactly like one that does not exist; one shared with me,
   * 403: I may read it, but only its owner changes it.
   */
  async ownConversation(user: AuthUser, id: string): Promise<Conversation> {
    const conversation = await this.conversations.findOneBy({ id, ownerId: user.id });
    if (conversation) return conversation;
    if (await this.grants.grantOf(user.id, id)) throw new DomainError('forbidden', ChatErrorCode.SHARED_OWNER_ONLY, 'Only the owner of a shared conversation can do this');
    throw notFound(ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation');
  }

  /** Mine, or shared with me (with the grant); anything else is 404. */
  async readableConversation(user: AuthUser, id: string): Promise<{ conversation: Conversation; grant: ConversationGrant | null }> {
    const conversation = await this.conversations.findOneBy({ id });
    if (conversation?.ownerId === user.id) return { conversation, grant: null };
    const grant = conversation && (await this.grants.grantOf(user.id, id));
    if (!conversation || !grant) throw notFound(ChatErrorCode.CONVERSATION_NOT_FOUND, 'Conversation');
    return { conversation, grant };
  }

  /** Mine, or shared with me to continue: where I may send a new turn. Shared read-only: 403. */
  async writableConversation(user: AuthUser, id: string): Promise<Conversation> {
    const { conversation, grant } = await this.readableConversation(user, id);
    if (grant?.permission === 'read') throw new DomainError('forbidden', ChatErrorCode.SHARED_READ_ONLY, 'This conversation is shared with you read-only');
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

  /**
   * What the list says of each conversation, from the branch on screen (the one `GET
   * /conversations/{id}` answers): the models that answered there, and the start of its last message with text.
   */
  private async summaries(ids: string[]): Promise<Map<string, { models: string[]; preview?: string }>> {
    const result = new Map<string, { models: string[]; preview?: string }>();
    for (const [id, tree] of await this.shownTrees(ids)) {
      const shown = tree.shown();
      const models = [...new Set(shown.flatMap((m) => (m.model ? [m.model] : [])))].sort();
      const preview = shown.filter((m) => m.content !== '').at(-1)?.content;
      result.set(id, { models, ...(preview ? { preview } : {}) });
    }
    for (const id of ids) if (!result.has(id)) result.set(id, { models: [] });
    return result;
  }

  /** The user's conversations (archived or not), and those shared with them, where a message on the branch on screen has the words of `q`. */
  private async foundOnScreen(user: AuthUser, archived: boolean, q: string, shared: string[]): Promise<string[]> {
    const rows: Array<{ id: string; conversation_id: string }> = await this.messages.query(
      `SELECT m.id, m.conversation_id FROM chat_messages m JOIN conversations c ON c.id = m.conversation_id
        WHERE ((c.owner_id = $1 AND c.archived = $2) OR c.id = ANY($4::uuid[])) AND to_tsvector('simple', m.content) @@ websearch_to_tsquery('simple', $3)`,
      [user.id, archived, q, shared],
    );
    const found = new Set(rows.map((row) => row.id));
    const trees = await this.shownTrees([...new Set(rows.map((row) => row.conversation_id))]);
    return [...trees].flatMap(([id, tree]) => (tree.shown().some((m) => found.has(m.id)) ? [id] : []));
  }

  /** The trees of some conversations with their owners' choices, each message's text cut to 160 characters (enough for a preview). */
  private async shownTrees(ids: string[]): Promise<Map<string, ConversationTree>> {
    const trees = new Map<string, ConversationTree>();
    if (!ids.length) return trees;
    const [conversations, rows] = await Promise.all([
      this.conversations.find({ select: { id: true, selection: true }, where: { id: In(ids) } }),
      this.messages
        .createQueryBuilder('m')
        .select(['m.id', 'm.conversationId', 'm.parentId', 'm.role', 'm.kind', 'm.model', 'm.position', 'm.createdAt', 'm.turn'])
        .addSelect('left(m.content, 160)', 'preview')
        .where('m.conversation_id = ANY(:ids)', { ids })
        .getRawAndEntities(),
    ]);
    const previews = new Map((rows.raw as Array<{ m_id: string; preview: string | null }>).map((row) => [row.m_id, row.preview ?? '']));
    const byConversation = new Map<string, ChatMessage[]>();
    for (const message of rows.entities) {
      message.content = previews.get(message.id) ?? '';
      const messages = byConversation.get(message.conversationId);
      if (messages) messages.push(message);
      else byConversation.set(message.conversationId, [message]);
    }
    for (const conversation of conversations) trees.set(conversation.id, new ConversationTree(byConversation.get(conversation.id) ?? [], conversation.selection));
    return trees;
  }
}
