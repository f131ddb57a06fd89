import { ChangeDetectionStrategy, Component, DestroyRef, OnInit, computed, inject, input, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { AudioRecorder, RecorderError } from './audio-recorder';
import { SpeechToText } from './speech-to-text';

type DictationState = 'idle' | 'recording' | 'transcribing';

const FAILURE_KEYS: Record<RecorderError['reason'], MessageKey> = {
  permissionDenied: 'speech.dictation.permissionDenied',
  noMicrophone: 'speech.dictation.noMicrophone',
  unsupported: 'speech.dictation.unsupported',
};

/**
 * A microphone button: the first press records, the second sends the recording to speech to text
 * and emits its text. Disabled, with the reason as its tooltip, when the browser cannot record or
 * the user has no OpenAI key (no model transcribes offline). A refused microphone or a failed
 * transcription is emitted as `failed`, in the user's language.
 */
@Component({
  selector: 'wbx-dictation-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe],
  template: `
    <span class="wrap" [matTooltip]="tooltip()">
      <button
        mat-icon-button
        type="button"
        data-testid="dictation-button"
        [class.recording]="state() === 'recording'"
        [disabled]="!usable()"
        [attr.aria-pressed]="state() === 'recording'"
        [attr.aria-label]="tooltip()"
        (click)="toggle()"
      >
        @if (state() === 'transcribing') {
          <mat-progress-spinner mode="indeterminate" diameter="20" />
        } @else {
          <mat-icon>{{ state() === 'recording' ? 'stop' : 'mic' }}</mat-icon>
        }
      </button>
    </span>
    @if (state() === 'recording') {
      <span class="cdk-visually-hidden" role="status">{{ 'speech.dictation.listening' | t }}</span>
    }
  `,
  styles: `
    :host {
      display: inline-flex;
    }
    .wrap {
      display: inline-flex;
    }
    .recording {
      color: var(--mat-sys-error);
    }
  `,
})
export class DictationButton implements OnInit {
  /** The language spoken (`fr`, `en-US`); detected by the model when absent. */
  readonly language = input<string | undefined>(undefined);
  readonly disabled = input(false);
  readonly transcribed = output<string>();
  readonly failed = output<string>();

  private readonly recorder = inject(AudioRecorder);
  private readonly stt = inject(SpeechToText);
  private readonly i18n = inject(I18nService);

  protected readonly state = signal<DictationState>('idle');
  private readonly supported = this.recorder.supported;

  protected readonly usable = computed(() => {
    const capability = this.stt.capability();
    return this.supported && !!capability?.available && (!this.disabled() || this.state() === 'recording') && this.state() !== 'transcribing';
  });

  protected readonly tooltip = computed(() => {
    const capability = this.stt.capability();
    if (!this.supported) return this.i18n.t('speech.dictation.unsupported');
    if (capability && !capability.available) return this.i18n.t('speech.dictation.needsKey');
    if (this.state() === 'recording') return this.i18n.t('speech.dictation.stop');
    if (this.state() === 'transcribing') return this.i18n.t('speech.dictation.transcribing');
    return this.i18n.t('speech.dictation.start');
  });

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      if (this.state() === 'recording') this.recorder.cancel();
    });
  }

  ngOnInit(): void {
    if (this.supported) void this.stt.load();
  }

  protected async toggle(): Promise<void> {
    if (this.state() === 'recording') return this.finish();
    if (this.state() !== 'idle' || !this.usable()) return;
    try {
      await this.recorder.start();
      this.state.set('recording');
    } catch (error) {
      this.failed.emit(this.i18n.t(error instanceof RecorderError ? FAILURE_KEYS[error.reason] : 'speech.dictation.unsupported'));
    }
  }

  private async finish(): Promise<void> {
    this.state.set('transcribing');
    try {
      const recording = await this.recorder.stop();
      if (recording.size === 0) {
        this.failed.emit(this.i18n.t('speech.dictation.empty'));
        return;
      }
      const text = await this.stt.transcribe(recording, this.language());
      if (text.trim()) this.transcribed.emit(text.trim());
      else this.failed.emit(this.i18n.t('speech.dictation.nothingHeard'));
    } catch (error) {
      this.failed.emit(problemMessage(this.i18n, toApiProblem(error), 'speech.dictation.failed'));
    } finally {
      this.state.set('idle');
    }
  }
}
