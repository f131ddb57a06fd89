import { BudgetNotice } from '../../shared/budget-notice/budget-notice';
import { Clipboard } from '@angular/cdk/clipboard';
import { BreakpointObserver } from '@angular/cdk/layout';
import { OverlayModule } from '@angular/cdk/overlay';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { openShareDialog } from './share-dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { ActivatedRoute, Router } from '@angular/router';
import { map } from 'rxjs';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { WIDE_SIDEBAR_MEDIA } from '../../core/layout/breakpoints';
import { ChatDraftService } from '../../shared/chat-draft/chat-draft.service';
import { PromptPicker } from './prompt-picker';
import { ChatColumn } from './chat-column';
import { ChatMerge } from './chat-merge';
import { chatShortcut, ChatShortcutsDialog } from './chat-shortcuts';
import { ChatComparison } from './chat-comparison';
import { ChatComposer } from '../../shared/chat/chat-composer';
import { ChatStore, MAX_MODELS } from './chat.store';
import { ConversationList } from './conversation-list';
import { ConversationsStore } from './conversations.store';
import { KnowledgeAttach } from './knowledge-attach';
import { AttachmentTray } from './attachment-tray';
import { ChatAttachments } from './chat-attachments.store';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { ModelPicker } from './model-picker';
import { ChatPresetsStore } from './chat-presets.store';
import { ChatSettingsPanel } from './chat-settings-panel';
import { hasSettings } from './chat-settings';
import { ModelMention } from './model-mention';
import { resolveMentions } from './model-order';
import { HelpLink } from '../../shared/help-link/help-link';

export type ChatView = 'columns' | 'compare';

/**
 * `/chat` and `/chat/:conversationId`: one message to up to twelve models, their answers filling
 * side by side as they stream, a comparison view per turn, and the conversation list.
 * Both paths are one route (see chat.routes.ts), so the page survives the switch from `/chat`
 * to `/chat/<id>` when the server creates the conversation in the middle of a stream.
 */
@Component({
  selector: 'wbx-chat-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, BudgetNotice, 
    OverlayModule,
    MatSidenavModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressSpinnerModule,
    MatTooltipModule,
    TranslatePipe,
    ChatColumn,
    ChatMerge,
    ChatComparison,
    ChatComposer,
    ConversationList,
    KnowledgeAttach,
    AttachmentTray,
    ModelPicker,
    PromptPicker,
    ChatSettingsPanel,
    ModelMention,
  ],
  providers: [ChatStore, ChatPresetsStore, ChatAttachments, MediaTransfer],
  host: { '(document:keydown)': 'onShortcut($event)' },
  templateUrl: './chat.page.html',
  styleUrl: './chat.page.scss',
})
export default class ChatPage {
  protected readonly store = inject(ChatStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly router = inject(Router);
  private readonly composer = viewChild(ChatComposer);
  private readonly promptPicker = viewChild(PromptPicker);
  private readonly dialog = inject(MatDialog);
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly tray = viewChild(AttachmentTray);
  /** Files are being dragged over the composer. */
  protected readonly dropping = signal(false);

  /** From the route (`withComponentInputBinding`). */
  readonly conversationId = input<string>();

  protected readonly max = MAX_MODELS;
  protected readonly draft = this.store.draft;
  protected readonly view = signal<ChatView>('columns');
  protected readonly pickerOpen = signal(false);
  protected readonly wide = toSignal(
    inject(BreakpointObserver)
      .observe(WIDE_SIDEBAR_MEDIA)
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  /** The conversation list: in the shell's sidebar on wide screens, this page's drawer otherwise. */
  protected readonly historyOpen = signal(false);
  protected readonly streamSize = computed(() => (this.store.streaming() ? this.store.columns().filter((column) => this.store.isStreaming(column.id)).length || 1 : 1));
  protected readonly canRegenerate = computed(() => !this.store.streaming() && this.store.conversationId() !== null);
  protected readonly composerDisabled = computed(() => {
    const state = this.store.conversationState();
    return state === 'loading' || state === 'missing' || state === 'failed' || this.store.selection().length === 0 || this.store.readOnly();
  });
  /** Only the owner shares a conversation, once it is stored. */
  protected readonly canShare = computed(() => this.store.conversationState() === 'ready' && this.store.conversationId() !== null && !this.store.shared());
  /** The draft the prompt picker was closed on (Escape): it stays closed until the draft changes. */
  private readonly slashClosedOn = signal<string | null>(null);
  /** A `/` at the start of a one-line draft opens the prompt picker; `q` is what follows it. */
  protected readonly slashQuery = computed(() => {
    const draft = this.draft();
    return draft.startsWith('/') && !draft.includes('\n') && draft !== this.slashClosedOn() ? { q: draft.slice(1) } : null;
  });
  /** While the picker is open, it takes the composer's arrows, Enter and Escape. */
  protected readonly pickerKeys = computed(() => {
    const picker = this.promptPicker();
    return picker ? (event: KeyboardEvent) => picker.handleKey(event) : null;
  });
  protected readonly pickerActive = computed(() => this.promptPicker()?.activeId() ?? null);
  protected readonly hasTurns = computed(() => this.store.turns().length > 0);
  /** The turn whose answers the columns view offers to merge. */
  protected readonly lastTurn = computed(() => this.store.turns().at(-1) ?? null);
  /** The settings drawer (system prompt, sampling, presets). */
  protected readonly settingsOpen = signal(false);
  protected readonly customised = computed(() => hasSettings(this.store.settings()));
  /** An `@name` being typed at the end of the draft: the models it may name are offered. */
  protected readonly mentionQuery = computed(() => /(?:^|\s)@([\w.:/-]*)$/.exec(this.draft())?.[1] ?? null);

  protected share(): void {
    const id = this.store.conversationId();
    if (id) openShareDialog(this.dialog, id);
  }

  constructor() {
    // Text handed over by another page (a prompt used from the library) fills the composer.
    const handed = inject(ChatDraftService).take();
    if (handed) this.store.draft.set(handed);
    // `/chat?model=<id>` (the catalog's "Try in Webox") starts with that model when it is usable.
    this.store.requestModel(inject(ActivatedRoute).snapshot.queryParamMap.get('model'));
    this.store.loadModels();
    this.store.loadCollections();
    this.conversations.changes.pipe(takeUntilDestroyed()).subscribe(({ kind, conversation }) => {
      if (conversation.id !== this.store.conversationId()) return;
      if (kind === 'renamed') this.store.setTitle(conversation.title);
      else void this.router.navigate(['/chat']);
    });
    effect(() => {
      if (this.wide()) this.historyOpen.set(false);
    });
    effect(() => {
      const refused = this.store.refusedRequest();
      if (refused) untracked(() => this.snackBar.open(this.i18n.t('chat.requestedModel.unavailable', refused), undefined, { duration: 8000 }));
    });
    effect(() => {
      const id = this.conversationId() ?? null;
      untracked(() => {
        // The store already shows it when it created it itself (the first answer of a new conversation).
        const state = this.store.conversationState();
        if (id !== null && id === this.store.conversationId() && (state === 'ready' || state === 'loading')) return;
        if (id) this.store.open(id);
        else this.store.reset();
      });
    });
  }

  protected send(): void {
    // `@model` in the message adds that model to this turn (and the mention leaves the text).
    const { text, ids } = resolveMentions(this.draft(), this.store.models(), this.store.favorites());
    const added = ids.filter((id) => !this.store.selection().includes(id));
    if (added.length && text) {
      this.store.select([...this.store.selection(), ...added]);
      this.draft.set(text);
    }
    if (this.store.send()) this.composer()?.focus();
  }

  /** An `@mention` picked: the model joins the turn, and the mention leaves the draft. */
  protected addMentioned(id: string): void {
    if (!this.store.selection().includes(id)) this.store.select([...this.store.selection(), id]);
    this.draft.update((draft) => draft.replace(/(^|\s)@[\w.:/-]*$/, '$1'));
    this.composer()?.focus();
  }

  /** Pictures and files pasted into the composer are attached (text pastes as usual). */
  protected onPaste(event: ClipboardEvent): void {
    const files = Array.from(event.clipboardData?.files ?? []);
    if (!files.length || this.composerDisabled()) return;
    event.preventDefault();
    this.tray()?.add(files);
  }

  protected onDragOver(event: DragEvent): void {
    if (!event.dataTransfer?.types.includes('Files') || this.composerDisabled()) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    this.dropping.set(true);
  }

  protected onDrop(event: DragEvent): void {
    this.dropping.set(false);
    const files = Array.from(event.dataTransfer?.files ?? []);
    if (!files.length || this.composerDisabled()) return;
    event.preventDefault();
    this.tray()?.add(files);
  }

  protected insertPrompt(text: string): void {
    this.draft.set(text);
    this.composer()?.focus();
  }

  protected closePromptPicker(): void {
    this.slashClosedOn.set(this.draft());
  }

  /** The page's keyboard shortcuts (chat-shortcuts.ts); none while a dialog is open. */
  protected onShortcut(event: KeyboardEvent): void {
    const shortcut = chatShortcut(event);
    if (!shortcut || this.dialog.openDialogs.length) return;
    if (shortcut === 'stop' && !this.store.streaming()) return;
    event.preventDefault();
    if (shortcut === 'newChat') this.newChat();
    else if (shortcut === 'focusComposer') this.composer()?.focus();
    else if (shortcut === 'stop') this.store.stop();
    else if (shortcut === 'copyLastReply') this.copyLastReply();
    else this.dialog.open(ChatShortcutsDialog, { width: '440px', autoFocus: 'dialog' });
  }

  /** The last turn's reply of the first chosen model that has one. */
  private copyLastReply(): void {
    const turn = this.store.turns().at(-1);
    const replies = turn ? Object.values(turn.replies) : [];
    const order = this.store.selection();
    const reply = [...replies].sort((a, b) => order.indexOf(a.model) - order.indexOf(b.model)).find((candidate) => candidate.content.trim());
    const message = !reply ? 'chat.shortcuts.nothingToCopy' : this.clipboard.copy(reply.content) ? 'chat.reply.copied' : 'chat.reply.copyFailed';
    this.snackBar.open(this.i18n.t(message), undefined, { duration: 2000 });
  }

  protected newChat(): void {
    if (this.store.conversationId() === null) {
      this.store.reset();
      this.composer()?.focus();
    } else {
      void this.router.navigate(['/chat']);
    }
  }

  protected removeModel(id: string): void {
    this.store.select(this.store.selection().filter((model) => model !== id));
  }

  protected toggleHistory(): void {
    this.historyOpen.update((open) => !open);
  }

  protected onConversationOpened(): void {
    this.historyOpen.set(false);
  }

  protected closePicker(event?: KeyboardEvent): void {
    if (!event || event.key === 'Escape') this.pickerOpen.set(false);
  }

  protected retryConversation(): void {
    const id = this.store.conversationId();
    if (id) this.store.open(id);
  }
}
