import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { Subscription } from 'rxjs';
import { ChatService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { problemMessage } from '../../core/http/problem-message';

type ReadAloudState = 'idle' | 'loading' | 'playing';

/**
 * "Read aloud" for one reply: play fetches the reply spoken by the server (the offline voice
 * unless another is asked for; the server keeps it, and so does this button for its replays) and
 * plays it in the page; stop ends it. One reply speaks at a time.
 */
@Component({
  selector: 'wbx-read-aloud',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  template: `
    @if (state() === 'idle') {
      <button mat-icon-button type="button" (click)="play()" [matTooltip]="'chat.reply.readAloud' | t" [attr.aria-label]="'chat.reply.readAloud' | t" data-testid="read-aloud">
        <mat-icon>volume_up</mat-icon>
      </button>
    } @else {
      <button mat-icon-button type="button" (click)="stop()" [matTooltip]="'chat.reply.stopReading' | t" [attr.aria-label]="'chat.reply.stopReading' | t" data-testid="read-aloud-stop" [attr.data-state]="state()">
        @if (state() === 'loading') {
          <mat-progress-spinner mode="indeterminate" diameter="18" />
        } @else {
          <mat-icon>stop_circle</mat-icon>
        }
      </button>
    }
    <audio #player (ended)="stop()" data-testid="read-aloud-audio"></audio>
  `,
  styles: `
    :host {
      display: inline-flex;
    }
  `,
})
export class ReadAloud {
  /** The one playing now, stopped when another starts. */
  private static playing: ReadAloud | null = null;

  private readonly api = inject(ChatService);
  private readonly i18n = inject(I18nService);
  private readonly snackBar = inject(MatSnackBar);
  private readonly player = viewChild.required<ElementRef<HTMLAudioElement>>('player');

  readonly messageId = input.required<string>();

  protected readonly state = signal<ReadAloudState>('idle');
  private audioUrl: string | null = null;
  private request: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.stop();
      if (this.audioUrl) URL.revokeObjectURL(this.audioUrl);
    });
  }

  protected play(): void {
    ReadAloud.playing?.stop();
    ReadAloud.playing = this;
    if (this.audioUrl) {
      this.start(this.audioUrl);
      return;
    }
    this.state.set('loading');
    this.request = this.api.speakMessage({ id: this.messageId(), body: { language: this.i18n.language() } }).subscribe({
      next: (audio) => {
        this.audioUrl = URL.createObjectURL(audio);
        this.start(this.audioUrl);
      },
      error: (error: unknown) => {
        this.state.set('idle');
        const problem = toApiProblem(error);
        this.snackBar.open(problemMessage(this.i18n, problem, 'chat.reply.readAloudFailed'), undefined, { duration: 6000 });
      },
    });
  }

  stop(): void {
    this.request?.unsubscribe();
    this.request = null;
    const audio = this.player().nativeElement;
    audio.pause();
    audio.removeAttribute('src');
    audio.load();
    this.state.set('idle');
    if (ReadAloud.playing === this) ReadAloud.playing = null;
  }

  private start(url: string): void {
    const audio = this.player().nativeElement;
    audio.src = url;
    this.state.set('playing');
    audio.play().catch(() => {
      // Refused (no audio output, autoplay rules): the stop button stays until the user presses it.
    });
  }
}
