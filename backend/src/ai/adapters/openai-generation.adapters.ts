import OpenAI, { toFile } from 'openai';
import { type ProviderCredentials, sdkFetch } from '../credentials';
import { DEFAULT_MAX_MEDIA_BYTES, readCapped, tooLarge } from './capped-read';
import { GeneratedAsset, ImageModelProvider, ImageRequest, SpeechModelProvider, SpeechRequest, SpeechStream, Transcript, TranscriptionModelProvider, TranscriptionRequest } from '../generation-capabilities';
import { catalogueUnitCost, findModel, unitCost } from '../models';
import { ProviderError, toProviderError } from '../provider-error';

/** OpenAI's image generation (DALL-E 3, gpt-image-1) and text to speech, through the official SDK; retries are ours. */

const DALL_E_3_STYLES = new Set(['vivid', 'natural']);

const PNG = { mimeType: 'image/png', extension: 'png' };
const IMAGE_TYPES: Record<string, { mimeType: string; extension: string }> = {
  png: PNG,
  webp: { mimeType: 'image/webp', extension: 'webp' },
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
};

function openai(credentials: ProviderCredentials): OpenAI {
  // Images and long voice-overs take a while; the caller's signal cuts them shorter when the job is cancelled.
  return new OpenAI({ apiKey: credentials.apiKey, baseURL: credentials.baseUrl, maxRetries: 0, timeout: 180_000, ...sdkFetch(credentials) });
}

/** One image per call. DALL-E answers a URL unless asked for base64; gpt-image models always answer base64. */
export class OpenAIImageAdapter extends ImageModelProvider {
  readonly provider = 'openai' as const;

  constructor(private readonly maxBytes = DEFAULT_MAX_MEDIA_BYTES) {
    super();
  }

  async generate(request: ImageRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    const dallE = request.model.startsWith('dall-e');
    const style = request.model === 'dall-e-3' && request.style && DALL_E_3_STYLES.has(request.style) ? request.style : undefined;
    try {
      const response = await openai(credentials).images.generate(
        {
          model: request.model,
          prompt: request.prompt,
          n: 1,
          size: `${request.width}x${request.height}`,
          // gpt-image refuses `response_format`; `medium` quality is the one its catalogue price is for.
          ...(dallE ? { response_format: 'b64_json' as const } : { quality: 'medium' as const }),
          ...(style ? { style: style as 'vivid' | 'natural' } : {}),
        },
        { signal },
      );
      const image = response.data?.[0]?.b64_json;
      if (!image) throw new ProviderError(this.provider, 'unknown', 'OpenAI answered without an image');
      // Base64 holds 3 bytes in 4 characters: checked before decoding a second copy.
      if ((image.length / 4) * 3 > this.maxBytes) throw tooLarge(this.provider, 'the image', this.maxBytes);
      const type = IMAGE_TYPES[response.output_format ?? 'png'] ?? PNG;
      return { data: Buffer.from(image, 'base64'), ...type, costUsd: catalogueUnitCost(this.provider, request.model, { images: 1 }) };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }
}

/** Text to speech as MP3 (tts-1, tts-1-hd, gpt-4o-mini-tts); the voice is OpenAI's own name (alloy, nova, ...). */
export class OpenAISpeechAdapter extends SpeechModelProvider {
  readonly provider = 'openai' as const;

  constructor(private readonly maxBytes = DEFAULT_MAX_MEDIA_BYTES) {
    super();
  }

  async synthesize(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    try {
      const response = await openai(credentials).audio.speech.create({ model: request.model, input: request.text, voice: request.voice, response_format: 'mp3' }, { signal });
      const data = await readCapped(response.body, this.maxBytes, this.provider, 'the audio');
      if (data.length === 0) throw new ProviderError(this.provider, 'unknown', 'OpenAI answered without audio');
      return { data, mimeType: 'audio/mpeg', extension: 'mp3', costUsd: catalogueUnitCost(this.provider, request.model, { characters: request.text.length }) };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }

  /** `response_format: pcm`: raw 24 kHz PCM16, streamed as OpenAI makes it (the first bytes come before the last are spoken). */
  async stream(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<SpeechStream> {
    try {
      const response = await openai(credentials).audio.speech.create({ model: request.model, input: request.text, voice: request.voice, response_format: 'pcm' }, { signal });
      if (!response.body) throw new ProviderError(this.provider, 'unknown', 'OpenAI answered without audio');
      return { encoding: 'pcm16', sampleRate: 24_000, chunks: guardedChunks(response.body, this.provider, signal, credentials), costUsd: catalogueUnitCost(this.provider, request.model, { characters: request.text.length }) };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }
}

/** A vendor's body read chunk by chunk, its failures mapped to ProviderError like the rest of the adapter's. */
async function* guardedChunks(body: ReadableStream<Uint8Array>, provider: 'openai', signal: AbortSignal, credentials: ProviderCredentials): AsyncIterable<Uint8Array> {
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    throw toProviderError(provider, error, signal, credentials);
  }
}

/**
 * Speech to text (gpt-4o-mini-transcribe, gpt-4o-transcribe, whisper-1) through `audio.transcriptions.create`:
 * one recording sent whole as multipart, plain `json` answered. Whisper says how many seconds it billed
 * (`usage.type: duration`), which prices the call; a model billed by tokens is priced by the length
 * the vendor reports when it does, else 0 (the catalogue's per-second price has nothing to apply to).
 */
export class OpenAITranscriptionAdapter extends TranscriptionModelProvider {
  readonly provider = 'openai' as const;

  async transcribe(request: TranscriptionRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<Transcript> {
    try {
      const file = await toFile(request.audio, request.fileName, { type: request.mimeType });
      const response = await openai(credentials).audio.transcriptions.create(
        { file, model: request.model, response_format: 'json', ...(request.language ? { language: request.language } : {}) },
        { signal },
      );
      if (typeof response.text !== 'string') throw new ProviderError(this.provider, 'unknown', 'OpenAI answered without a transcript');
      const seconds = response.usage?.type === 'duration' ? response.usage.seconds : undefined;
      const model = findModel(`openai/${request.model}`);
      const costUsd = seconds !== undefined && model && model.price.per !== 'token' ? unitCost({ price: model.price }, { seconds }) : 0;
      return { text: response.text.trim(), ...(seconds !== undefined ? { durationSeconds: seconds } : {}), costUsd };
    } catch (error) {
      throw toProviderError(this.provider, error, signal, credentials);
    }
  }
}
