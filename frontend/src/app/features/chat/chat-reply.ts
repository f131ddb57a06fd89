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
import { replyErrorText } from '../../shared/chat/reply-error';
import { ReadAloud } from './read-aloud';
import { ReplyMetrics } from './reply-metrics';
import { VersionNav } from './version-nav';

/** One model's reply: its Markdown with its tool steps and sources, its state (waiting, streaming, stopped, failed), metrics and actions. */
@Component({
  selector: 'wbx-chat-reply',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, ReplyBody, ReplyMetrics, ReadAloud, VersionNav],
  host: { '[attr.data-status]': 'reply().status' },
  templateUrl: './chat-reply.html',
  styleUrl: './chat-reply.scss',
})
export class ChatReply {
  private readonly clipboard = inject(Clipboard);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  readonly reply = input.required<ReplyView>();
  /** Offered when nothing is streaming (and so are continue and the versions). */
  readonly canRegenerate = input(false);
  /** How many models the running stream serves: closing it stops all of them. */
  readonly streamSize = input(1);
  readonly regenerate = output<void>();
  /** Continue a reply cut by its length limit. */
  readonly continueReply = output<void>();
  readonly showVersion = output<string>();
  readonly stop = output<void>();

  protected readonly live = computed(() => isLive(this.reply()));
  /** Why the reply failed, in the reader's language. */
  protected readonly errorText = computed(() => {
    const { error, errorCode, errorParams } = this.reply();
    return replyErrorText(this.i18n, { code: errorCode ?? null, params: errorParams ?? {}, message: error });
  });
  protected readonly stopLabel = computed(() => (this.streamSize() > 1 ? this.i18n.t('chat.reply.stopAll', { count: this.streamSize() }) : this.i18n.t('chat.stop')));

  protected copy(): void {
    const copied = this.clipboard.copy(this.reply().content);
    this.snackBar.open(this.i18n.t(copied ? 'chat.reply.copied' : 'chat.reply.copyFailed'), undefined, { duration: 2000 });
  }
}
