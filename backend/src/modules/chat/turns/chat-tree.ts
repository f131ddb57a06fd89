import type { ChatMessage } from '../chat-message.entity';

/**
 * Which sibling is on screen, where the user chose one: a sibling key -> the chosen message's id.
 * Kept by the conversation (`selection`); where it says nothing the newest sibling is shown.
 */
export type BranchSelection = Record<string, string>;

/** The key of a user message's siblings (the versions of one turn's question): its parent, or `root`. */
export const questionKey = (parentId: string | null): string => parentId ?? 'root';
/** The key of one model's versions of its reply to a user message. */
export const replyKey = (userMessageId: string, model: string): string => `${userMessageId}:${model}`;

/** The key of a question's merged answers (whatever model wrote them: one merge is shown per turn). */
export const mergedKey = (userMessageId: string): string => `${userMessageId}:merged`;

/** The sibling key of any message. */
export const siblingKey = (message: Pick<ChatMessage, 'role' | 'parentId' | 'model'> & { kind?: ChatMessage['kind'] }): string =>
  message.role === 'user' ? questionKey(message.parentId) : message.kind === 'merged' ? mergedKey(message.parentId ?? '') : replyKey(message.parentId ?? '', message.model ?? '');

const oldestFirst = (a: ChatMessage, b: ChatMessage) => a.createdAt.getTime() - b.createdAt.getTime() || a.position - b.position;

/**
 * A conversation's messages as the tree they form (built in memory from one read of them): the
 * branch on screen, the line of turns above a message, and each message's siblings.
 */
export class ConversationTree {
  private readonly siblings = new Map<string, ChatMessage[]>();
  private readonly byId = new Map<string, ChatMessage>();
  /** A question's id -> the sibling keys of its replies (one per model). */
  private readonly replyKeys = new Map<string, Set<string>>();

  constructor(
    messages: readonly ChatMessage[],
    private readonly selection: BranchSelection = {},
  ) {
    for (const message of messages) {
      this.byId.set(message.id, message);
      const key = siblingKey(message);
      this.siblings.set(key, [...(this.siblings.get(key) ?? []), message]);
      if (message.role === 'assistant' && message.parentId && message.kind !== 'merged') this.replyKeys.set(message.parentId, (this.replyKeys.get(message.parentId) ?? new Set()).add(key));
    }
    for (const list of this.siblings.values()) list.sort(oldestFirst);
  }

  /** Every message, every branch. */
  all(): ChatMessage[] {
    return [...this.byId.values()];
  }

  get(id: string): ChatMessage | undefined {
    return this.byId.get(id);
  }

  /** The versions a message is one of (itself included), oldest first. */
  siblingsOf(message: ChatMessage): ChatMessage[] {
    return this.siblings.get(siblingKey(message)) ?? [message];
  }

  /**
   * The branch on screen: from the first turn, the chosen version of each question, each followed
   * by the chosen version of every model's reply to it (in column order), down to the last turn.
   */
  branch(): ChatMessage[] {
    const result: ChatMessage[] = [];
    for (let question = this.chosen(questionKey(null)); question; question = this.chosen(questionKey(question.id))) result.push(question, ...this.repliesTo(question));
    return result;
  }

  /**
   * What the page shows: the branch, each turn's columns followed by its merged answer, if any.
   * Only for display and export: a merged answer is never part of what a model is given.
   */
  shown(): ChatMessage[] {
    const result: ChatMessage[] = [];
    for (let question = this.chosen(questionKey(null)); question; question = this.chosen(questionKey(question.id))) {
      const merged = this.mergedAnswerTo(question);
      result.push(question, ...this.repliesTo(question), ...(merged ? [merged] : []));
    }
    return result;
  }

  /** The merged answer shown for a question (its newest unless the user chose another), if any. */
  mergedAnswerTo(question: Pick<ChatMessage, 'id'>): ChatMessage | undefined {
    return this.chosen(mergedKey(question.id));
  }

  /** The last question of the branch on screen (the one a new message follows), if any. */
  leaf(): ChatMessage | undefined {
    return this.branch().filter((message) => message.role === 'user').at(-1);
  }

  /** The turns above a question and the question itself, each with its chosen replies: what a model is given to answer it. */
  lineage(questionId: string | null): ChatMessage[] {
    const questions: ChatMessage[] = [];
    for (let question = questionId ? this.byId.get(questionId) : undefined; question; question = question.parentId ? this.byId.get(question.parentId) : undefined) questions.unshift(question);
    return questions.flatMap((question) => [question, ...this.repliesTo(question)]);
  }

  /**
   * The choices that name a message no longer among its versions (a regeneration that failed and
   * was dropped, a version deleted): they choose nothing, the newest version is shown in their place.
   */
  staleChoices(): string[] {
    return Object.entries(this.selection).flatMap(([key, id]) => (this.siblings.get(key)?.some((message) => message.id === id) ? [] : [key]));
  }

  /** The chosen version of every model's reply to a question, in column order. */
  repliesTo(question: ChatMessage): ChatMessage[] {
    const keys = [...(this.replyKeys.get(question.id) ?? [])];
    return keys.map((key) => this.chosen(key)!).sort((a, b) => a.position - b.position);
  }

  private chosen(key: string): ChatMessage | undefined {
    const list = this.siblings.get(key);
    if (!list?.length) return undefined;
    const picked = this.selection[key];
    return list.find((message) => message.id === picked) ?? list[list.length - 1];
  }
}
