import { DestroyRef, Injectable, computed, effect, inject, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Router } from '@angular/router';
import type { Observable, Subscription } from 'rxjs';
import type { ChatModelDto, ChatPresetDto, ChatStreamEvent, ChatWatchedTurnEventDto, ConversationSharedMarkDto, KnowledgeCollectionDto, SendChatMessageDto } from '../../api/models';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { ChatService, KnowledgeService, ProfileService } from '../../api/services';
import { SessionStore } from '../../core/auth/session.store';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { SseClient } from '../../core/streaming/sse-client';
import type { SseEvent } from '../../core/streaming/sse-parser';
import { toChatStreamEvent } from '../../core/streaming/chat-stream-events';
import { answeredReplies, isLive, modelsOfConversation, newTurnKey, pendingReply, turnsFromMessages, updateMerged, updateReply, type ReplyView, type TurnView } from '../../shared/chat/chat-turns';
import { ConversationsStore } from './conversations.store';
import { traceStep } from '../../shared/chat/reply-trace';
import { EMPTY_CHAT_SETTINGS, settingsOfConversation, settingsOfPreset, settingsRequest, type ChatSettingsForm } from './chat-settings';
import { ChatAttachments, type ComposerAttachment } from './chat-attachments.store';
import { problemMessage } from '../../core/http/problem-message';
import { replyErrorText, streamFailure } from '../../shared/chat/reply-error';

export const MAX_MODELS = 12;
export const OFFLINE_MODEL = 'local/webox-mini';
/** The most collections the attach menu lists (the API's largest page). */
export const MAX_LISTED_COLLECTIONS = 100;
const SELECTION_KEY = 'webox.chat.models';

export type LoadState = 'loading' | 'ready' | 'failed';
/** `none`: a new conversation, not sent yet. `missing`: deleted, or someone else's. */
export type ConversationState = 'none' | 'loading' | 'ready' | 'failed' | 'missing';

interface ActiveStream {
  /** `edit`: a question sent again as a new version; `continue`: a cut reply written on; `merge`: a turn's merged answer. */
  kind: 'send' | 'edit' | 'regenerate' | 'continue' | 'merge';
  turnKey: string;
  models: string[];
  subscription: Subscription | null;
  /** The server acknowledged the turn: the user's message is stored. */
  acknowledged: boolean;
  /** The knowledge collections this message attached (sent only when they changed). */
  collectionIds?: string[];
  ended: boolean;
  /** What the composer held, given back if the message could not be sent at all. */
  draft?: string;
  /** The files the message carried, given back with the draft. */
  attachments?: ComposerAttachment[];
  /** The replies being written again (or continued), by model: put back if that fails. */
  previous?: Readonly<Record<string, ReplyView>>;
  /** The turns as they were before an edit replaced the edited one and those after it. */
  turnsBefore?: TurnView[];
  /** A merge: the merged answer shown before it (null: none), put back if the merge is refused. */
  mergedBefore?: ReplyView | null;
}

/**
 * The chat page's state: the model catalogue and the selection, the open conversation and its
 * turns, and the stream that fills them. Streams come from `SseClient`; every other call goes
 * through the generated `ChatService`.
 */
@Injectable()
export class ChatStore {
  private readonly api = inject(ChatService);
  private readonly knowledge = inject(KnowledgeService);
  private readonly sse = inject(SseClient);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);
  private readonly conversations = inject(ConversationsStore);
  private readonly session = inject(SessionStore);
  private readonly profile = inject(ProfileService);
  /** The files attached to the next message. */
  readonly attachments = inject(ChatAttachments);

  readonly models = signal<ChatModelDto[]>([]);
  readonly modelsState = signal<LoadState>('loading');
  readonly selection = signal<string[]>(readStoredSelection());
  readonly conversationId = signal<string | null>(null);
  readonly title = signal<string | null>(null);
  readonly conversationState = signal<ConversationState>('none');
  readonly turns = signal<TurnView[]>([]);
  /** The composer's text. */
  readonly draft = signal('');
  /** A failure that concerns the whole page (the message was not sent, the regeneration failed). */
  readonly error = signal<string | null>(null);
  /** The user's knowledge collections, for the attach menu. */
  readonly collections = signal<KnowledgeCollectionDto[]>([]);
  readonly collectionsState = signal<LoadState>('loading');
  /** The collections the models may search, as the composer shows them. */
  readonly attached = signal<string[]>([]);
  /** What the conversation has attached on the server: the next message sends `collectionIds` only when `attached` differs. */
  private readonly savedAttachment = signal<string[]>([]);
  /** A conversation held with an agent: its tools are the agent's, so nothing is attached here. */
  readonly agentConversation = signal(false);
  /** System prompt and sampling, sent with every message; the conversation keeps them. */
  readonly settings = signal<ChatSettingsForm>(EMPTY_CHAT_SETTINGS);
  /** The user's favorite models (profile), first in the picker. */
  readonly favorites = computed(() => this.session.user()?.favoriteModels ?? []);

  /** The model the address asked for (`/chat?model=`, the catalog's "Try in Webox"): chosen once the models are known, when usable. */
  private requestedModel: string | null = null;
  /** The requested model could not be chosen: its name and why, for the page to say (the usual selection stays). */
  readonly refusedRequest = signal<{ name: string; reason: string } | null>(null);

  private readonly active = signal<ActiveStream | null>(null);
  private loading: Subscription | null = null;
  private readonly realtime = inject(RealtimeService);
  /** Another user's conversation shared with me: by whom, to read or to continue; null for mine. */
  readonly shared = signal<ConversationSharedMarkDto | null>(null);
  /** Shared with me read-only: no new turn from here. */
  readonly readOnly = computed(() => this.shared()?.permission === 'read');
  /** The conversation whose turns this page follows over the socket (sent by someone else, or from another tab). */
  private watching: string | null = null;
  /** The turn a watched stream is filling, by its key. */
  private watchedTurn: string | null = null;

  readonly streaming = computed(() => this.active() !== null);
  readonly modelsById = computed(() => new Map(this.models().map((model) => [model.id, model])));
  readonly columns = computed(() => this.selection().map((id) => ({ id, model: this.modelsById().get(id) ?? null })));

  constructor() {
    // Leaving the page closes its stream: the server then stops the models.
    inject(DestroyRef).onDestroy(() => {
      this.cancelStream();
      this.loading?.unsubscribe();
      this.watch(null);
    });
    // The open conversation's turns, whoever sends them, reach this page live (asked again after a reconnection).
    effect(() => {
      const id = this.conversationState() === 'ready' ? this.conversationId() : null;
      const connected = this.realtime.connected();
      untracked(() => this.watch(connected ? id : null, connected));
    });
    this.realtime
      .on('chat.turn_event')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.applyWatched(event));
  }

  loadModels(): void {
    this.modelsState.set('loading');
    this.api.listChatModels().subscribe({
      next: (models) => {
        this.models.set(models);
        this.modelsState.set('ready');
        // A conversation brings its own models; otherwise the remembered ones, as long as they still work.
        if (this.conversationState() === 'none') this.selection.set(this.startingSelection());
      },
      error: () => this.modelsState.set('failed'),
    });
  }

  /** Asks for a model to start the next new conversation with (null: none); call before `loadModels()`. */
  requestModel(id: string | null): void {
    this.requestedModel = id;
    this.refusedRequest.set(null);
  }

  /** Loads the collections; again when the menu opens (quietly: what is listed stays meanwhile). */
  loadCollections(): void {
    if (this.collectionsState() !== 'ready') this.collectionsState.set('loading');
    this.knowledge.listKnowledgeCollections({ limit: MAX_LISTED_COLLECTIONS }).subscribe({
      next: (page) => {
        this.collections.set(page.items);
        this.collectionsState.set('ready');
      },
      error: () => this.collectionsState.set('failed'),
    });
  }

  /** The collections to answer from, from the next message on (an empty list detaches them). */
  attach(ids: readonly string[]): void {
    this.attached.set([...new Set(ids)]);
  }

  /** The user changed the models: between 1 and 12, remembered for next time. */
  select(ids: readonly string[]): void {
    const unique = [...new Set(ids)].slice(0, MAX_MODELS);
    if (unique.length === 0) return;
    this.selection.set(unique);
    try {
      localStorage.setItem(SELECTION_KEY, JSON.stringify(unique));
    } catch {
      // Without storage the choice lasts for this page only.
    }
  }

  /** Marks a model as a favorite, or no longer, in the profile. */
  toggleFavorite(id: string): void {
    const current = this.favorites();
    const favoriteModels = current.includes(id) ? current.filter((model) => model !== id) : [...current, id];
    this.profile.updateProfile({ body: { favoriteModels } }).subscribe({
      next: (user) => this.session.setUser(user),
      error: (error: unknown) => this.error.set(problemMessage(this.i18n, toApiProblem(error), 'chat.models.favoriteFailed')),
    });
  }

  /** A preset's settings, and its models (those usable now) when it names any. */
  applyPreset(preset: ChatPresetDto): void {
    this.settings.set(settingsOfPreset(preset));
    const usable = preset.models.filter((id) => this.modelsById().get(id)?.available);
    if (usable.length) this.select(usable);
  }

  /** A new, empty conversation (what `/chat` shows). */
  reset(): void {
    this.settings.set(EMPTY_CHAT_SETTINGS);
    this.cancelStream();
    this.loading?.unsubscribe();
    this.conversationId.set(null);
    this.title.set(null);
    this.shared.set(null);
    this.turns.set([]);
    this.error.set(null);
    this.setAttachment([], false);
    this.conversationState.set('none');
    if (this.modelsState() === 'ready') this.selection.set(this.startingSelection());
  }

  /** Loads a stored conversation, and selects the models that answered in it. */
  open(id: string): void {
    this.cancelStream();
    this.loading?.unsubscribe();
    this.conversationId.set(id);
    this.title.set(null);
    this.shared.set(null);
    this.turns.set([]);
    this.error.set(null);
    this.setAttachment([], false);
    this.conversationState.set('loading');
    this.loading = this.api.getConversation({ id }).subscribe({
      next: (detail) => {
        const turns = turnsFromMessages(detail.messages);
        this.turns.set(turns);
        this.title.set(detail.title);
        this.shared.set(detail.shared ?? null);
        this.setAttachment(detail.collectionIds ?? [], !!detail.agentId);
        this.settings.set(settingsOfConversation(detail));
        const models = modelsOfConversation(detail, turns).slice(0, MAX_MODELS);
        if (models.length) this.selection.set(models);
        this.conversationState.set('ready');
      },
      error: (error: unknown) => this.conversationState.set(toApiProblem(error).status === 404 ? 'missing' : 'failed'),
    });
  }

  /** Renamed from the list. */
  setTitle(title: string): void {
    this.title.set(title);
  }

  /** Sends the composer's text to every selected model; false when there is nothing to send or a stream is running. */
  send(): boolean {
    const message = this.draft().trim();
    const models = this.selection();
    if (!message || models.length === 0 || this.active() || this.conversationState() === 'loading' || this.readOnly()) return false;
    if (this.attachments.uploading()) {
      this.error.set(this.i18n.t('chat.attachments.waiting'));
      return false;
    }
    const taken = this.attachments.take();
    const turnKey = newTurnKey();
    const turn: TurnView = {
      key: turnKey,
      turn: (this.turns().at(-1)?.turn ?? 0) + 1,
      question: message,
      userMessageId: null,
      siblingIds: [],
      replies: Object.fromEntries(models.map((model) => [model, pendingReply(model)])),
      ...(taken.shown.length ? { attachments: taken.shown.map(({ name, kind, previewUrl }) => ({ name, kind, previewUrl })) } : {}),
    };
    this.turns.update((turns) => [...turns, turn]);
    this.draft.set('');
    this.error.set(null);
    const conversationId = this.conversationId();
    const collectionIds = this.attachmentChange();
    const attachments = taken.ids.length ? { attachments: taken.ids } : {};
    const body: SendChatMessageDto = {
      message,
      models,
      stream: true,
      ...(conversationId ? { conversationId } : {}),
      ...(collectionIds ? { collectionIds } : {}),
      ...attachments,
      ...settingsRequest(this.settings(), this.agentConversation()),
    };
    this.run({ kind: 'send', turnKey, models, draft: message, attachments: taken.shown, ...(collectionIds ? { collectionIds } : {}) }, this.sse.post(ChatService.SendChatMessagePath, body));
    return true;
  }

  /**
   * Edit and resend: the question of a turn, changed, becomes a new version of it, answered anew by
   * the models that answered it; the turns after it leave the screen (the server keeps them, and
   * the version navigation brings them back). False when nothing can be sent.
   */
  edit(turnKey: string, text: string): boolean {
    const message = text.trim();
    const id = this.conversationId();
    const index = this.turns().findIndex((turn) => turn.key === turnKey);
    const edited = this.turns()[index];
    if (!message || !id || !edited?.userMessageId || this.active()) return false;
    const answered = Object.keys(edited.replies);
    const models = answered.length ? answered : this.selection();
    const turnsBefore = this.turns();
    const turn: TurnView = { key: newTurnKey(), turn: edited.turn, question: message, userMessageId: null, siblingIds: [], replies: Object.fromEntries(models.map((model) => [model, pendingReply(model)])) };
    this.turns.set([...turnsBefore.slice(0, index), turn]);
    this.error.set(null);
    const body: SendChatMessageDto = { message, models, stream: true, conversationId: id, editOf: edited.userMessageId, ...settingsRequest(this.settings(), this.agentConversation()) };
    this.run({ kind: 'edit', turnKey: turn.key, models, turnsBefore }, this.sse.post(ChatService.SendChatMessagePath, body));
    return true;
  }

  /** Writes one model's reply to a turn (the last by default) again; the old one stays as a version. */
  regenerate(model: string, turnKey?: string): void {
    this.regenerateTurn(turnKey ?? this.turns().at(-1)?.key, [model]);
  }

  /** Writes every column's reply to a turn again. */
  regenerateAll(turnKey: string): void {
    const turn = this.turns().find((t) => t.key === turnKey);
    if (turn) this.regenerateTurn(turnKey, Object.keys(turn.replies));
  }

  /** Asks the model of a reply cut by its length limit (of the last turn by default) for the rest, appended to it. */
  continueReply(model: string, key?: string): void {
    const turnKey = key ?? this.turns().at(-1)?.key ?? '';
    const reply = this.turns().find((turn) => turn.key === turnKey)?.replies[model];
    if (!reply?.messageId || !reply.truncated || this.active()) return;
    this.error.set(null);
    this.turns.update((turns) => updateReply(turns, turnKey, model, (current) => ({ ...current, status: 'pending', truncated: false })));
    const path = ChatService.ContinueReplyPath.replace('{id}', encodeURIComponent(reply.messageId));
    this.run({ kind: 'continue', turnKey, models: [model], previous: { [model]: reply } }, this.sse.post(path, { stream: true }));
  }

  /**
   * Merged answers: `model` synthesises the answered columns of a turn (2 at least) into one answer,
   * stored in the conversation and shown beside the columns; an earlier merge stays as a version.
   */
  merge(turnKey: string, model: string): void {
    const turn = this.turns().find((t) => t.key === turnKey);
    if (!turn?.userMessageId || answeredReplies(turn).length < 2 || this.active()) return;
    this.error.set(null);
    const mergedBefore = turn.merged ?? null;
    this.turns.update((turns) => updateMerged(turns, turnKey, model, () => pendingReply(model)));
    const path = ChatService.MergeAnswersPath.replace('{id}', encodeURIComponent(turn.userMessageId));
    this.run({ kind: 'merge', turnKey, models: [model], mergedBefore }, this.sse.post(path, { model, stream: true }));
  }

  /** Shows another version of a question (its branch) or of a reply (in its column); the server remembers it. */
  showVersion(messageId: string): void {
    const id = this.conversationId();
    if (!id || this.active()) return;
    this.api.selectBranch({ id, body: { messageId } }).subscribe({
      next: (detail) => {
        if (this.conversationId() === id && !this.active()) this.turns.set(turnsFromMessages(detail.messages));
      },
      error: (error: unknown) => this.error.set(toApiProblem(error).message ?? this.i18n.t('common.unexpectedError')),
    });
  }

  private regenerateTurn(turnKey: string | undefined, models: string[]): void {
    const id = this.conversationId();
    const turn = this.turns().find((t) => t.key === turnKey);
    const previous = Object.fromEntries(models.flatMap((model) => (turn?.replies[model] ? [[model, turn.replies[model]]] : [])));
    if (!id || !turn?.userMessageId || !models.length || this.active()) return;
    this.error.set(null);
    this.turns.update((turns) => models.reduce((next, model) => updateReply(next, turn.key, model, () => pendingReply(model)), turns));
    const path = ChatService.RegenerateReplyPath.replace('{id}', encodeURIComponent(id));
    const body = { ...(models.length === 1 ? { model: models[0] } : { models }), messageId: turn.userMessageId, stream: true };
    this.run({ kind: 'regenerate', turnKey: turn.key, models, previous }, this.sse.post(path, body));
  }

  /** After a stream that changed the tree (an edit, a regeneration): the branch as the server now has it, with every version. */
  private reloadBranch(): void {
    const id = this.conversationId();
    if (!id) return;
    this.api.getConversation({ id }).subscribe({
      next: (detail) => {
        if (this.conversationId() === id && !this.active()) this.turns.set(turnsFromMessages(detail.messages));
      },
      // What the stream showed stays; the versions come with the next load.
      error: () => undefined,
    });
  }

  /** Stops the running stream: closing it tells the server to stop every model of it. What arrived is kept. */
  stop(): void {
    const stream = this.active();
    if (!stream) return;
    this.cancelStream();
    this.settle(stream, () => ({ status: 'stopped' }));
    // The server stores the stopped replies (and a new conversation, if it got that far).
    this.conversations.refresh();
  }

  /** Whether a given model is being written right now. */
  isStreaming(model: string): boolean {
    const active = this.active();
    return !!active && active.kind !== 'merge' && active.models.includes(model);
  }

  /** The user's default model, else the workspace's (an admin's), when usable: what a merge is offered with first. */
  readonly defaultModel = computed(() => {
    const preferred = this.session.user()?.defaultChatModel;
    if (preferred && this.modelsById().get(preferred)?.available) return preferred;
    return this.models().find((model) => model.workspaceDefault && model.available)?.id ?? null;
  });

  /** Follows one conversation over the socket (null: none); `rejoin` asks again for the same one (after a reconnection). */
  private watch(id: string | null, rejoin = false): void {
    if (id === this.watching && !rejoin) return;
    if (this.watching && this.watching !== id) void this.realtime.send('chat.unwatch', { conversationId: this.watching });
    this.watching = id;
    this.watchedTurn = null;
    if (id) void this.realtime.send('chat.watch', { conversationId: id });
  }

  /**
   * A turn of the open conversation that this page did not send (another user's, in a shared
   * conversation, or this user's from another tab): shown as it streams, then read back once it ends.
   * While this page streams a turn of its own, the socket's copy of it is ignored.
   */
  private applyWatched(watched: ChatWatchedTurnEventDto): void {
    if (watched.conversationId !== this.conversationId() || this.active()) return;
    const event = { event: watched.event, data: watched.data } as ChatStreamEvent;
    const key = this.watchedTurn;
    switch (event.event) {
      case 'turn': {
        const { turn, userMessageId } = event.data;
        // A regeneration, a continuation or a merge: shown as stored when it ends.
        if (!userMessageId || this.turns().some((t) => t.userMessageId === userMessageId)) return;
        const turnKey = newTurnKey();
        this.watchedTurn = turnKey;
        this.turns.update((turns) => [...turns, { key: turnKey, turn, question: watched.question ?? '', userMessageId, siblingIds: [userMessageId], replies: {}, ...(watched.askedBy ? { askedBy: watched.askedBy } : {}) }]);
        break;
      }
      case 'start':
        if (!key) return;
        if (!this.selection().includes(event.data.model)) this.selection.update((models) => [...models, event.data.model].slice(0, MAX_MODELS));
        this.turns.update((turns) => updateReply(turns, key, event.data.model, (reply) => ({ ...pendingReply(reply.model), messageId: event.data.messageId, siblingIds: [event.data.messageId], status: 'streaming' })));
        break;
      case 'delta':
        if (key) this.turns.update((turns) => updateReply(turns, key, event.data.model, (reply) => ({ ...reply, status: 'streaming', content: reply.content + event.data.text })));
        break;
      case 'end':
        this.watchedTurn = null;
        this.title.set(event.data.title);
        this.reloadWatched();
        this.conversations.refresh();
        break;
      default:
        // Tool steps, notes, done and errors: the stored turn, read back at `end`, has them.
        break;
    }
  }

  /** The open conversation as stored, without leaving the screen (after a watched turn). */
  private reloadWatched(): void {
    const id = this.conversationId();
    if (!id) return;
    this.api.getConversation({ id }).subscribe({
      next: (detail) => {
        if (this.conversationId() !== id || this.active()) return;
        this.turns.set(turnsFromMessages(detail.messages));
        this.shared.set(detail.shared ?? null);
      },
      error: (error: unknown) => {
        // Unshared while watching: the conversation is gone for this user.
        if (toApiProblem(error).status === 404 && this.conversationId() === id) this.conversationState.set('missing');
      },
    });
  }

  private run(stream: Omit<ActiveStream, 'subscription' | 'acknowledged' | 'ended'>, source: Observable<SseEvent>): void {
    const active: ActiveStream = { ...stream, subscription: null, acknowledged: false, ended: false };
    this.active.set(active);
    active.subscription = source.subscribe({
      next: (raw) => {
        const event = toChatStreamEvent(raw);
        if (event && this.active() === active) this.apply(active, event);
      },
      error: (error: unknown) => this.fail(active, error),
      complete: () => this.complete(active),
    });
  }

  /** The reply a stream's event is about: a column's, or for a merge the turn's merged answer. */
  private patch(stream: ActiveStream, model: string, change: (reply: ReplyView) => ReplyView): void {
    this.turns.update((turns) => (stream.kind === 'merge' ? updateMerged(turns, stream.turnKey, model, change) : updateReply(turns, stream.turnKey, model, change)));
  }

  private apply(stream: ActiveStream, event: ChatStreamEvent): void {
    const key = stream.turnKey;
    switch (event.event) {
      case 'turn': {
        stream.acknowledged = true;
        if (stream.collectionIds) this.savedAttachment.set(stream.collectionIds);
        const { conversationId, turn, userMessageId } = event.data;
        this.turns.update((turns) => turns.map((t) => (t.key === key ? { ...t, turn, userMessageId: userMessageId ?? t.userMessageId } : t)));
        if (this.conversationId() !== conversationId) {
          this.conversationId.set(conversationId);
          this.conversationState.set('ready');
          void this.router.navigate(['/chat', conversationId], { replaceUrl: true });
        }
        break;
      }
      case 'start':
        // A continuation goes on from the reply's text; anything else starts empty.
        this.patch(stream, event.data.model, (reply) =>
          stream.kind === 'continue' ? { ...reply, status: 'streaming' } : { ...pendingReply(reply.model), messageId: event.data.messageId, siblingIds: [event.data.messageId], status: 'streaming' },
        );
        break;
      case 'delta':
        this.patch(stream, event.data.model, (reply) => ({ ...reply, status: 'streaming', content: reply.content + event.data.text }));
        break;
      case 'tool_call':
      case 'tool_result':
      case 'note':
        this.patch(stream, event.data.model, (reply) => ({ ...reply, status: 'streaming', steps: traceStep(reply.steps, event, reply.content.length) }));
        break;
      case 'done': {
        const { messageId, usage, cost, ttftMs, durationMs, citations, truncated } = event.data;
        this.patch(stream, event.data.model, (reply) => ({
          ...reply,
          messageId,
          status: 'complete',
          error: null,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          cost,
          ttftMs,
          durationMs,
          // A merged answer is not continued (its thread is the merge's, not the column's).
          truncated: stream.kind === 'merge' ? false : (truncated ?? false),
          citations: citations ?? reply.citations,
        }));
        break;
      }
      case 'error': {
        const { model, messageId } = event.data;
        const failure = streamFailure(event.data);
        const message = replyErrorText(this.i18n, failure);
        if (model === undefined || messageId === undefined) {
          // The turn itself failed on the server (not one model): say so; `end` follows.
          this.error.set(message);
          this.settle(stream, () => ({ status: 'error', error: message }));
        } else if ((stream.kind === 'regenerate' || stream.kind === 'continue') && stream.previous?.[model]) {
          // The server keeps the old reply when the new one (or its continuation) fails: show it again, and say why.
          const previous = stream.previous[model];
          this.turns.update((turns) => updateReply(turns, key, model, () => previous));
          this.error.set(this.i18n.t(stream.kind === 'continue' ? 'chat.continue.failed' : 'chat.regenerate.failed', { model: this.modelName(model), message }));
        } else {
          // A merge that fails is stored as a failed merged answer: shown as such, the columns untouched.
          this.patch(stream, model, (reply) => ({ ...reply, messageId, status: 'error', error: failure.message, errorCode: failure.code, errorParams: failure.params }));
        }
        break;
      }
      case 'end':
        stream.ended = true;
        this.title.set(event.data.title);
        this.conversations.refresh();
        break;
    }
  }

  private complete(stream: ActiveStream): void {
    if (this.active() !== stream) return;
    this.active.set(null);
    // A stream that ends without its `end` event was cut (the server stopped or the network failed).
    if (!stream.ended) this.settle(stream, () => ({ status: 'error', error: this.i18n.t('chat.error.interrupted') }));
    else if (stream.kind === 'edit' || stream.kind === 'regenerate' || stream.kind === 'merge') this.reloadBranch();
  }

  private fail(stream: ActiveStream, error: unknown): void {
    if (this.active() !== stream) return;
    this.active.set(null);
    const problem = toApiProblem(error);
    const message = problemMessage(this.i18n, problem);
    if (!stream.acknowledged && stream.kind === 'send') {
      // Refused before anything was stored: take the message back into the composer.
      this.turns.update((turns) => turns.filter((turn) => turn.key !== stream.turnKey));
      if (!this.draft().trim() && stream.draft) this.draft.set(stream.draft);
      if (stream.attachments?.length) this.attachments.restore(stream.attachments);
      this.error.set(message);
      return;
    }
    if (!stream.acknowledged && stream.kind === 'edit' && stream.turnsBefore) {
      // Refused before anything was stored (a 400 or 404): the conversation as it was.
      this.turns.set(stream.turnsBefore);
      this.error.set(message);
      return;
    }
    if (!stream.acknowledged && stream.kind === 'merge') {
      // Refused before anything was stored (fewer than 2 answers, an unknown model): the turn as it was.
      const before = stream.mergedBefore;
      this.turns.update((turns) => turns.map((turn) => (turn.key === stream.turnKey ? { ...turn, merged: before ?? undefined } : turn)));
      this.error.set(this.i18n.t('chat.merge.failed', { message }));
      return;
    }
    if (!stream.acknowledged && (stream.kind === 'regenerate' || stream.kind === 'continue') && stream.previous) {
      const previous = stream.previous;
      this.turns.update((turns) => Object.values(previous).reduce((next, reply) => updateReply(next, stream.turnKey, reply.model, () => reply), turns));
      const first = Object.values(previous)[0];
      this.error.set(this.i18n.t(stream.kind === 'continue' ? 'chat.continue.failed' : 'chat.regenerate.failed', { model: this.modelName(first?.model ?? ''), message }));
      return;
    }
    this.settle(stream, () => ({ status: 'error', error: message }));
  }

  /** Ends every reply of the stream that is still pending or streaming. */
  private settle(stream: ActiveStream, change: () => Partial<ReplyView>): void {
    if (stream.kind === 'merge') {
      this.turns.update((turns) => turns.map((turn) => (turn.key === stream.turnKey && turn.merged && isLive(turn.merged) ? { ...turn, merged: { ...turn.merged, ...change() } } : turn)));
      return;
    }
    this.turns.update((turns) => {
      let next = turns;
      for (const model of stream.models) {
        const reply = next.find((turn) => turn.key === stream.turnKey)?.replies[model];
        if (reply && isLive(reply)) next = updateReply(next, stream.turnKey, model, (current) => ({ ...current, ...change() }));
      }
      return next;
    });
  }

  private cancelStream(): void {
    const stream = this.active();
    if (!stream) return;
    this.active.set(null);
    stream.subscription?.unsubscribe();
  }

  private setAttachment(ids: string[], agent: boolean): void {
    this.attached.set(ids);
    this.savedAttachment.set(ids);
    this.agentConversation.set(agent);
  }

  /** The `collectionIds` to send: the attached ones when they differ from the conversation's, else none (kept as they are). */
  private attachmentChange(): string[] | null {
    if (this.agentConversation()) return null;
    const attached = this.attached();
    const saved = new Set(this.savedAttachment());
    const same = attached.length === saved.size && attached.every((id) => saved.has(id));
    return same ? null : attached;
  }

  /** The requested model, used once: returned when usable, else refused with its reason (never silently). */
  private takeRequestedModel(usable: ReadonlySet<string>): string | null {
    const id = this.requestedModel;
    if (!id) return null;
    this.requestedModel = null;
    if (usable.has(id)) return id;
    const model = this.modelsById().get(id);
    const reason = model ? (model.unavailableReason ?? this.i18n.t('chat.requestedModel.noKey')) : this.i18n.t('chat.requestedModel.unknown');
    this.refusedRequest.set({ name: model?.name ?? id, reason });
    return null;
  }

  private modelName(id: string): string {
    return this.modelsById().get(id)?.name ?? id;
  }

  /**
   * The user's default model (profile) when it can be used; otherwise the workspace's default (set by
   * an admin) when it can; otherwise the remembered models that still work, or the offline one. Never another model on its own: adding a key does not switch
   * the chat to that provider's first (and dearest) model.
   */
  private startingSelection(): string[] {
    const models = this.models();
    const usable = new Set(models.filter((model) => model.available).map((model) => model.id));
    const requested = this.takeRequestedModel(usable);
    if (requested) return [requested];
    const preferred = this.session.user()?.defaultChatModel;
    if (preferred && usable.has(preferred)) return [preferred];
    const workspaceDefault = models.find((model) => model.workspaceDefault && model.available)?.id;
    if (workspaceDefault) return [workspaceDefault];
    const remembered = readStoredSelection().filter((id) => usable.has(id));
    if (remembered.length) return remembered;
    return usable.has(OFFLINE_MODEL) || models.length === 0 ? [OFFLINE_MODEL] : [];
  }
}

function readStoredSelection(): string[] {
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(SELECTION_KEY) ?? '[]');
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string').slice(0, MAX_MODELS) : [];
  } catch {
    return [];
  }
}
