import { costOf, findModel, MODEL_CATALOGUE } from './models';

describe('model catalogue', () => {
  it('names every model provider/vendorModel, once', () => {
    const ids = MODEL_CATALOGUE.map((model) => model.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const model of MODEL_CATALOGUE) {
      expect(model.id).toBe(`${model.provider}/${model.vendorModel}`);
      expect(model.contextTokens).toBeGreaterThan(0);
      expect(model.inputPricePerMTok).toBeGreaterThanOrEqual(0);
      expect(model.outputPricePerMTok).toBeGreaterThanOrEqual(0);
    }
  });

  it('finds a catalogue model, an ad-hoc OpenAI-compatible model, and nothing else', () => {
    expect(findModel('openai/gpt-5.4')).toMatchObject({ provider: 'openai', vendorModel: 'gpt-5.4', inputPricePerMTok: 1.75, outputPricePerMTok: 14 });
    expect(findModel('openai-compatible/qwen2.5:7b')).toMatchObject({ provider: 'openai-compatible', vendorModel: 'qwen2.5:7b', inputPricePerMTok: 0, outputPricePerMTok: 0 });
    expect(findModel('acme/turbo')).toBeUndefined();
    expect(findModel('openai/not-a-model')).toBeUndefined();
    expect(findModel('openai-compatible/')).toBeUndefined();
    expect(findModel('openai-compatible/has space')).toBeUndefined();
  });

  it('only the local model is offline, and the smallest context is the offline one', () => {
    expect(MODEL_CATALOGUE.filter((model) => model.offline).map((model) => model.id)).toEqual(['local/webox-mini']);
    expect(Math.min(...MODEL_CATALOGUE.map((model) => model.contextTokens))).toBe(findModel('local/webox-mini')!.contextTokens);
  });
});

describe('costOf', () => {
  it('prices input and output tokens per million, in dollars', () => {
    const gpt = findModel('openai/gpt-5.4')!;
    expect(costOf(gpt, 1_000_000, 0)).toBeCloseTo(1.75, 10);
    expect(costOf(gpt, 0, 1_000_000)).toBeCloseTo(14, 10);
    expect(costOf(gpt, 1000, 500)).toBeCloseTo((1000 * 1.75 + 500 * 14) / 1_000_000, 12);
    expect(costOf(findModel('anthropic/claude-sonnet-4-6')!, 2_000, 1_000)).toBeCloseTo(0.006 + 0.015, 12);
  });

  it('is zero with no tokens and for free models', () => {
    expect(costOf(findModel('openai/gpt-5.4')!, 0, 0)).toBe(0);
    expect(costOf(findModel('local/webox-mini')!, 10_000, 10_000)).toBe(0);
    expect(costOf(findModel('openai-compatible/anything')!, 10_000, 10_000)).toBe(0);
  });
});
