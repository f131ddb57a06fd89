import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { firstValueFrom } from 'rxjs';
import type { TestTurnLineDto, TwilioConnectionDto, TwilioNumberDto, VoiceAssistantDto, VoiceAssistantInputDto, VoiceCallDetailDto, VoiceCallDto, VoiceChoiceDto } from '../../api/models';
import { VoiceService } from '../../api/services';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { HelpLink } from '../../shared/help-link/help-link';
import { DictationButton } from '../../shared/speech/dictation-button';
import { SpeechToText } from '../../shared/speech/speech-to-text';

/** One line of the test call, with the audio of the assistant's reply when it was spoken. */
interface TestLine extends TestTurnLineDto {
  audioUrl?: string | null;
}

const VOICE_PROVIDERS: VoiceChoiceDto['provider'][] = ['twilio', 'openai', 'elevenlabs', 'offline'];

/**
 * The Voice page: phone assistants and their editor, a test call by text (or the microphone when
 * speech to text is available) through the same dialogue engine as a phone call, the Twilio
 * connection and its numbers, and the call history with transcripts and recordings.
 */
@Component({
  selector: 'wbx-voice-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, ReactiveFormsModule, MatButtonModule, MatCheckboxModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, MatTabsModule, TranslatePipe, HelpLink, DictationButton],
  templateUrl: './voice.page.html',
  styleUrl: './voice.page.scss',
})
export class VoicePage implements OnInit {
  private readonly api = inject(VoiceService);
  private readonly i18n = inject(I18nService);
  private readonly fb = inject(FormBuilder);
  protected readonly stt = inject(SpeechToText);

  protected readonly providers = VOICE_PROVIDERS;
  protected readonly assistants = signal<VoiceAssistantDto[]>([]);
  protected readonly selected = signal<VoiceAssistantDto | null>(null);
  protected readonly editing = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);

  protected readonly form = this.fb.nonNullable.group({
    name: ['', [Validators.required, Validators.maxLength(120)]],
    greeting: ['', [Validators.required]],
    instructions: [''],
    agentId: [''],
    model: ['local/webox-mini'],
    voiceProvider: ['twilio' as VoiceChoiceDto['provider']],
    voiceName: ['Polly.Joanna'],
    language: ['en-US'],
    phoneNumber: [''],
    maxCallSeconds: [600],
    goodbyePhrase: [''],
    silencePrompt: [''],
    silenceReprompts: [2],
    recordCalls: [false],
    mode: ['gather' as VoiceAssistantDto['mode']],
  });

  protected readonly modes: VoiceAssistantDto['mode'][] = ['gather', 'stream'];

  // Test call
  protected readonly testLines = signal<TestLine[]>([]);
  protected readonly testText = signal('');
  protected readonly testBusy = signal(false);
  protected readonly testEnded = signal(false);
  protected readonly speak = signal(false);

  // Twilio
  protected readonly twilio = signal<TwilioConnectionDto | null>(null);
  protected readonly numbers = signal<TwilioNumberDto[]>([]);
  protected readonly twilioError = signal<string | null>(null);
  protected readonly twilioForm = this.fb.nonNullable.group({ accountSid: ['', [Validators.required, Validators.pattern(/^AC[0-9a-fA-F]{32}$/)]], authToken: ['', Validators.required] });

  // Calls
  protected readonly calls = signal<VoiceCallDto[]>([]);
  protected readonly call = signal<VoiceCallDetailDto | null>(null);

  ngOnInit(): void {
    void this.stt.load();
    void this.loadAssistants();
    void this.loadTwilio();
    void this.loadCalls();
  }

  private fail(target: (message: string) => void, error: unknown): void {
    target(problemMessage(this.i18n, toApiProblem(error)));
  }

  protected async loadAssistants(): Promise<void> {
    try {
      this.assistants.set(await firstValueFrom(this.api.listVoiceAssistants()));
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    }
  }

  protected startNew(): void {
    this.selected.set(null);
    this.form.reset();
    this.editing.set(true);
    this.resetTest();
  }

  protected select(assistant: VoiceAssistantDto): void {
    this.selected.set(assistant);
    this.form.setValue({
      name: assistant.name,
      greeting: assistant.greeting,
      instructions: assistant.instructions,
      agentId: assistant.agentId ?? '',
      model: assistant.model,
      voiceProvider: assistant.voice.provider,
      voiceName: assistant.voice.voice,
      language: assistant.language,
      phoneNumber: assistant.phoneNumber ?? '',
      maxCallSeconds: assistant.maxCallSeconds,
      goodbyePhrase: assistant.goodbyePhrase,
      silencePrompt: assistant.silencePrompt,
      silenceReprompts: assistant.silenceReprompts,
      recordCalls: assistant.recordCalls,
      mode: assistant.mode,
    });
    this.editing.set(true);
    this.resetTest();
  }

  private input(): VoiceAssistantInputDto {
    const v = this.form.getRawValue();
    return {
      name: v.name.trim(),
      greeting: v.greeting.trim(),
      instructions: v.instructions,
      agentId: v.agentId.trim() || null,
      model: v.model.trim(),
      voice: { provider: v.voiceProvider, voice: v.voiceName.trim() },
      language: v.language.trim(),
      phoneNumber: v.phoneNumber.trim() || null,
      maxCallSeconds: Number(v.maxCallSeconds),
      ...(v.goodbyePhrase.trim() ? { goodbyePhrase: v.goodbyePhrase.trim() } : {}),
      ...(v.silencePrompt.trim() ? { silencePrompt: v.silencePrompt.trim() } : {}),
      silenceReprompts: Number(v.silenceReprompts),
      recordCalls: v.recordCalls,
      mode: v.mode,
    };
  }

  protected async save(): Promise<void> {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    this.saving.set(true);
    this.error.set(null);
    try {
      const current = this.selected();
      const saved = current ? await firstValueFrom(this.api.updateVoiceAssistant({ id: current.id, body: this.input() })) : await firstValueFrom(this.api.createVoiceAssistant({ body: this.input() }));
      this.selected.set(saved);
      await this.loadAssistants();
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    } finally {
      this.saving.set(false);
    }
  }

  protected async remove(): Promise<void> {
    const current = this.selected();
    if (!current) return;
    try {
      await firstValueFrom(this.api.deleteVoiceAssistant({ id: current.id }));
      this.selected.set(null);
      this.editing.set(false);
      await this.loadAssistants();
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    }
  }

  // --- Test call ---

  protected resetTest(): void {
    this.testLines.set([]);
    this.testEnded.set(false);
    this.testText.set('');
  }

  protected async sendTest(text = this.testText()): Promise<void> {
    const assistant = this.selected();
    const said = text.trim();
    if (!assistant || !said || this.testBusy()) return;
    const turns = this.testLines().map(({ role, text: line }) => ({ role, text: line }));
    this.testLines.update((lines) => [...lines, { role: 'caller', text: said }]);
    this.testText.set('');
    this.testBusy.set(true);
    try {
      const answer = await firstValueFrom(this.api.testVoiceAssistant({ id: assistant.id, body: { text: said, turns, speak: this.speak() } }));
      this.testLines.update((lines) => [...lines, { role: 'assistant', text: answer.reply, audioUrl: answer.audioUrl }]);
      this.testEnded.set(answer.ended);
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    } finally {
      this.testBusy.set(false);
    }
  }

  // --- Twilio ---

  protected async loadTwilio(): Promise<void> {
    try {
      const connection = await firstValueFrom(this.api.getTwilioConnection());
      this.twilio.set(connection);
      this.numbers.set(connection.connected ? await firstValueFrom(this.api.listTwilioNumbers()) : []);
    } catch (error) {
      this.fail((m) => this.twilioError.set(m), error);
    }
  }

  protected async connectTwilio(): Promise<void> {
    if (this.twilioForm.invalid) {
      this.twilioForm.markAllAsTouched();
      return;
    }
    this.twilioError.set(null);
    try {
      this.twilio.set(await firstValueFrom(this.api.connectTwilio({ body: this.twilioForm.getRawValue() })));
      this.twilioForm.reset();
      await this.loadTwilio();
    } catch (error) {
      this.fail((m) => this.twilioError.set(m), error);
    }
  }

  protected async disconnectTwilio(): Promise<void> {
    try {
      await firstValueFrom(this.api.disconnectTwilio());
      await this.loadTwilio();
    } catch (error) {
      this.fail((m) => this.twilioError.set(m), error);
    }
  }

  protected async assignNumber(number: TwilioNumberDto, assistantId: string): Promise<void> {
    if (!assistantId) return;
    try {
      const updated = await firstValueFrom(this.api.connectTwilioNumber({ sid: number.sid, body: { assistantId } }));
      this.numbers.update((list) => list.map((item) => (item.sid === updated.sid ? updated : item)));
      await this.loadAssistants();
    } catch (error) {
      this.fail((m) => this.twilioError.set(m), error);
    }
  }

  // --- Calls ---

  protected async loadCalls(): Promise<void> {
    try {
      this.calls.set((await firstValueFrom(this.api.listVoiceCalls({ page: 1, limit: 50 }))).items);
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    }
  }

  protected async openCall(call: VoiceCallDto): Promise<void> {
    try {
      this.call.set(await firstValueFrom(this.api.getVoiceCall({ id: call.id })));
    } catch (error) {
      this.fail((m) => this.error.set(m), error);
    }
  }

  protected providerLabel(provider: VoiceChoiceDto['provider']): string {
    return this.i18n.t(`voice.provider.${provider}` as MessageKey);
  }

  protected statusLabel(status: VoiceCallDto['status']): string {
    return this.i18n.t(`voice.status.${status}` as MessageKey);
  }

  protected assistantName(id: string | null): string {
    return this.assistants().find((assistant) => assistant.id === id)?.name ?? '—';
  }
}
