import { ChangeDetectionStrategy, Component, ElementRef, afterRenderEffect, computed, input, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ChatModelDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatReply } from './chat-reply';
import { ChatQuestion } from './chat-question';
import { isLive, type ThreadEntry, type TurnView } from '../../shared/chat/chat-turns';

/**
 * One model's side of the conversation: every user message and that model's reply to it,
 * following the newest text while the reader stays at the bottom.
 */
@Component({
  selector: 'wbx-chat-column',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe, ChatReply, ChatQuestion],
  host: { role: 'region', '[attr.aria-label]': 'title()', '[attr.data-model]': 'modelId()' },
  templateUrl: './chat-column.html',
  styleUrl: './chat-column.scss',
})
export class ChatColumn {
  readonly modelId = input.required<string>();
  readonly model = input<ChatModelDto | null>(null);
  readonly turns = input.required<readonly TurnView[]>();
  readonly canRegenerate = input(false);
  readonly removable = input(true);
  readonly streamSize = input(1);
  /** The message being written carries images and this model takes none: said before sending. */
  readonly noImages = input(false);
  /** Each with the key of the turn it concerns. */
  readonly regenerate = output<string>();
  readonly regenerateAll = output<string>();
  readonly continueReply = output<string>();
  readonly editQuestion = output<{ turnKey: string; text: string }>();
  /** A version to show (a question's or a reply's message id). */
  readonly showVersion = output<string>();
  readonly stop = output<void>();
  readonly remove = output<void>();

  private readonly threadElement = viewChild.required<ElementRef<HTMLElement>>('scroller');
  /** Whether the reader is at the bottom: new text then keeps it in view. */
  private readonly following = signal(true);

  protected readonly title = computed(() => this.model()?.name ?? this.modelId());
  protected readonly thread = computed<ThreadEntry[]>(() => this.turns().map((turn) => ({ turn, reply: turn.replies[this.modelId()] ?? null })));
  protected readonly live = computed(() => this.thread().some((entry) => entry.reply !== null && isLive(entry.reply)));

  constructor() {
    afterRenderEffect({
      write: () => {
        this.thread();
        if (!this.following()) return;
        const element = this.threadElement().nativeElement;
        element.scrollTop = element.scrollHeight;
      },
    });
  }

  protected onScroll(): void {
    const element = this.threadElement().nativeElement;
    this.following.set(element.scrollHeight - element.scrollTop - element.clientHeight < 48);
  }
}
