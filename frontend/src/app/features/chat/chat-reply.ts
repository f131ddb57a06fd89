import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { isLive, type ReplyView } from '../../shared/chat/chat-turns';
import { ReplyBody } from '../../shared/chat/reply-body';
import { ReplyMetrics } from './reply-metrics';

/** One model's reply: its Markdown with its tool steps and sources, its state (waiting, streaming, stopped, failed), metrics and actions. */
@Component({
  selector: 'wbx-chat-reply',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, ReplyBody, ReplyMetrics],
  host: { '[attr.data-status]': 'reply().status' },
  template: `
    @let r = reply();
    @if (r.status === 'pending') {
      <div class="waiting" role="status">
        <mat-progress-spinner mode="indeterminate" diameter="18" />
        {{ 'chat.reply.waiting' | t }}
      </div>
    }
    @if (r.content || r.steps.length) {
      <wbx-reply-body class="content" [class.streaming]="r.status === 'streaming'" [content]="r.content" [steps]="r.steps" [citations]="r.citations" data-testid="reply-content" />
    } @else if (r.status === 'complete') {
      <p class="empty-reply">{{ 'chat.reply.empty' | t }}</p>
    }
    @if (r.status === 'streaming') {
      <span class="caret" aria-hidden="true"></span>
    }
    @switch (r.status) {
      @case ('stopped') {
        <p class="state stopped" data-testid="reply-stopped"><mat-icon aria-hidden="true">stop_circle</mat-icon>{{ 'chat.reply.stopped' | t }}</p>
      }
      @case ('incomplete') {
        <p class="state"><mat-icon aria-hidden="true">hourglass_empty</mat-icon>{{ 'chat.reply.incomplete' | t }}</p>
      }
      @case ('error') {
        <div class="state error" role="alert" data-testid="reply-error">
          <mat-icon aria-hidden="true">error</mat-icon>
          <span>{{ r.error || ('common.unexpectedError' | t) }}</span>
        </div>
      }
    }
    <div class="footer">
      <wbx-reply-metrics [reply]="r" data-testid="reply-metrics" />
      <span class="spacer"></span>
      <div class="actions">
        @if (live()) {
          <button mat-icon-button type="button" (click)="stop.emit()" [matTooltip]="stopLabel()" [attr.aria-label]="stopLabel()" data-testid="reply-stop">
            <mat-icon>stop_circle</mat-icon>
          </button>
        } @else {
          <button mat-icon-button type="button" (click)="copy()" [disabled]="!r.content" [matTooltip]="'chat.reply.copy' | t" [attr.aria-label]="'chat.reply.copy' | t" data-testid="reply-copy">
            <mat-icon>content_copy</mat-icon>
          </button>
          @if (canRegenerate()) {
            <button mat-icon-button type="button" (click)="regenerate.emit()" [matTooltip]="'chat.reply.regenerate' | t" [attr.aria-label]="'chat.reply.regenerate' | t" data-testid="reply-regenerate">
              <mat-icon>refresh</mat-icon>
            </button>
          }
        }
      </div>
    </div>
  `,
  styleUrl: './chat-reply.scss',
})
export class ChatReply {
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  readonly reply = input.required<ReplyView>();
  /** Offered on the last turn only, when nothing is streaming. */
  readonly canRegenerate = input(false);
  /** How many models the running stream serves: closing it stops all of them. */
  readonly streamSize = input(1);
  readonly regenerate = output<void>();
  readonly stop = output<void>();

  protected readonly live = computed(() => isLive(this.reply()));
  protected readonly stopLabel = computed(() => (this.streamSize() > 1 ? this.i18n.t('chat.reply.stopAll', { count: this.streamSize() }) : this.i18n.t('chat.stop')));

  protected copy(): void {
    const copied = this.clipboard.copy(this.reply().content);
    this.snackBar.open(this.i18n.t(copied ? 'chat.reply.copied' : 'chat.reply.copyFailed'), undefined, { duration: 2000 });
  }
}
