import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, OnInit, computed, inject, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatTabsModule } from '@angular/material/tabs';
import { firstValueFrom } from 'rxjs';
import type { AgentDto, ChatModelDto, TestTurnLineDto, TwilioConnectionDto, TwilioNumberDto, VoiceAssistantDto, VoiceAssistantInputDto, VoiceCallDetailDto, VoiceCallDto, VoiceChoiceDto } from '../../api/models';
import { AgentsService, ChatService, VoiceService } from '../../api/services';
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

type CallStatus = VoiceCallDto['status'];
/** Every call status once (a status the contract adds and this misses fails to compile). */
const CALL_STATUS_SET: Record<CallStatus, true> = { queued: true, ringing: true, 'in-progress': true, completed: true, busy: true, failed: true, 'no-answer': true, canceled: true };
const CALL_STATUSES = Object.keys(CALL_STATUS_SET) as CallStatus[];

/** Calls shown per page of the history. */
export const CALLS_PAGE_SIZE = 20;

/** A day picked in a date field (`yyyy-mm-dd`, the browser's local day) as the instant it starts; `days` later for an exclusive end. */
export function dayStart(day: string, days = 0): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return undefined;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]) + days).toISOString();
}

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
  private readonly agentsApi = inject(AgentsService);
  private readonly chatApi = inject(ChatService);
  private readonly i18n = inject(I18nService);
  private readonly fb = inject(FormBuilder);
  protected readonly stt = inject(SpeechToText);

  protected readonly providers = VOICE_PROVIDERS;
  protected readonly assistants = signal<VoiceAssistantDto[]>([]);
  protected readonly selected = signal<VoiceAssistantDto | null>(null);
  protected readonly editing = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly saving = signal(false);
  /** The agents an assistant can speak as (built-in and mine), and the chat models, usable ones first. */
  protected readonly agents = signal<AgentDto[]>([]);
  protected readonly models = signal<ChatModelDto[]>([]);
  /** The assistant's model when the catalogue does not list it (removed since), so the picker still shows what is saved. */
  protected readonly unlistedModel = computed(() => {
    const model = this.modelValue();
    return model && !this.models().some((option) => option.id === model) ? model : null;
  });
  private readonly modelValue = signal('');

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

  protected readonly modes = [
    { value: 'gather', label: 'voice.mode.gather' },
    { value: 'stream', label: 'voice.mode.stream' },
  ] as const satisfies readonly { value: VoiceAssistantDto['mode']; label: MessageKey }[];

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
  protected readonly locale = this.i18n.locale;
  protected readonly statuses = CALL_STATUSES;
  protected readonly pageSize = CALLS_PAGE_SIZE;
  protected readonly calls = signal<VoiceCallDto[]>([]);
  protected readonly callsTotal = signal(0);
  protected readonly callsPage = signal(1);
  protected readonly callsLoading = signal(false);
  protected readonly callsPages = computed(() => Math.max(1, Math.ceil(this.callsTotal() / CALLS_PAGE_SIZE)));
  protected readonly call = signal<VoiceCallDetailDto | null>(null);
  protected readonly callFilters = this.fb.nonNullable.group({ assistantId: [''], status: ['' as CallStatus | ''], from: [''], to: [''] });
  private callsRequest = 0;

  ngOnInit(): void {
    void this.stt.load();
    void this.loadAssistants();
    void this.loadTwilio();
    void this.loadCalls();
    void this.loadChoices();
    this.form.controls.model.valueChanges.subscribe((model) => this.modelValue.set(model));
  }

  /** What the editor's agent and model pickers offer; a failure leaves them empty (the assistant keeps its saved values). */
  private async loadChoices(): Promise<void> {
    const [agents, models] = await Promise.all([firstValueFrom(this.agentsApi.listAgents()).catch(() => []), firstValueFrom(this.chatApi.listChatModels()).catch(() => [])]);
    this.agents.set(agents);
    // Usable first (a key is in reach and the model is on), each group in the catalogue's order.
    this.models.set([...models.filter((model) => model.available), ...models.filter((model) => !model.available)]);
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

  /** One page of the history with the filters as they are; an answer to an older request (filters changed since) is dropped. */
  protected async loadCalls(page = 1): Promise<void> {
    const request = ++this.callsRequest;
    const { assistantId, status, from, to } = this.callFilters.getRawValue();
    const since = dayStart(from);
    // The last day picked is included: the API's `to` is exclusive, so it is the next day's start.
    const until = dayStart(to, 1);
    this.callsLoading.set(true);
    try {
      const result = await firstValueFrom(
        this.api.listVoiceCalls({ page, limit: CALLS_PAGE_SIZE, ...(assistantId ? { assistantId } : {}), ...(status ? { status } : {}), ...(since ? { from: since } : {}), ...(until ? { to: until } : {}) }),
      );
      if (request !== this.callsRequest) return;
      this.calls.set(result.items);
      this.callsTotal.set(result.total);
      this.callsPage.set(result.page);
    } catch (error) {
      if (request === this.callsRequest) this.fail((m) => this.error.set(m), error);
    } finally {
      if (request === this.callsRequest) this.callsLoading.set(false);
    }
  }

  protected clearCallFilters(): void {
    this.callFilters.reset();
    void this.loadCalls(1);
  }

  protected modelLabel(model: ChatModelDto): string {
    return `${model.name} · ${model.providerLabel}`;
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
