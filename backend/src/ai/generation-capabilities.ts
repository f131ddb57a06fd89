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

/**
 * Speech as it is being made, for a phone call: raw audio (no container to wait for), read chunk by chunk
 * as the vendor sends it. `ulaw` is G.711 μ-law; `pcm16` signed 16-bit little-endian mono.
 */
export interface SpeechStream {
  encoding: 'ulaw' | 'pcm16';
  sampleRate: number;
  chunks: AsyncIterable<Uint8Array>;
  costUsd: number;
}

export abstract class SpeechModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract synthesize(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
  /** The same speech streamed raw, in the format closest to the telephone's (μ-law 8 kHz when the vendor has it); aborting `signal` stops the vendor's stream. */
  abstract stream(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<SpeechStream>;
}

export abstract class MusicModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract compose(request: MusicRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}

export abstract class VideoModelProvider {
  abstract readonly provider: GenerationProviderId;
  abstract render(request: VideoRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset>;
}

/** Audio to transcribe: the bytes as recorded (webm, ogg, mp3, wav, m4a...), whole, and the name that tells the vendor the format. */
export interface TranscriptionRequest {
  model: string;
  audio: Buffer;
  fileName: string;
  mimeType: string;
  /** ISO 639-1 language of the speech (`en`, `fr`); the vendor detects it when absent. */
  language?: string;
}

export interface Transcript {
  text: string;
  /** Seconds of audio the vendor billed, when it says (models billed by duration). */
  durationSeconds?: number;
  /** US dollars, from the catalogue's price per second; 0 when the vendor did not say how long the audio was. */
  costUsd: number;
}

/** Speech to text (DESIGN.md section 4: `TranscriptionModel`). Only OpenAI offers it here: no model ships offline. */
export abstract class TranscriptionModelProvider {
  abstract readonly provider: 'openai';
  abstract transcribe(request: TranscriptionRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<Transcript>;
}
