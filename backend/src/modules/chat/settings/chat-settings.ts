import type { ChatRequest } from '../../../ai/capabilities';
import { type ChatModel, findModel, outputLimitOf } from '../../../ai/models';
import { DomainError, type FieldProblem } from '../../../common/domain-error';
import { CommonErrorCode } from '../../../common/error-codes';
import { ReplyNote, replyNote } from '../../../ai/reply-notes';
import { type ChatSettingsDto, MAX_MODEL_SETTINGS } from '../dto/chat-settings.dto';

/** One model's sampling settings. */
export interface ModelSettings {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
}

/** What a conversation (column `settings`) or a preset keeps: settings for every model, and per model over them. */
export interface ChatSettings extends ModelSettings {
  modelSettings?: Record<string, ModelSettings>;
}

/** What one model's request carries of the settings. */
export type SamplingOptions = Pick<ChatRequest, 'temperature' | 'topP' | 'maxOutputTokens'>;

const SAMPLING_FIELDS = ['temperature', 'topP', 'maxTokens'] as const;
const RANGES = { temperature: [0, 2], topP: [0, 1] } as const;

const invalid = (details: FieldProblem[]) => new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, `Invalid request: ${[...new Set(details.map((d) => d.field))].join(', ')}`, details);

/**
 * Checks chat settings against the models they are for, and throws one 400 naming every problem:
 * `modelSettings` keys must be chat models, each entry in range and within its model's rules (a
 * reasoning model takes no temperature or top-p of its own; a model that takes one sampler refuses
 * both at once), and `maxTokens` at most the output limit of every model of `models` (and of its own
 * model for a per-model value). Settings for every model that one model cannot take are not refused
 * here: they are left out of that model's request, with a note (see samplingFor).
 */
export function checkChatSettings(input: Pick<ChatSettingsDto, 'maxTokens' | 'modelSettings'>, models: ChatModel[]): void {
  const problems: FieldProblem[] = [];
  if (typeof input.maxTokens === 'number') {
    for (const model of models) {
      if (input.maxTokens > outputLimitOf(model)) problems.push({ field: 'maxTokens', message: `maxTokens must be at most ${outputLimitOf(model)}, the output limit of ${model.id}` });
    }
  }
  const entries = Object.entries(input.modelSettings ?? {});
  if (entries.length > MAX_MODEL_SETTINGS) problems.push({ field: 'modelSettings', message: `modelSettings must name at most ${MAX_MODEL_SETTINGS} models` });
  for (const [id, value] of entries.slice(0, MAX_MODEL_SETTINGS)) problems.push(...modelSettingsProblems(id, value));
  if (problems.length) throw invalid(problems);
}

function modelSettingsProblems(id: string, value: unknown): FieldProblem[] {
  const at = `modelSettings.${id}`;
  const model = findModel(id, 'chat');
  if (!model) return [{ field: at, message: `${id} is not a chat model Webox knows (see GET /api/chat/models)` }];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [{ field: at, message: `${at} must be an object with temperature, topP or maxTokens` }];
  const problems: FieldProblem[] = [];
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!(SAMPLING_FIELDS as readonly string[]).includes(key)) problems.push({ field: `${at}.${key}`, message: `${at} takes only temperature, topP and maxTokens` });
  }
  for (const key of ['temperature', 'topP'] as const) {
    const number = settings[key];
    if (number === undefined) continue;
    const [min, max] = RANGES[key];
    if (typeof number !== 'number' || !Number.isFinite(number) || number < min || number > max) problems.push({ field: `${at}.${key}`, message: `${key} must be between ${min} and ${max}` });
    else if (model.sampling === 'none') problems.push({ field: `${at}.${key}`, message: `${model.name} takes only its default ${key === 'topP' ? 'top-p' : 'temperature'} (a reasoning model)` });
  }
  if (model.sampling === 'either' && settings['temperature'] !== undefined && settings['topP'] !== undefined) {
    problems.push({ field: `${at}.topP`, message: `${model.name} takes temperature or topP, not both` });
  }
  const maxTokens = settings['maxTokens'];
  if (maxTokens !== undefined && (typeof maxTokens !== 'number' || !Number.isInteger(maxTokens) || maxTokens < 1 || maxTokens > outputLimitOf(model))) {
    problems.push({ field: `${at}.maxTokens`, message: `maxTokens must be a whole number from 1 to ${outputLimitOf(model)}, the output limit of ${model.id}` });
  }
  return problems;
}

/** The stored form of checked settings: only the fields that are set. */
function compact(settings: ChatSettings): ChatSettings {
  const out: ChatSettings = {};
  for (const key of SAMPLING_FIELDS) if (settings[key] !== undefined) out[key] = settings[key];
  const perModel = Object.entries(settings.modelSettings ?? {})
    .map(([id, values]) => [id, compact(values)] as const)
    .filter(([, values]) => Object.keys(values).length);
  if (perModel.length) out.modelSettings = Object.fromEntries(perModel);
  return out;
}

/** A conversation's settings after a turn: a field given replaces the stored one, `null` clears it, one left out keeps it. */
export function mergeChatSettings(stored: ChatSettings | null, input: Omit<ChatSettingsDto, 'systemPrompt'>): ChatSettings | null {
  const merged: ChatSettings = { ...(stored ?? {}) };
  for (const key of SAMPLING_FIELDS) {
    const value = input[key];
    if (value === null) delete merged[key];
    else if (value !== undefined) merged[key] = value;
  }
  if (input.modelSettings === null) delete merged.modelSettings;
  else if (input.modelSettings !== undefined) merged.modelSettings = input.modelSettings;
  const result = compact(merged);
  return Object.keys(result).length ? result : null;
}

/**
 * What one model's request carries: its own settings over the conversation's (over the agent's
 * temperature), within what the model takes. What it cannot take is left out and said in a note
 * for its reply: a reasoning model gets no temperature or top-p, a model that takes one sampler
 * gets the temperature only, and a stored limit over the model's own is lowered to it.
 */
export function samplingFor(settings: ChatSettings | null, model: ChatModel, fallbackTemperature?: number): { options: SamplingOptions; notes: ReplyNote[] } {
  const own = settings?.modelSettings?.[model.id] ?? {};
  let temperature = own.temperature ?? settings?.temperature ?? fallbackTemperature;
  let topP = own.topP ?? settings?.topP;
  let maxTokens = own.maxTokens ?? settings?.maxTokens;
  const notes: ReplyNote[] = [];
  if (model.sampling === 'none' && (temperature !== undefined || topP !== undefined)) {
    notes.push(replyNote('reasoningSampling', { model: model.name }, `${model.name} is a reasoning model that takes only its default temperature and top-p: the chat's were not sent to it.`));
    temperature = topP = undefined;
  }
  if (model.sampling === 'either' && temperature !== undefined && topP !== undefined) {
    // The model's own choice wins; between the chat's two, temperature.
    const keepTopP = own.topP !== undefined && own.temperature === undefined;
    const sent = keepTopP ? `top-p ${topP}` : `temperature ${temperature}`;
    notes.push(replyNote('oneSampler', { model: model.name, sent }, `${model.name} takes temperature or top-p, not both: only ${sent} was sent.`));
    if (keepTopP) temperature = undefined;
    else topP = undefined;
  }
  if (maxTokens !== undefined && maxTokens > outputLimitOf(model)) {
    notes.push(replyNote('maxTokensLowered', { model: model.name, limit: outputLimitOf(model) }, `Max tokens lowered to ${outputLimitOf(model)}, the output limit of ${model.name}.`));
    maxTokens = outputLimitOf(model);
  }
  const options: SamplingOptions = {
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(maxTokens !== undefined ? { maxOutputTokens: maxTokens } : {}),
  };
  return { options, notes };
}
