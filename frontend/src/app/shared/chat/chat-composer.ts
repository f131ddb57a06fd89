import { TextFieldModule } from '@angular/cdk/text-field';
import { ChangeDetectionStrategy, Component, ElementRef, computed, input, model, output, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DictationButton } from '../speech/dictation-button';

/**
 * The message box. Enter sends, Shift+Enter starts a new line (and Enter while an input method
 * is composing a character does neither). Sending is off while the text is empty or a reply is
 * streaming; while streaming, Stop takes the send button's place. A menu over the box (the `/`
 * prompt picker) sees each key first through `keyHandler` and may take it. With `dictation`, a
 * microphone button records and inserts what was said (speech to text) at the caret.
 */
@Component({
  selector: 'wbx-chat-composer',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [TextFieldModule, MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe, DictationButton],
  template: `
    <form class="composer" (submit)="submit($event)">
      <textarea
        #box
        cdkTextareaAutosize
        cdkAutosizeMinRows="1"
        cdkAutosizeMaxRows="10"
        name="message"
        data-testid="composer-input"
        [value]="value()"
        (input)="value.set(box.value); notice.set(null)"
        (keydown)="onKeydown($event)"
        [attr.aria-activedescendant]="activeDescendant()"
        [placeholder]="placeholder() || ('chat.composer.placeholder' | t)"
        [attr.aria-label]="'chat.composer.label' | t"
        [disabled]="disabled()"
      ></textarea>
      @if (dictation()) {
        <wbx-dictation-button [disabled]="disabled() || streaming()" (transcribed)="insert($event)" (failed)="notice.set($event)" />
      }
      @if (streaming()) {
        <button mat-flat-button type="button" class="stop" (click)="stop.emit()" data-testid="stop-button">
          <mat-icon>stop_circle</mat-icon>
          {{ 'chat.stop' | t }}
        </button>
      } @else {
        <button mat-flat-button type="submit" [disabled]="!canSend()" data-testid="send-button">
          <mat-icon>send</mat-icon>
          {{ 'chat.composer.send' | t }}
        </button>
      }
    </form>
    @if (notice(); as text) {
      <p class="hint notice" role="alert" data-testid="composer-notice">{{ text }}</p>
    } @else {
      <p class="hint">{{ hint() | t }}</p>
    }
  `,
  styles: `
    :host {
      display: block;
    }
    .composer {
      display: flex;
      align-items: flex-end;
      gap: 8px;
      padding: 8px 8px 8px 16px;
      border-radius: 24px;
      background: var(--mat-sys-surface-container-high);
      border: 1px solid var(--mat-sys-outline-variant);
      &:focus-within {
        border-color: var(--mat-sys-primary);
      }
    }
    textarea {
      flex: 1;
      min-width: 0;
      padding: 8px 0;
      border: 0;
      outline: 0;
      resize: none;
      background: transparent;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-large);
    }
    .stop {
      --mat-button-filled-container-color: var(--mat-sys-error);
      --mat-button-filled-label-text-color: var(--mat-sys-on-error);
    }
    .hint {
      margin: 4px 16px 0;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .notice {
      color: var(--mat-sys-error);
    }
  `,
})
export class ChatComposer {
  readonly value = model('');
  readonly streaming = input(false);
  readonly disabled = input(false);
  readonly placeholder = input('');
  readonly hint = input<MessageKey>('chat.composer.hint');
  /** Sees every key first; answering true takes it (the composer then neither sends nor types it). */
  readonly keyHandler = input<((event: KeyboardEvent) => boolean) | null>(null);
  /** The highlighted option of a menu over the box, announced as the box's active descendant. */
  readonly activeDescendant = input<string | null>(null);
  /** Show the dictation (speech to text) button. */
  readonly dictation = input(false);
  readonly send = output<string>();
  readonly stop = output<void>();

  private readonly box = viewChild.required<ElementRef<HTMLTextAreaElement>>('box');
  /** A dictation problem (microphone refused, no key...), shown in place of the hint until the user types. */
  protected readonly notice = signal<string | null>(null);
  protected readonly canSend = computed(() => !this.streaming() && !this.disabled() && this.value().trim().length > 0);

  focus(): void {
    this.box().nativeElement.focus();
  }

  /** Dictated text goes where the caret was (a textarea keeps its selection when the mic button takes focus), spaced from its neighbours. */
  protected insert(text: string): void {
    this.notice.set(null);
    const box = this.box().nativeElement;
    const current = this.value();
    const inSync = box.value === current;
    const start = inSync ? box.selectionStart : current.length;
    const end = inSync ? box.selectionEnd : current.length;
    const before = current.slice(0, start);
    const after = current.slice(end);
    const left = before && !/\s$/.test(before) ? ' ' : '';
    const right = after && !/^\s/.test(after) ? ' ' : '';
    this.value.set(`${before}${left}${text}${right}${after}`);
    const caret = before.length + left.length + text.length;
    queueMicrotask(() => {
      box.focus();
      box.setSelectionRange(caret, caret);
    });
  }

  protected onKeydown(event: KeyboardEvent): void {
    if (this.keyHandler()?.(event)) {
      event.preventDefault();
      return;
    }
    if (event.key !== 'Enter') return;
    // Shift+Enter: the textarea's own new line. Composing (IME): the Enter belongs to the input method.
    if (event.shiftKey || event.isComposing) return;
    event.preventDefault();
    this.trySend();
  }

  protected submit(event: Event): void {
    event.preventDefault();
    this.trySend();
  }

  private trySend(): void {
    if (this.canSend()) this.send.emit(this.value().trim());
  }
}
