import { catalogueUnitCost, findModel, GENERATION_KINDS, generationKindOf, MODEL_CATALOGUE, ModelCapability, modelsWith, tokenCost, unitCost } from './models';

const ids = (capability: ModelCapability) => modelsWith(capability).map((model) => model.id);

describe('model catalogue', () => {
  it('names every model provider/vendorModel, once', () => {
    const all = MODEL_CATALOGUE.map((model) => model.id);
    expect(new Set(all).size).toBe(all.length);
    for (const model of MODEL_CATALOGUE) expect(model.id).toBe(`${model.provider}/${model.vendorModel}`);
  });

  it('gives every capability its fields and its kind of price', () => {
    for (const model of MODEL_CATALOGUE) {
      expect(model.capabilities.length).toBeGreaterThan(0);
      if (model.capabilities.includes('chat')) {
        expect(model.contextTokens).toBeGreaterThan(0);
        expect(typeof model.vision).toBe('boolean');
      }
      if (model.capabilities.includes('embedding')) expect(model.embedding).toBeDefined();
      for (const kind of GENERATION_KINDS) expect(model.capabilities.includes(kind)).toBe(model[kind] !== undefined);
      const byTokens = model.capabilities.some((capability) => capability === 'chat' || capability === 'embedding');
      expect(model.price.per === 'token').toBe(byTokens);
      if (model.price.per === 'token') {
        expect(model.price.inputPerMTok).toBeGreaterThanOrEqual(0);
        expect(model.price.outputPerMTok).toBeGreaterThanOrEqual(0);
      } else {
        expect(model.price.usd).toBeGreaterThanOrEqual(0);
      }
    }
  });

  it('lists each capability in catalogue order', () => {
    expect(ids('chat')).toHaveLength(24);
    expect(ids('chat')[0]).toBe('openai/gpt-5.4');
    expect(ids('chat').at(-1)).toBe('local/webox-mini');
    expect(ids('embedding')).toEqual(['openai/text-embedding-3-small', 'openai/text-embedding-3-large', 'google/gemini-embedding-001', 'openai-compatible/nomic-embed-text']);
    expect(ids('image')).toEqual(['local/webox-draw', 'openai/gpt-image-1', 'openai/dall-e-3', 'replicate/black-forest-labs/flux-schnell', 'replicate/stability-ai/stable-diffusion-3.5-large']);
    expect(modelsWith(...GENERATION_KINDS).map(generationKindOf)).toEqual(['image', 'speech', 'music', 'video', 'image', 'image', 'image', 'image', 'speech', 'speech', 'speech', 'music', 'video']);
  });

  it('knows which chat models take images (issue 24)', () => {
    const seeing = modelsWith('chat').filter((model) => model.vision).map((model) => model.id);
    expect(seeing).toEqual(expect.arrayContaining(['openai/gpt-5.4', 'openai/gpt-4.1', 'openai/gpt-4o-mini', 'openai/o4-mini', 'anthropic/claude-opus-5', 'anthropic/claude-haiku-4-5', 'google/gemini-2.5-flash']));
    expect(modelsWith('chat').filter((model) => !model.vision).map((model) => model.id)).toEqual([
      'openai-compatible/llama3.2',
      'openai-compatible/llama-3.3-70b-versatile',
      'openai-compatible/mistral-large-latest',
      'openai-compatible/deepseek-chat',
      'local/webox-mini',
    ]);
  });

  it('marks only the local models offline', () => {
    expect(MODEL_CATALOGUE.filter((model) => model.offline).map((model) => model.id)).toEqual(['local/webox-mini', 'local/webox-draw', 'local/webox-voice', 'local/webox-music', 'local/webox-slideshow']);
    expect(Math.min(...modelsWith('chat').map((model) => model.contextTokens))).toBe(findModel('local/webox-mini', 'chat')!.contextTokens);
  });
});

describe('findModel', () => {
  it('finds a model, with a capability only if it has it', () => {
    expect(findModel('openai/gpt-5.4', 'chat')).toMatchObject({ provider: 'openai', vendorModel: 'gpt-5.4', price: { per: 'token', inputPerMTok: 1.75, outputPerMTok: 14 } });
    expect(findModel('local/webox-draw')).toMatchObject({ capabilities: ['image'] });
    expect(findModel('local/webox-draw', 'chat')).toBeUndefined();
    expect(findModel('openai/gpt-5.4', 'image')).toBeUndefined();
    expect(findModel('openai/text-embedding-3-small', 'embedding')).toMatchObject({ embedding: { dimensions: 1536 } });
  });

  it('takes any model of an OpenAI-compatible endpoint for chat and embeddings, and nothing else', () => {
    expect(findModel('openai-compatible/qwen2.5:7b', 'chat')).toMatchObject({ provider: 'openai-compatible', vendorModel: 'qwen2.5:7b', contextTokens: 128_000, price: { inputPerMTok: 0, outputPerMTok: 0 } });
    expect(findModel('openai-compatible/qwen2.5:7b', 'embedding')).toMatchObject({ embedding: { dimensions: null, requestDimensions: false } });
    // A listed endpoint model is still usable for the other capability, as before the catalogues were one.
    expect(findModel('openai-compatible/nomic-embed-text', 'chat')).toMatchObject({ name: 'nomic-embed-text', contextTokens: 128_000 });
    expect(findModel('openai-compatible/llama3.2', 'embedding')).toMatchObject({ name: 'llama3.2', embedding: { dimensions: null } });
    expect(findModel('openai-compatible/qwen2.5:7b', 'image')).toBeUndefined();
    expect(findModel('acme/turbo')).toBeUndefined();
    expect(findModel('openai/not-a-model', 'chat')).toBeUndefined();
    expect(findModel('openai-compatible/')).toBeUndefined();
    expect(findModel('openai-compatible/has space', 'chat')).toBeUndefined();
  });
});

describe('costs', () => {
  it('prices tokens per million, in dollars', () => {
    const gpt = findModel('openai/gpt-5.4', 'chat')!;
    expect(tokenCost(gpt, { inputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(1.75, 10);
    expect(tokenCost(gpt, { inputTokens: 0, outputTokens: 1_000_000 })).toBeCloseTo(14, 10);
    expect(tokenCost(gpt, { inputTokens: 1000, outputTokens: 500 })).toBeCloseTo((1000 * 1.75 + 500 * 14) / 1_000_000, 12);
    expect(tokenCost(findModel('anthropic/claude-sonnet-4-6', 'chat')!, { inputTokens: 2_000, outputTokens: 1_000 })).toBeCloseTo(0.006 + 0.015, 12);
    expect(tokenCost(findModel('openai/text-embedding-3-small', 'embedding')!, { inputTokens: 1_000_000, outputTokens: 0 })).toBeCloseTo(0.02, 10);
  });

  it('is zero with no tokens and for free models', () => {
    expect(tokenCost(findModel('openai/gpt-5.4', 'chat')!, { inputTokens: 0, outputTokens: 0 })).toBe(0);
    expect(tokenCost(findModel('local/webox-mini', 'chat')!, { inputTokens: 10_000, outputTokens: 10_000 })).toBe(0);
    expect(tokenCost(findModel('openai-compatible/anything', 'chat')!, { inputTokens: 10_000, outputTokens: 10_000 })).toBe(0);
  });

  it('prices outputs per image, second, 1 000 characters or video', () => {
    expect(unitCost(findModel('openai/dall-e-3', 'image')!, { images: 2 })).toBeCloseTo(0.08, 10);
    expect(unitCost(findModel('replicate/meta/musicgen', 'music')!, { seconds: 10 })).toBeCloseTo(0.05, 10);
    expect(unitCost(findModel('elevenlabs/eleven_multilingual_v2', 'speech')!, { characters: 2000 })).toBeCloseTo(0.6, 10);
    expect(unitCost(findModel('replicate/minimax/video-01', 'video')!, { seconds: 6 })).toBe(0.5);
  });

  it('prices a vendor model by its name, ignoring a Replicate version, and 0 when unlisted', () => {
    expect(catalogueUnitCost('replicate', 'black-forest-labs/flux-schnell:abc123', { images: 1 })).toBeCloseTo(0.003, 10);
    expect(catalogueUnitCost('openai', 'tts-1', { characters: 1000 })).toBeCloseTo(0.015, 10);
    expect(catalogueUnitCost('replicate', 'someone/unknown', { images: 1 })).toBe(0);
    expect(catalogueUnitCost('openai', 'gpt-5.4', { images: 1 })).toBe(0);
  });
});
