import type { ChatProviderId, EmbeddingProviderId, ProviderId, TokenUsage } from './capabilities';
import type { GenerationProviderId } from './generation-capabilities';
import type { UiLanguage } from '../common/request-language';

/** What a model can do. One catalogue entry per model, whatever it does. */
export type ModelCapability = 'chat' | 'embedding' | 'image' | 'speech' | 'music' | 'video' | 'transcription';

/** The capabilities that make a file: each has its own adapters and its own options below. */
export type GenerationKind = Extract<ModelCapability, 'image' | 'speech' | 'music' | 'video'>;

export const GENERATION_KINDS: readonly GenerationKind[] = ['image', 'speech', 'music', 'video'];

/** Priced by tokens (chat, embeddings): US dollars per million input and output tokens. */
export interface TokenPrice {
  per: 'token';
  inputPerMTok: number;
  outputPerMTok: number;
}

/** Priced by what is made: per image, per second of audio or video, per 1 000 characters of speech, or per video. */
export type PriceUnit = 'image' | 'second' | 'kchar' | 'video';

export interface UnitPrice {
  per: PriceUnit;
  /** US dollars per unit. */
  usd: number;
}

export type ModelPrice = TokenPrice | UnitPrice;

export interface EmbeddingOptions {
  /** Length of the vectors Webox stores for it; null for a model of an OpenAI-compatible endpoint the catalogue does not know. */
  dimensions: number | null;
  /** Ask the vendor for `dimensions` (models whose native vectors are longer than what Webox keeps). */
  requestDimensions: boolean;
  /** Task prefixes the model was trained with (nomic-embed-text), put before each passage and each query. */
  prefixes?: { document: string; query: string };
}

export interface ImageOptions {
  /** `WIDTHxHEIGHT` sizes the model makes. */
  sizes: string[];
  /** At most this many per job. */
  maxCount: number;
  styles?: string[];
  negativePrompt?: boolean;
}

export interface SpeechOptions {
  /** The voices, by the name the vendor knows them. */
  voices: string[];
}

/** The durations a model accepts, in seconds. */
export interface DurationOptions {
  minSeconds: number;
  maxSeconds: number;
}

export type AspectRatio = '16:9' | '9:16' | '1:1';

export interface VideoOptions extends DurationOptions {
  aspectRatios: AspectRatio[];
  /** Can start from an image of the media library. */
  startImage?: boolean;
}

/**
 * One model Webox can call: what it does, what it costs, and the options of each thing it does.
 * Chat models carry `contextTokens` and `vision`; each generation capability has its options
 * object, named after it (`image`, `speech`, `music`, `video`), as `embedding` does.
 */
export interface ModelInfo {
  /** `provider/model`, the id clients use. */
  id: string;
  provider: ProviderId;
  /** The vendor's own name for it. */
  vendorModel: string;
  name: string;
  capabilities: readonly ModelCapability[];
  price: ModelPrice;
  /** Made on this machine with no AI model (the `local` provider): labelled offline wherever it shows. */
  offline?: boolean;
  /** Chat: input plus output tokens the model accepts. */
  contextTokens?: number;
  /** Chat: the model accepts images in its input. */
  vision?: boolean;
  /** Chat: the most tokens one reply may have, where the vendor publishes it (else the context bounds it). */
  maxOutputTokens?: number;
  /** Chat: which sampling settings the vendor accepts (see SamplingRule). */
  sampling?: SamplingRule;
  embedding?: EmbeddingOptions;
  image?: ImageOptions;
  speech?: SpeechOptions;
  music?: DurationOptions;
  video?: VideoOptions;
  /** A model of an OpenAI-compatible endpoint an administrator added (`endpoint/<slug>/<vendorModel>`): called with that endpoint's URL and key. */
  endpoint?: { id: string; slug: string };
}

/**
 * The sampling settings a chat model takes: `both` temperature and top-p; `either` one of them but
 * not both together (Anthropic's models since Claude Sonnet 4.5 and Opus 4.1 answer 400 "`temperature`
 * and `top_p` cannot both be specified"); `none` for reasoning models that accept only their defaults
 * (OpenAI's o-series and GPT-5 with reasoning on: "Only the default (1) value is supported").
 */
export type SamplingRule = 'both' | 'either' | 'none';

/** A chat model: what `findModel(id, 'chat')` gives. */
export type ChatModel = ModelInfo & { provider: ChatProviderId; contextTokens: number; vision: boolean; price: TokenPrice; sampling: SamplingRule };

/** The most tokens one reply of a chat model may ask for: its published output limit, else its context. */
export const outputLimitOf = (model: ChatModel): number => model.maxOutputTokens ?? model.contextTokens;

export type EmbeddingModel = ModelInfo & { provider: EmbeddingProviderId; embedding: EmbeddingOptions; price: TokenPrice };

/** A speech-to-text model (OpenAI's transcription), priced per second of audio. */
export type TranscriptionModel = ModelInfo & { provider: 'openai'; price: UnitPrice };

/** A model that makes files; `GenerationModel<'image'>` has its image options. */
export type GenerationModel<K extends GenerationKind = never> = ModelInfo & { provider: GenerationProviderId; price: UnitPrice } & Required<Pick<ModelInfo, K>>;

/** The entry type a lookup by capability gives. */
export interface ModelOfCapability {
  chat: ChatModel;
  embedding: EmbeddingModel;
  image: GenerationModel<'image'>;
  speech: GenerationModel<'speech'>;
  music: GenerationModel<'music'>;
  video: GenerationModel<'video'>;
  transcription: TranscriptionModel;
}

const perToken = (inputPerMTok: number, outputPerMTok = 0): TokenPrice => ({ per: 'token', inputPerMTok, outputPerMTok });
const per = (unit: PriceUnit, usd: number): UnitPrice => ({ per: unit, usd });

type EntryFields = Omit<ModelInfo, 'id' | 'provider' | 'vendorModel' | 'name'>;
const entry = (provider: ProviderId, vendorModel: string, name: string, fields: EntryFields): ModelInfo => ({ id: `${provider}/${vendorModel}`, provider, vendorModel, name, ...fields });

interface ChatExtra {
  vision?: boolean;
  offline?: boolean;
  maxOutputTokens?: number;
  sampling?: SamplingRule;
}
const chat = (provider: ChatProviderId, vendorModel: string, name: string, contextTokens: number, input: number, output: number, extra: ChatExtra = {}): ModelInfo =>
  entry(provider, vendorModel, name, {
    capabilities: ['chat'],
    price: perToken(input, output),
    contextTokens,
    vision: extra.vision ?? false,
    sampling: extra.sampling ?? 'both',
    ...(extra.maxOutputTokens ? { maxOutputTokens: extra.maxOutputTokens } : {}),
    ...(extra.offline ? { offline: true } : {}),
  });

const embedding = (provider: EmbeddingProviderId, vendorModel: string, name: string, pricePerMTok: number, options: EmbeddingOptions): ModelInfo =>
  entry(provider, vendorModel, name, { capabilities: ['embedding'], price: perToken(pricePerMTok), embedding: options });

type OptionsOf = Required<Pick<ModelInfo, GenerationKind>>;
const generator = <K extends GenerationKind>(kind: K, provider: GenerationProviderId, vendorModel: string, name: string, price: UnitPrice, options: OptionsOf[K], offline = false): ModelInfo =>
  entry(provider, vendorModel, name, { capabilities: [kind], price, ...(offline ? { offline: true } : {}), ...({ [kind]: options } as Pick<OptionsOf, K>) });

/** Takes images in its input (issue 24: the chat can send them pictures). */
const SEES = { vision: true };
/** Reasoning on by default: temperature and top-p only at their defaults. */
const REASONS = { sampling: 'none' } as const;
/** Temperature or top-p, never both in one request. */
const ONE_SAMPLER = { sampling: 'either' } as const;
const OFFLINE = true;

const LOCAL_IMAGE_SIZES = ['512x512', '768x768', '1024x1024', '1024x1536', '1536x1024', '1080x1920', '1920x1080'];
const REPLICATE_IMAGE_SIZES = ['1024x1024', '1344x768', '768x1344', '1152x864', '864x1152'];
const OPENAI_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'];

/**
 * Every model Webox offers, with its public list price as published when this list was last
 * edited: check them against the vendors' pricing pages. Any other model of an OpenAI-compatible
 * endpoint can be named `openai-compatible/<model>` for chat or embeddings (see findModel); its
 * price is unknown and counted as zero. Vendors with no public API (Midjourney, Suno, Udio, Pika)
 * are not here: see UNAVAILABLE_GENERATORS.
 */
export const MODEL_CATALOGUE: readonly ModelInfo[] = [
  // Chat: USD per million input and output tokens; output limits and sampling rules as the vendors publish them
  // (GPT-5.2 and 5.4 default to no reasoning and take temperature and top-p; GPT-5, the minis and o4-mini reason by default).
  chat('openai', 'gpt-5.4', 'GPT-5.4', 400_000, 1.75, 14, { ...SEES, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-5.4-mini', 'GPT-5.4 mini', 400_000, 0.25, 2, { ...SEES, ...REASONS, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-5.4-nano', 'GPT-5.4 nano', 400_000, 0.05, 0.4, { ...SEES, ...REASONS, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-5.2', 'GPT-5.2', 400_000, 1.75, 14, { ...SEES, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-5', 'GPT-5', 400_000, 1.25, 10, { ...SEES, ...REASONS, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-5-mini', 'GPT-5 mini', 400_000, 0.25, 2, { ...SEES, ...REASONS, maxOutputTokens: 128_000 }),
  chat('openai', 'gpt-4.1', 'GPT-4.1', 1_047_576, 2, 8, { ...SEES, maxOutputTokens: 32_768 }),
  chat('openai', 'gpt-4o-mini', 'GPT-4o mini', 128_000, 0.15, 0.6, { ...SEES, maxOutputTokens: 16_384 }),
  chat('openai', 'o4-mini', 'o4-mini', 200_000, 1.1, 4.4, { ...SEES, ...REASONS, maxOutputTokens: 100_000 }),
  chat('anthropic', 'claude-opus-5', 'Claude Opus 5', 200_000, 5, 25, { ...SEES, ...ONE_SAMPLER }),
  chat('anthropic', 'claude-sonnet-5', 'Claude Sonnet 5', 200_000, 3, 15, { ...SEES, ...ONE_SAMPLER }),
  chat('anthropic', 'claude-opus-4-8', 'Claude Opus 4.8', 200_000, 5, 25, { ...SEES, ...ONE_SAMPLER }),
  chat('anthropic', 'claude-sonnet-4-6', 'Claude Sonnet 4.6', 200_000, 3, 15, { ...SEES, ...ONE_SAMPLER, maxOutputTokens: 64_000 }),
  chat('anthropic', 'claude-haiku-4-5', 'Claude Haiku 4.5', 200_000, 1, 5, { ...SEES, ...ONE_SAMPLER, maxOutputTokens: 64_000 }),
  chat('google', 'gemini-3.1-pro-preview', 'Gemini 3.1 Pro (preview)', 1_048_576, 2, 12, { ...SEES, maxOutputTokens: 65_536 }),
  chat('google', 'gemini-3.5-flash', 'Gemini 3.5 Flash', 1_048_576, 0.5, 3, SEES),
  chat('google', 'gemini-3.5-flash-lite', 'Gemini 3.5 Flash-Lite', 1_048_576, 0.1, 0.4, SEES),
  chat('google', 'gemini-2.5-pro', 'Gemini 2.5 Pro', 1_048_576, 1.25, 10, { ...SEES, maxOutputTokens: 65_536 }),
  chat('google', 'gemini-2.5-flash', 'Gemini 2.5 Flash', 1_048_576, 0.3, 2.5, { ...SEES, maxOutputTokens: 65_536 }),
  chat('openai-compatible', 'llama3.2', 'Llama 3.2 (Ollama)', 128_000, 0, 0),
  chat('openai-compatible', 'llama-3.3-70b-versatile', 'Llama 3.3 70B (Groq)', 131_072, 0.59, 0.79, { maxOutputTokens: 32_768 }),
  chat('openai-compatible', 'mistral-large-latest', 'Mistral Large', 128_000, 2, 6),
  chat('openai-compatible', 'deepseek-chat', 'DeepSeek Chat', 128_000, 0.28, 0.42, { maxOutputTokens: 8_192 }),
  chat('local', 'webox-mini', 'Webox mini (offline)', 32_000, 0, 0, { offline: OFFLINE }),

  // Embeddings: USD per million input tokens.
  embedding('openai', 'text-embedding-3-small', 'OpenAI text-embedding-3-small', 0.02, { dimensions: 1536, requestDimensions: false }),
  embedding('openai', 'text-embedding-3-large', 'OpenAI text-embedding-3-large', 0.13, { dimensions: 3072, requestDimensions: false }),
  // Natively 3072 dimensions; 768 keeps nearly all of its retrieval quality (Google's own figures) at a quarter of the storage.
  embedding('google', 'gemini-embedding-001', 'Gemini Embedding 001', 0.15, { dimensions: 768, requestDimensions: true }),
  embedding('openai-compatible', 'nomic-embed-text', 'nomic-embed-text (Ollama)', 0, { dimensions: 768, requestDimensions: false, prefixes: { document: 'search_document: ', query: 'search_query: ' } }),

  // Generation: USD per image, per second, per 1 000 characters or per video.
  generator('image', 'local', 'webox-draw', 'Webox Draw (offline)', per('image', 0), { sizes: LOCAL_IMAGE_SIZES, maxCount: 4, styles: ['natural', 'vivid', 'pastel', 'dusk'] }, OFFLINE),
  generator('speech', 'local', 'webox-voice', 'Webox Voice (offline, eSpeak)', per('kchar', 0), { voices: ['neutral', 'warm', 'bright', 'calm'] }, OFFLINE),
  generator('music', 'local', 'webox-music', 'Webox Music bed (offline)', per('second', 0), { minSeconds: 5, maxSeconds: 180 }, OFFLINE),
  generator('video', 'local', 'webox-slideshow', 'Webox Slideshow (offline)', per('second', 0), { minSeconds: 2, maxSeconds: 60, aspectRatios: ['16:9', '9:16', '1:1'], startImage: true }, OFFLINE),
  // gpt-image-1 is billed by tokens: about $0.04 for a 1024x1024 image at the `medium` quality the adapter asks for.
  generator('image', 'openai', 'gpt-image-1', 'GPT Image 1', per('image', 0.04), { sizes: ['1024x1024', '1024x1536', '1536x1024'], maxCount: 4 }),
  // DALL-E 3 makes one image per call; the generation module calls it once per image. Standard quality, 1024x1024 price.
  generator('image', 'openai', 'dall-e-3', 'DALL-E 3', per('image', 0.04), { sizes: ['1024x1024', '1792x1024', '1024x1792'], maxCount: 4, styles: ['vivid', 'natural'] }),
  // Replicate's image models take an aspect ratio and make about a megapixel; the sizes name the ratios 1:1, 16:9, 9:16, 4:3, 3:4.
  generator('image', 'replicate', 'black-forest-labs/flux-schnell', 'FLUX.1 [schnell]', per('image', 0.003), { sizes: REPLICATE_IMAGE_SIZES, maxCount: 4 }),
  generator('image', 'replicate', 'stability-ai/stable-diffusion-3.5-large', 'Stable Diffusion 3.5 Large', per('image', 0.065), { sizes: REPLICATE_IMAGE_SIZES, maxCount: 4, negativePrompt: true }),
  // gpt-4o-mini-tts is billed by tokens (about $0.015 a minute of speech); the price per 1 000 characters is tts-1's.
  generator('speech', 'openai', 'gpt-4o-mini-tts', 'GPT-4o mini TTS', per('kchar', 0.015), { voices: OPENAI_VOICES }),
  generator('speech', 'openai', 'tts-1', 'OpenAI TTS-1', per('kchar', 0.015), { voices: OPENAI_VOICES }),
  // ElevenLabs sells characters by subscription; 0.30 per 1 000 is about the Creator plan's rate.
  generator('speech', 'elevenlabs', 'eleven_multilingual_v2', 'ElevenLabs Multilingual v2', per('kchar', 0.3), { voices: ['Rachel', 'Adam', 'Bella', 'Antoni', 'Elli', 'Josh'] }),
  // Speech to text (no offline model exists: STACK.md). USD per second: $0.003 and $0.006 a minute of audio.
  entry('openai', 'gpt-4o-mini-transcribe', 'GPT-4o mini Transcribe', { capabilities: ['transcription'], price: per('second', 0.00005) }),
  entry('openai', 'whisper-1', 'Whisper', { capabilities: ['transcription'], price: per('second', 0.0001) }),
  // MusicGen is billed by GPU time, not by output: this per-second price is an estimate from typical run times
  // on an A100 and MUST be checked against replicate.com/meta/musicgen before it is shown as a cost.
  generator('music', 'replicate', 'meta/musicgen', 'MusicGen (Meta)', per('second', 0.005), { minSeconds: 1, maxSeconds: 30 }),
  // MiniMax Video-01 makes 6-second 720p clips in 16:9, optionally from a first frame.
  generator('video', 'replicate', 'minimax/video-01', 'MiniMax Video-01 (Hailuo)', per('video', 0.5), { minSeconds: 6, maxSeconds: 6, aspectRatios: ['16:9'], startImage: true }),
];

export interface UnavailableGenerator {
  name: string;
  kind: GenerationKind;
  reason: string;
  /** The reason in French (the user's language when it is French). */
  reasonFr: string;
  alternatives: string[];
}

/** Asked for by users, but they offer no public API: said plainly, with what to use instead. */
export const UNAVAILABLE_GENERATORS: readonly UnavailableGenerator[] = [
  {
    name: 'Midjourney',
    kind: 'image',
    reason: 'Midjourney has no public API; it is used through Discord and its website only.',
    reasonFr: 'Midjourney n’a pas d’API publique ; il ne s’utilise que par Discord et son site web.',
    alternatives: ['replicate/black-forest-labs/flux-schnell', 'openai/gpt-image-1'],
  },
  { name: 'Suno', kind: 'music', reason: 'Suno offers no public API.', reasonFr: 'Suno ne propose pas d’API publique.', alternatives: ['replicate/meta/musicgen'] },
  { name: 'Udio', kind: 'music', reason: 'Udio offers no public API.', reasonFr: 'Udio ne propose pas d’API publique.', alternatives: ['replicate/meta/musicgen'] },
  { name: 'Pika', kind: 'video', reason: 'Pika offers no public API.', reasonFr: 'Pika ne propose pas d’API publique.', alternatives: ['replicate/minimax/video-01'] },
];

const BY_ID = new Map(MODEL_CATALOGUE.map((model) => [model.id, model]));

/**
 * The models added at run time: those of the OpenAI-compatible endpoints administrators added
 * (`ModelEndpoints` keeps them, loads them at start and replaces them on every instance when an
 * admin changes one). `findModel` and `modelsWith` read them after the static catalogue, so every
 * area — chat, agents, combinations, `/v1` — sees one catalogue without knowing where a model came from.
 */
let runtimeModels: readonly ModelInfo[] = [];
let runtimeById = new Map<string, ModelInfo>();

/** Replaces the run-time models (the endpoints' models, all of them, each id `endpoint/<slug>/<vendorModel>`). */
export function setRuntimeModels(models: readonly ModelInfo[]): void {
  runtimeModels = models.filter((model) => !BY_ID.has(model.id));
  runtimeById = new Map(runtimeModels.map((model) => [model.id, model]));
}

/** The id of an endpoint's model. */
export const endpointModelId = (slug: string, vendorModel: string): string => `endpoint/${slug}/${vendorModel}`;

/** A chat model of an administrator's endpoint (price in USD per million tokens; 0 = free). */
export function endpointChatModel(endpoint: { id: string; slug: string; name: string }, model: { vendorModel: string; name: string; contextTokens?: number | null; vision?: boolean; inputPerMTok?: number | null; outputPerMTok?: number | null }): ChatModel {
  return {
    id: endpointModelId(endpoint.slug, model.vendorModel),
    provider: 'openai-compatible',
    vendorModel: model.vendorModel,
    name: `${model.name} (${endpoint.name})`,
    capabilities: ['chat'],
    price: perToken(model.inputPerMTok ?? 0, model.outputPerMTok ?? 0),
    contextTokens: model.contextTokens ?? 128_000,
    vision: !!model.vision,
    sampling: 'both',
    endpoint: { id: endpoint.id, slug: endpoint.slug },
  };
}

const OPENAI_COMPATIBLE_ID = /^openai-compatible\/([A-Za-z0-9._:/-]{1,100})$/;

/**
 * An endpoint serves whatever models it has: any `openai-compatible/<model>` the catalogue does not
 * list (for that capability) can chat and embed, with a default context, unknown vectors and no price.
 */
function endpointModel(id: string): ModelInfo | undefined {
  const vendorModel = OPENAI_COMPATIBLE_ID.exec(id)?.[1];
  if (!vendorModel) return undefined;
  return entry('openai-compatible', vendorModel, vendorModel, {
    capabilities: ['chat', 'embedding'],
    price: perToken(0, 0),
    contextTokens: 128_000,
    vision: false,
    sampling: 'both',
    embedding: { dimensions: null, requestDimensions: false },
  });
}

/**
 * The one lookup: the catalogue entry for an id, or for any model of an OpenAI-compatible endpoint
 * an ad-hoc one. With a capability, only a model that has it (typed with that capability's fields).
 */
export function findModel(id: string): ModelInfo | undefined;
export function findModel<C extends ModelCapability>(id: string, capability: C): ModelOfCapability[C] | undefined;
export function findModel(id: string, capability?: ModelCapability): ModelInfo | undefined {
  const known = BY_ID.get(id) ?? runtimeById.get(id);
  if (known && (!capability || known.capabilities.includes(capability))) return known;
  if (known?.endpoint) return undefined;
  if (known && known.provider !== 'openai-compatible') return undefined;
  const adHoc = endpointModel(id);
  return adHoc && (!capability || adHoc.capabilities.includes(capability)) ? adHoc : undefined;
}

/**
 * A chat model as this deployment runs it: a model of the OpenAI-compatible endpoint that its
 * operator lists as taking images (`OPENAI_COMPATIBLE_VISION_MODELS`) gets `vision`.
 */
export function withEndpointVision<M extends ModelInfo>(model: M, visionModels: readonly string[]): M {
  return model.provider === 'openai-compatible' && !model.vision && visionModels.includes(model.vendorModel) ? { ...model, vision: true } : model;
}

/** The catalogue's models that have a capability, in catalogue order, then the endpoints' models. */
export function modelsWith<C extends ModelCapability>(...capabilities: C[]): Array<ModelOfCapability[C]> {
  return [...MODEL_CATALOGUE, ...runtimeModels].filter((model) => capabilities.some((capability) => model.capabilities.includes(capability))) as Array<ModelOfCapability[C]>;
}

/** The generation capability of a model that makes files (a model makes one kind). */
export function generationKindOf(model: ModelInfo): GenerationKind | undefined {
  return GENERATION_KINDS.find((kind) => model.capabilities.includes(kind));
}

/** Cost in US dollars of a call priced by tokens (a chat reply, an embedding batch). */
export function tokenCost(model: { price: TokenPrice }, usage: TokenUsage): number {
  return (usage.inputTokens * model.price.inputPerMTok + usage.outputTokens * model.price.outputPerMTok) / 1_000_000;
}

/** What one output priced per unit costs, from the catalogue's list price. */
export function unitCost(model: { price: UnitPrice }, amount: { images?: number; seconds?: number; characters?: number }): number {
  const { per: unit, usd } = model.price;
  switch (unit) {
    case 'image':
      return usd * (amount.images ?? 1);
    case 'second':
      return usd * (amount.seconds ?? 0);
    case 'kchar':
      return (usd * (amount.characters ?? 0)) / 1000;
    case 'video':
      return usd;
  }
}

/**
 * What one output of a vendor's model costs by the catalogue, for adapters that know only the vendor's
 * model name (`owner/name:version` counts as `owner/name`); 0 for a model the catalogue does not list.
 */
export function catalogueUnitCost(provider: GenerationProviderId, vendorModel: string, amount: { images?: number; seconds?: number; characters?: number }): number {
  const model = findModel(`${provider}/${vendorModel.split(':')[0]}`);
  return model && model.price.per !== 'token' ? unitCost({ price: model.price }, amount) : 0;
}

/** The names with words in them (the offline model's), in each language Webox speaks; the others are product names. */
const LOCALIZED_NAMES: Record<string, Record<UiLanguage, string>> = {
  'local/webox-mini': { en: 'Webox mini (offline)', fr: 'Webox mini (hors ligne)' },
};

/** A model's name as a user reads it in `language`. */
export const modelName = (model: ModelInfo, language: UiLanguage = 'en'): string => LOCALIZED_NAMES[model.id]?.[language] ?? model.name;
