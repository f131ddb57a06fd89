import { BreakpointObserver } from '@angular/cdk/layout';
import { OverlayModule } from '@angular/cdk/overlay';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, signal, untracked, viewChild } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSidenavModule } from '@angular/material/sidenav';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router } from '@angular/router';
import { map } from 'rxjs';
import type { ConversationDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatDraftService } from '../../shared/chat-draft/chat-draft.service';
import { PromptPicker } from './prompt-picker';
import { ChatColumn } from './chat-column';
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
  imports: [
    OverlayModule,
    MatSidenavModule,
    MatButtonModule,
    MatButtonToggleModule,
    MatIconModule,
    MatProgressSpinnerModule,
    MatTooltipModule,
    TranslatePipe,
    ChatColumn,
    ChatComparison,
    ChatComposer,
    ConversationList,
    KnowledgeAttach,
    AttachmentTray,
    ModelPicker,
    PromptPicker,
  ],
  providers: [ChatStore, ConversationsStore, ChatAttachments, MediaTransfer],
  templateUrl: './chat.page.html',
  styleUrl: './chat.page.scss',
})
export default class ChatPage {
  protected readonly store = inject(ChatStore);
  private readonly conversations = inject(ConversationsStore);
  private readonly router = inject(Router);
  private readonly composer = viewChild(ChatComposer);
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
      .observe('(min-width: 1600px)')
      .pipe(map((state) => state.matches)),
    { initialValue: false },
  );
  /** The conversation list: beside the columns on wide screens, a drawer otherwise. */
  protected readonly historyOpen = signal(false);
  protected readonly streamSize = computed(() => (this.store.streaming() ? this.store.columns().filter((column) => this.store.isStreaming(column.id)).length || 1 : 1));
  protected readonly canRegenerate = computed(() => !this.store.streaming() && this.store.conversationId() !== null);
  protected readonly composerDisabled = computed(() => {
    const state = this.store.conversationState();
    return state === 'loading' || state === 'missing' || state === 'failed' || this.store.selection().length === 0;
  });
  /** A `/` at the start of a one-line draft opens the prompt picker; `q` is what follows it. */
  protected readonly slashQuery = computed(() => {
    const draft = this.draft();
    return draft.startsWith('/') && !draft.includes('\n') ? { q: draft.slice(1) } : null;
  });
  protected readonly hasTurns = computed(() => this.store.turns().length > 0);

  constructor() {
    // Text handed over by another page (a prompt used from the library) fills the composer.
    const handed = inject(ChatDraftService).take();
    if (handed) this.store.draft.set(handed);
    this.store.loadModels();
    this.store.loadCollections();
    this.conversations.refresh();
    effect(() => this.historyOpen.set(this.wide()));
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
    if (this.store.send()) this.composer()?.focus();
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
    if (!this.wide()) this.historyOpen.set(false);
  }

  protected onRenamed(conversation: ConversationDto): void {
    if (conversation.id === this.store.conversationId()) this.store.setTitle(conversation.title);
  }

  protected onDeleted(conversation: ConversationDto): void {
    if (conversation.id === this.store.conversationId()) void this.router.navigate(['/chat']);
  }

  protected closePicker(event?: KeyboardEvent): void {
    if (!event || event.key === 'Escape') this.pickerOpen.set(false);
  }

  protected retryConversation(): void {
    const id = this.store.conversationId();
    if (id) this.store.open(id);
  }
}
