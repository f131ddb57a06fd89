import type { ChatModelDto } from '../../api/models';
import { mentionMatches, orderModels, resolveMentions } from './model-order';

const model = (id: string, name: string, available = true): ChatModelDto => ({
  id,
  provider: id.split('/')[0] as ChatModelDto['provider'],
  providerLabel: id.split('/')[0]!,
  name,
  contextTokens: 1000,
  inputPricePerMTok: 0,
  outputPricePerMTok: 0,
  offline: false,
  vision: true,
  available,
  sampling: 'both',
  workspaceDefault: false,
});

const MODELS = [
  model('openai/gpt-5.4', 'GPT-5.4'),
  model('openai/gpt-4o-mini', 'GPT-4o mini'),
  model('anthropic/claude-haiku-4-5', 'Claude Haiku 4.5', false),
  model('google/gemini-2.5-flash', 'Gemini 2.5 Flash'),
  model('local/webox-mini', 'Webox mini (offline)'),
];

describe('orderModels', () => {
  it('puts the usable models first, favorites on top in their order, and keeps the others apart', () => {
    const { usable, unusable } = orderModels(MODELS, ['local/webox-mini', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash']);
    expect(usable.map((m) => m.id)).toEqual(['local/webox-mini', 'google/gemini-2.5-flash', 'openai/gpt-5.4', 'openai/gpt-4o-mini']);
    expect(unusable.map((m) => m.id)).toEqual(['anthropic/claude-haiku-4-5']);
  });

  it('filters by name, id or provider', () => {
    expect(orderModels(MODELS, [], 'gemini').usable.map((m) => m.id)).toEqual(['google/gemini-2.5-flash']);
  });
});

describe('mentions', () => {
  it('offers the usable models that start with, then contain, the query', () => {
    expect(mentionMatches(MODELS, [], 'gpt').map((m) => m.id)).toEqual(['openai/gpt-5.4', 'openai/gpt-4o-mini']);
    expect(mentionMatches(MODELS, [], 'mini').map((m) => m.id)).toEqual(['openai/gpt-4o-mini', 'local/webox-mini', 'google/gemini-2.5-flash']);
    expect(mentionMatches(MODELS, ['local/webox-mini'], 'mini').map((m) => m.id)).toEqual(['local/webox-mini', 'openai/gpt-4o-mini', 'google/gemini-2.5-flash']);
    expect(mentionMatches(MODELS, [], 'flash').map((m) => m.id)).toEqual(['google/gemini-2.5-flash']);
    expect(mentionMatches(MODELS, [], 'claude')).toEqual([]);
  });

  it('turns a mention that names one model into that model, and leaves the others in the text', () => {
    expect(resolveMentions('@gemini compare this with @gpt-4o-mini please', MODELS, [])).toEqual({
      text: 'compare this with please',
      ids: ['google/gemini-2.5-flash', 'openai/gpt-4o-mini'],
    });
    expect(resolveMentions('ask @gpt or mail me@gpt.example', MODELS, [])).toEqual({ text: 'ask @gpt or mail me@gpt.example', ids: [] });
    expect(resolveMentions('@claude hi', MODELS, [])).toEqual({ text: '@claude hi', ids: [] });
  });
});
