import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { SessionStore } from '../../core/auth/session.store';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import type { TurnView } from '../../shared/chat/chat-turns';
import { Markdown } from '../../shared/markdown/markdown';
import { TurnAttachments } from './turn-attachments';
import { VersionNav } from './version-nav';

/**
 * A user's message in the thread: its Markdown (sanitised, as replies are), its files, `< 2/3 >`
 * between its edited versions, and edit and resend in place.
 */
@Component({
  selector: 'wbx-chat-question',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [FormsModule, MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe, Markdown, TurnAttachments, VersionNav],
  templateUrl: './chat-question.html',
  styleUrl: './chat-question.scss',
})
export class ChatQuestion {
  readonly turn = input.required<TurnView>();
  /** Nothing is streaming and the question is stored: it may be edited, its replies written again. */
  readonly canChange = input(false);
  readonly edit = output<string>();
  readonly showVersion = output<string>();
  readonly regenerateAll = output<void>();

  private readonly session = inject(SessionStore);
  /** In a shared conversation, a question asked by someone other than the reader names them. */
  protected readonly askedByOther = computed(() => {
    const askedBy = this.turn().askedBy;
    return askedBy && askedBy.userId !== this.session.user()?.id ? askedBy.name : null;
  });

  protected readonly editing = signal(false);
  protected readonly text = signal('');

  protected startEditing(): void {
    this.text.set(this.turn().question);
    this.editing.set(true);
  }

  protected send(): void {
    const text = this.text().trim();
    if (!text) return;
    this.editing.set(false);
    this.edit.emit(text);
  }

  protected keydown(event: KeyboardEvent): void {
    if (event.key === 'Escape') this.editing.set(false);
    else if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.send();
    }
  }
}
