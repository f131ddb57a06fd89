import type { ProviderCredentials } from './credentials';

/**
 * The generation capabilities of the provider layer (DESIGN.md section 4): images, speech,
 * music and video. Each adapter makes ONE output per call (the generation module runs several
 * in parallel and so knows which of four images failed), honours `signal`, and throws only
 * `ProviderError`.
 */
export type GenerationProviderId = 'openai' | 'replicate' | 'elevenlabs' | 'local';

/** One produced file, as bytes with the type the vendor returned (checked again on save). */
export interface GeneratedAsset {
  data: Buffer;
  mimeType: string;
  /** Suggested extension without the dot: png, webp, mp3, wav, mp4. */
  extension: string;
  /** What this output cost in US dollars when the vendor or the catalogue says; 0 when free. */
  costUsd: number;
}

export interface ImageRequest {
  /** The vendor's own model name (for Replicate, `owner/name` or `owner/name:version`). */
  model: string;
  prompt: string;
  width: number;
  height: number;
  style?: string;
  negativePrompt?: string;
  /** Reproducible outputs where the model supports it (always for `local`). */
  seed?: number;
}

export interface SpeechRequest {
  model: string;
  text: string;
  voice: string;
  /** BCP 47 language of the text (used by voices that need it, and by the offline voice). */
  language?: string;
}

export interface MusicRequest {
  model: string;
  prompt: string;
  durationSeconds: number;
}

export interface VideoRequest {
  model: string;
  prompt: string;
  durationSeconds: number;
  aspectRatio: '16:9' | '9:16' | '1:1';
  /** A first frame from the media library. */
  startImage?: { data: Buffer; mimeType: string };
  seed?: number;
}

export abstract class ImageModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract generate(request: ImageRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}

export abstract class SpeechModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract synthesize(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}

export abstract class MusicModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract compose(request: MusicRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}

export abstract class VideoModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract render(request: VideoRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}
