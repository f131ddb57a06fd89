import { ChangeDetectionStrategy, Component, computed, inject, output, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { ChatModelDto, ChatPresetDto, ModelSettingsDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatPresetsStore } from './chat-presets.store';
import { presetInput } from './chat-settings';
import { ChatStore } from './chat.store';
import { SettingNumber } from './setting-number';
import { problemMessage } from '../../core/http/problem-message';

type NumberField = 'temperature' | 'topP' | 'maxTokens';

interface FieldView {
  key: NumberField;
  label: MessageKey;
  testid: string;
}

const FIELDS: readonly FieldView[] = [
  { key: 'temperature', label: 'chat.settings.temperature', testid: 'settings-temperature' },
  { key: 'topP', label: 'chat.settings.topP', testid: 'settings-top-p' },
  { key: 'maxTokens', label: 'chat.settings.maxTokens', testid: 'settings-max-tokens' },
];

/** The ranges the API accepts; max tokens is capped by each model's output limit. */
const RANGES: Record<NumberField, { min: number; max: number; step: number }> = {
  temperature: { min: 0, max: 2, step: 0.1 },
  topP: { min: 0, max: 1, step: 0.05 },
  maxTokens: { min: 1, max: Number.MAX_SAFE_INTEGER, step: 1 },
};

/** '' is "the model's default"; anything else a number (NaN when it is not one). */
function parse(text: string): number | null {
  return text.trim() === '' ? null : Number(text);
}

/**
 * The chat's settings, beside the conversation: system prompt, temperature, top-p and max tokens
 * for every model, and per model where they differ; presets to apply, save and delete. The values
 * go with the next message and the conversation keeps them.
 */
@Component({
  selector: 'wbx-chat-settings-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatMenuModule, MatTooltipModule, TranslatePipe, SettingNumber],
  templateUrl: './chat-settings-panel.html',
  styleUrl: './chat-settings-panel.scss',
})
export class ChatSettingsPanel {
  protected readonly store = inject(ChatStore);
  protected readonly presets = inject(ChatPresetsStore);
  private readonly i18n = inject(I18nService);

  readonly closed = output<void>();

  protected readonly fields = FIELDS;
  protected readonly settings = this.store.settings;
  protected readonly presetName = signal('');
  protected readonly saving = signal(false);
  protected readonly message = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  /** The selected models, with their catalogue entry, for the per-model settings. */
  protected readonly models = computed(() => this.store.columns().filter((column): column is { id: string; model: ChatModelDto } => column.model !== null));
  /** The smallest output limit of the selected models: max tokens may not go over it. */
  protected readonly maxTokensLimit = computed(() => Math.min(...this.models().map(({ model }) => model.maxOutputTokens ?? model.contextTokens)));

  constructor() {
    this.presets.load();
  }

  protected setSystemPrompt(event: Event): void {
    const systemPrompt = (event.target as HTMLTextAreaElement).value;
    this.settings.update((settings) => ({ ...settings, systemPrompt }));
  }

  protected setNumber(field: NumberField, event: Event): void {
    const value = parse((event.target as HTMLInputElement).value);
    this.settings.update((settings) => ({ ...settings, [field]: value }));
  }

  protected setModelNumber(modelId: string, field: NumberField, event: Event): void {
    const value = parse((event.target as HTMLInputElement).value);
    this.settings.update((settings) => {
      const own: ModelSettingsDto = { ...settings.modelSettings[modelId] };
      if (value === null) delete own[field];
      else own[field] = value;
      return { ...settings, modelSettings: { ...settings.modelSettings, [modelId]: own } };
    });
  }

  protected value(field: NumberField): number | null {
    return this.settings()[field];
  }

  protected min(field: NumberField): number {
    return RANGES[field].min;
  }

  protected step(field: NumberField): number {
    return RANGES[field].step;
  }

  /** The highest value: the range's, or for max tokens the output limit (of the selected models, or of one). */
  protected max(field: NumberField, limit = this.maxTokensLimit()): number {
    return field === 'maxTokens' ? limit : RANGES[field].max;
  }

  protected modelValue(modelId: string, field: NumberField): number | undefined {
    return this.settings().modelSettings[modelId]?.[field];
  }

  /** The message under a field whose value the API would refuse; null when it is fine. */
  protected problem(field: NumberField, value: number | null | undefined, limit = this.maxTokensLimit()): string | null {
    if (value === null || value === undefined) return null;
    const { min } = RANGES[field];
    const top = this.max(field, limit);
    if (!Number.isFinite(value) || value < min || value > top || (field === 'maxTokens' && !Number.isInteger(value))) {
      // The bounds in the reader's locale (128 000 in French, 128,000 in English).
      const number = new Intl.NumberFormat(this.i18n.locale());
      return this.i18n.t(field === 'maxTokens' ? 'chat.settings.maxTokensRange' : 'chat.settings.range', { min: number.format(min), max: number.format(top) });
    }
    return null;
  }

  protected modelLimit(model: ChatModelDto): number {
    return model.maxOutputTokens ?? model.contextTokens;
  }

  /** What the model takes of the sampling settings, said once beside it. */
  protected samplingNote(model: ChatModelDto): string | null {
    if (model.sampling === 'none') return this.i18n.t('chat.settings.samplingNone');
    if (model.sampling === 'either') return this.i18n.t('chat.settings.samplingEither');
    return null;
  }

  protected apply(preset: ChatPresetDto): void {
    this.store.applyPreset(preset);
    this.message.set({ kind: 'ok', text: this.i18n.t('chat.presets.applied', { name: preset.name }) });
  }

  protected savePreset(): void {
    const name = this.presetName().trim();
    if (!name || this.saving()) return;
    this.saving.set(true);
    this.message.set(null);
    this.presets.save(presetInput(name, this.store.selection(), this.settings())).subscribe({
      next: (preset) => {
        this.saving.set(false);
        this.presetName.set('');
        this.message.set({ kind: 'ok', text: this.i18n.t('chat.presets.saved', { name: preset.name }) });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.message.set({ kind: 'error', text: problemMessage(this.i18n, toApiProblem(error), 'chat.presets.saveFailed') });
      },
    });
  }

  protected deletePreset(preset: ChatPresetDto): void {
    this.presets.remove(preset.id).subscribe({
      next: () => this.message.set({ kind: 'ok', text: this.i18n.t('chat.presets.deleted', { name: preset.name }) }),
      error: () => this.message.set({ kind: 'error', text: this.i18n.t('chat.presets.deleteFailed') }),
    });
  }

  protected onPresetName(event: Event): void {
    this.presetName.set((event.target as HTMLInputElement).value);
  }

  protected hasOwn(modelId: string): boolean {
    return Object.keys(this.settings().modelSettings[modelId] ?? {}).length > 0;
  }
}
