import type { ChatPresetDto, ChatPresetInputDto, ConversationDetailDto, ModelSettingsDto, SendChatMessageDto } from '../../api/models';

/** The settings panel's values: empty text and nulls mean the model's own defaults. */
export interface ChatSettingsForm {
  systemPrompt: string;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  /** Per model, over the values above. */
  modelSettings: Record<string, ModelSettingsDto>;
}

export const EMPTY_CHAT_SETTINGS: ChatSettingsForm = { systemPrompt: '', temperature: null, topP: null, maxTokens: null, modelSettings: {} };

/** What a stored conversation keeps (an agent's instructions are not the user's to edit here). */
export function settingsOfConversation(detail: ConversationDetailDto): ChatSettingsForm {
  const stored = detail.settings ?? {};
  return {
    systemPrompt: detail.agentId ? '' : (detail.systemPrompt ?? ''),
    temperature: stored.temperature ?? null,
    topP: stored.topP ?? null,
    maxTokens: stored.maxTokens ?? null,
    modelSettings: stored.modelSettings ?? {},
  };
}

export function settingsOfPreset(preset: ChatPresetDto): ChatSettingsForm {
  return {
    systemPrompt: preset.systemPrompt ?? '',
    temperature: preset.temperature,
    topP: preset.topP,
    maxTokens: preset.maxTokens,
    modelSettings: preset.modelSettings ?? {},
  };
}

/** Only the per-model values that are set, for the models still selected. */
function modelSettingsOf(form: ChatSettingsForm, models?: readonly string[]): Record<string, ModelSettingsDto> | null {
  const entries = Object.entries(form.modelSettings)
    .filter(([id]) => !models || models.includes(id))
    .map(([id, values]) => [id, Object.fromEntries(Object.entries(values).filter(([, value]) => value !== null && value !== undefined))] as const)
    .filter(([, values]) => Object.keys(values).length > 0);
  return entries.length ? Object.fromEntries(entries) : null;
}

/**
 * The settings of a turn: every field is sent, so the conversation keeps exactly what the panel
 * shows (null clears a value). In an agent's conversation the system prompt is the agent's.
 */
export function settingsRequest(form: ChatSettingsForm, agentConversation: boolean): Pick<SendChatMessageDto, 'systemPrompt' | 'temperature' | 'topP' | 'maxTokens' | 'modelSettings'> {
  return {
    ...(agentConversation ? {} : { systemPrompt: form.systemPrompt.trim() || null }),
    temperature: form.temperature,
    topP: form.topP,
    maxTokens: form.maxTokens,
    modelSettings: modelSettingsOf(form),
  };
}

export function presetInput(name: string, models: readonly string[], form: ChatSettingsForm): ChatPresetInputDto {
  return { name, models: [...models], ...settingsRequest(form, false), modelSettings: modelSettingsOf(form, models) };
}

/** Whether any setting differs from the models' defaults (the settings button shows it). */
export function hasSettings(form: ChatSettingsForm): boolean {
  return !!form.systemPrompt.trim() || form.temperature !== null || form.topP !== null || form.maxTokens !== null || modelSettingsOf(form) !== null;
}
