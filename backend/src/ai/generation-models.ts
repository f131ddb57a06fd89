import type { GenerationProviderId } from './generation-capabilities';

export type GenerationKind = 'image' | 'speech' | 'music' | 'video';

export interface GenerationModelInfo {
  /** `provider/model`, the id clients use. */
  id: string;
  provider: GenerationProviderId;
  vendorModel: string;
  name: string;
  kind: GenerationKind;
  /** Made on this machine with no model (labelled offline wherever it shows). */
  offline?: boolean;
  /** Images: `WIDTHxHEIGHT` sizes the model makes. */
  sizes?: string[];
  /** Images: at most this many per job. */
  maxCount?: number;
  styles?: string[];
  negativePrompt?: boolean;
  /** Speech: the voices, by the name the vendor knows them. */
  voices?: string[];
  /** Music and video: the durations the model accepts, in seconds. */
  minSeconds?: number;
  maxSeconds?: number;
  aspectRatios?: Array<'16:9' | '9:16' | '1:1'>;
  /** Video: can start from an image of the media library. */
  startImage?: boolean;
  /** US dollars per image, per second of audio or video, or per 1 000 characters of speech. */
  price: number;
  priceUnit: 'image' | 'second' | 'kchar' | 'video';
}

const LOCAL_IMAGE_SIZES = ['512x512', '768x768', '1024x1024', '1024x1536', '1536x1024', '1080x1920', '1920x1080'];
const REPLICATE_IMAGE_SIZES = ['1024x1024', '1344x768', '768x1344', '1152x864', '864x1152'];
const OPENAI_VOICES = ['alloy', 'ash', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer'];

/**
 * The generation models Webox offers, with list prices as published when this list was last
 * edited (check them against the vendors' pages). Vendors with no public API (Midjourney, Suno,
 * Udio, Pika) are not here: see UNAVAILABLE_GENERATORS.
 */
export const GENERATION_MODELS: readonly GenerationModelInfo[] = [
  { id: 'local/webox-draw', provider: 'local', vendorModel: 'webox-draw', name: 'Webox Draw (offline)', kind: 'image', offline: true, sizes: LOCAL_IMAGE_SIZES, maxCount: 4, styles: ['natural', 'vivid', 'pastel', 'dusk'], price: 0, priceUnit: 'image' },
  { id: 'local/webox-voice', provider: 'local', vendorModel: 'webox-voice', name: 'Webox Voice (offline, eSpeak)', kind: 'speech', offline: true, voices: ['neutral', 'warm', 'bright', 'calm'], price: 0, priceUnit: 'kchar' },
  { id: 'local/webox-music', provider: 'local', vendorModel: 'webox-music', name: 'Webox Music bed (offline)', kind: 'music', offline: true, minSeconds: 5, maxSeconds: 180, price: 0, priceUnit: 'second' },
  { id: 'local/webox-slideshow', provider: 'local', vendorModel: 'webox-slideshow', name: 'Webox Slideshow (offline)', kind: 'video', offline: true, minSeconds: 2, maxSeconds: 60, aspectRatios: ['16:9', '9:16', '1:1'], startImage: true, price: 0, priceUnit: 'second' },
  // gpt-image-1 is billed by tokens: about $0.04 for a 1024x1024 image at the `medium` quality the adapter asks for.
  { id: 'openai/gpt-image-1', provider: 'openai', vendorModel: 'gpt-image-1', name: 'GPT Image 1', kind: 'image', sizes: ['1024x1024', '1024x1536', '1536x1024'], maxCount: 4, price: 0.04, priceUnit: 'image' },
  // DALL-E 3 makes one image per call; the generation module calls it once per image. Standard quality, 1024x1024 price.
  { id: 'openai/dall-e-3', provider: 'openai', vendorModel: 'dall-e-3', name: 'DALL-E 3', kind: 'image', sizes: ['1024x1024', '1792x1024', '1024x1792'], maxCount: 4, styles: ['vivid', 'natural'], price: 0.04, priceUnit: 'image' },
  // Replicate's image models take an aspect ratio and make about a megapixel; the sizes name the ratios 1:1, 16:9, 9:16, 4:3, 3:4.
  { id: 'replicate/black-forest-labs/flux-schnell', provider: 'replicate', vendorModel: 'black-forest-labs/flux-schnell', name: 'FLUX.1 [schnell]', kind: 'image', sizes: REPLICATE_IMAGE_SIZES, maxCount: 4, price: 0.003, priceUnit: 'image' },
  { id: 'replicate/stability-ai/stable-diffusion-3.5-large', provider: 'replicate', vendorModel: 'stability-ai/stable-diffusion-3.5-large', name: 'Stable Diffusion 3.5 Large', kind: 'image', sizes: REPLICATE_IMAGE_SIZES, maxCount: 4, negativePrompt: true, price: 0.065, priceUnit: 'image' },
  // gpt-4o-mini-tts is billed by tokens (about $0.015 a minute of speech); the price per 1 000 characters is tts-1's.
  { id: 'openai/gpt-4o-mini-tts', provider: 'openai', vendorModel: 'gpt-4o-mini-tts', name: 'GPT-4o mini TTS', kind: 'speech', voices: OPENAI_VOICES, price: 0.015, priceUnit: 'kchar' },
  { id: 'openai/tts-1', provider: 'openai', vendorModel: 'tts-1', name: 'OpenAI TTS-1', kind: 'speech', voices: OPENAI_VOICES, price: 0.015, priceUnit: 'kchar' },
  // ElevenLabs sells characters by subscription; 0.30 per 1 000 is about the Creator plan's rate.
  { id: 'elevenlabs/eleven_multilingual_v2', provider: 'elevenlabs', vendorModel: 'eleven_multilingual_v2', name: 'ElevenLabs Multilingual v2', kind: 'speech', voices: ['Rachel', 'Adam', 'Bella', 'Antoni', 'Elli', 'Josh'], price: 0.3, priceUnit: 'kchar' },
  // MusicGen is billed by GPU time, not by output: this per-second price is an estimate from typical run times
  // on an A100 and MUST be checked against replicate.com/meta/musicgen before it is shown as a cost.
  { id: 'replicate/meta/musicgen', provider: 'replicate', vendorModel: 'meta/musicgen', name: 'MusicGen (Meta)', kind: 'music', minSeconds: 1, maxSeconds: 30, price: 0.005, priceUnit: 'second' },
  // MiniMax Video-01 makes 6-second 720p clips in 16:9, optionally from a first frame.
  { id: 'replicate/minimax/video-01', provider: 'replicate', vendorModel: 'minimax/video-01', name: 'MiniMax Video-01 (Hailuo)', kind: 'video', minSeconds: 6, maxSeconds: 6, aspectRatios: ['16:9'], startImage: true, price: 0.5, priceUnit: 'video' },
];

export interface UnavailableGenerator {
  name: string;
  kind: GenerationKind;
  reason: string;
  alternatives: string[];
}

/** Asked for by users, but they offer no public API: said plainly, with what to use instead. */
export const UNAVAILABLE_GENERATORS: readonly UnavailableGenerator[] = [
  { name: 'Midjourney', kind: 'image', reason: 'Midjourney has no public API; it is used through Discord and its website only.', alternatives: ['replicate/black-forest-labs/flux-schnell', 'openai/gpt-image-1'] },
  { name: 'Suno', kind: 'music', reason: 'Suno offers no public API.', alternatives: ['replicate/meta/musicgen'] },
  { name: 'Udio', kind: 'music', reason: 'Udio offers no public API.', alternatives: ['replicate/meta/musicgen'] },
  { name: 'Pika', kind: 'video', reason: 'Pika offers no public API.', alternatives: ['replicate/minimax/video-01'] },
];

export function findGenerationModel(id: string): GenerationModelInfo | undefined {
  return GENERATION_MODELS.find((model) => model.id === id);
}

/**
 * What one output of a vendor's model costs by the catalogue, for adapters that know only the vendor's
 * model name (`owner/name:version` counts as `owner/name`); 0 for a model the catalogue does not list.
 */
export function catalogueCost(provider: GenerationProviderId, vendorModel: string, amount: { images?: number; seconds?: number; characters?: number }): number {
  const model = findGenerationModel(`${provider}/${vendorModel.split(':')[0]}`);
  return model ? generationCost(model, amount) : 0;
}

/** What one output costs, from the catalogue's list price. */
export function generationCost(model: GenerationModelInfo, amount: { images?: number; seconds?: number; characters?: number }): number {
  switch (model.priceUnit) {
    case 'image':
      return model.price * (amount.images ?? 1);
    case 'second':
      return model.price * (amount.seconds ?? 0);
    case 'kchar':
      return (model.price * (amount.characters ?? 0)) / 1000;
    case 'video':
      return model.price;
  }
}
