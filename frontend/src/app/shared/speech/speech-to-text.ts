import { Injectable, inject, signal } from '@angular/core';
import { firstValueFrom } from 'rxjs';
import type { TranscriptionCapabilityDto } from '../../api/models';
import { SpeechService } from '../../api/services';

/**
 * Speech to text for the dashboard (chat dictation, the voice page's test call): whether this user
 * can use it (asked once per session), and one recording in, its text out.
 */
@Injectable({ providedIn: 'root' })
export class SpeechToText {
  private readonly api = inject(SpeechService);
  private loading: Promise<void> | null = null;

  /** Null until known; `available: false` carries the server's reason (no OpenAI key). */
  readonly capability = signal<TranscriptionCapabilityDto | null>(null);

  /** Asks the server once; a failed ask is tried again next time. */
  load(): Promise<void> {
    this.loading ??= firstValueFrom(this.api.getSpeechCapabilities()).then(
      (capabilities) => this.capability.set(capabilities.transcription),
      () => {
        this.loading = null;
      },
    );
    return this.loading;
  }

  /** The text of a recording; the call's error (an HttpErrorResponse) when it fails. */
  async transcribe(recording: Blob, language?: string): Promise<string> {
    const result = await firstValueFrom(this.api.transcribeSpeech({ body: { file: recording }, ...(language ? { language } : {}) }));
    return result.text;
  }
}
