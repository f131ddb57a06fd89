import { findModel } from '../../../ai/models';
import { DomainError } from '../../../common/domain-error';
import { checkChatSettings, mergeChatSettings, samplingFor } from './chat-settings';

const model = (id: string) => findModel(id, 'chat')!;
const GPT_4O_MINI = model('openai/gpt-4o-mini');
const GPT_5 = model('openai/gpt-5');
const CLAUDE = model('anthropic/claude-sonnet-4-6');
const GEMINI = model('google/gemini-2.5-flash');

const problems = (run: () => void) => {
  try {
    run();
  } catch (error) {
    return (error as DomainError).details;
  }
  return undefined;
};

describe('checkChatSettings', () => {
  it('accepts settings within every model’s rules', () => {
    expect(() => checkChatSettings({ maxTokens: 16_384, modelSettings: { 'anthropic/claude-sonnet-4-6': { topP: 0.9 } } }, [GPT_4O_MINI, CLAUDE])).not.toThrow();
  });

  it('names maxTokens over the output limit of a model of the turn', () => {
    expect(problems(() => checkChatSettings({ maxTokens: 20_000 }, [GPT_4O_MINI, GEMINI]))).toEqual([
      { field: 'maxTokens', message: 'maxTokens must be at most 16384, the output limit of openai/gpt-4o-mini' },
    ]);
  });

  it('names each bad per-model setting: unknown model, range, reasoning model, both samplers, unknown field', () => {
    const details = problems(() =>
      checkChatSettings(
        {
          modelSettings: {
            'nope/model': { temperature: 1 },
            'google/gemini-2.5-flash': { temperature: 3, maxTokens: 70_000 },
            'openai/gpt-5': { temperature: 0.2 },
            'anthropic/claude-sonnet-4-6': { temperature: 0.2, topP: 0.5 },
            'openai/gpt-4o-mini': { seed: 4 } as never,
          },
        },
        [],
      ),
    );
    expect(details?.map((d) => d.field)).toEqual([
      'modelSettings.nope/model',
      'modelSettings.google/gemini-2.5-flash.temperature',
      'modelSettings.google/gemini-2.5-flash.maxTokens',
      'modelSettings.openai/gpt-5.temperature',
      'modelSettings.anthropic/claude-sonnet-4-6.topP',
      'modelSettings.openai/gpt-4o-mini.seed',
    ]);
  });
});

describe('mergeChatSettings', () => {
  it('replaces what is given, clears what is null, keeps what is left out', () => {
    const stored = { temperature: 0.3, topP: 0.8, maxTokens: 100 };
    expect(mergeChatSettings(stored, { temperature: 1, topP: null })).toEqual({ temperature: 1, maxTokens: 100 });
    expect(mergeChatSettings(stored, { temperature: null, topP: null, maxTokens: null })).toBeNull();
    expect(mergeChatSettings(null, { modelSettings: { 'openai/gpt-5': {} } })).toBeNull();
  });
});

describe('samplingFor', () => {
  const settings = { temperature: 0.4, topP: 0.9, maxTokens: 500, modelSettings: { 'google/gemini-2.5-flash': { temperature: 1.2 } } };

  it('sends the model’s own settings over the chat’s', () => {
    expect(samplingFor(settings, GEMINI)).toEqual({ options: { temperature: 1.2, topP: 0.9, maxOutputTokens: 500 }, notes: [] });
  });

  it('sends a reasoning model no temperature or top-p, and says so', () => {
    const { options, notes } = samplingFor(settings, GPT_5);
    expect(options).toEqual({ maxOutputTokens: 500 });
    expect(notes).toEqual([{ key: 'reasoningSampling', params: { model: GPT_5.name }, text: expect.stringContaining('reasoning model') }]);
  });

  it('sends a one-sampler model the temperature only, and says so', () => {
    const { options, notes } = samplingFor(settings, CLAUDE);
    expect(options).toEqual({ temperature: 0.4, maxOutputTokens: 500 });
    expect(notes).toEqual([{ key: 'oneSampler', params: { model: 'Claude Sonnet 4.6', sent: 'temperature 0.4' }, text: 'Claude Sonnet 4.6 takes temperature or top-p, not both: only temperature 0.4 was sent.' }]);
  });

  it('falls back to the agent’s temperature, and lowers a stored limit to the model’s', () => {
    expect(samplingFor({ maxTokens: 50_000 }, GPT_4O_MINI, 0.7)).toEqual({
      options: { temperature: 0.7, maxOutputTokens: 16_384 },
      notes: [{ key: 'maxTokensLowered', params: { model: 'GPT-4o mini', limit: 16384 }, text: 'Max tokens lowered to 16384, the output limit of GPT-4o mini.' }],
    });
  });
});
