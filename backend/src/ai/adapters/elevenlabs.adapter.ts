import type * as ElevenLabsSdk from '@elevenlabs/elevenlabs-js';
import type { FetchLike } from '../../outbound/ssrf';
import type { ProviderCredentials } from '../credentials';
import { DEFAULT_MAX_MEDIA_BYTES, readCapped } from './capped-read';
import { GeneratedAsset, SpeechModelProvider, SpeechRequest, SpeechStream } from '../generation-capabilities';
import { catalogueUnitCost } from '../models';
import { ProviderError, toProviderError } from '../provider-error';

/**
 * The SDK is loaded on first use: at start-up it cost about a second and a fifth of the idle heap
 * (its generated types and serialisers), for a vendor that most installations never call.
 */
let loaded: typeof ElevenLabsSdk | undefined;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const sdk = (): typeof ElevenLabsSdk => (loaded ??= require('@elevenlabs/elevenlabs-js') as typeof ElevenLabsSdk);

/** Loads the SDK now, so that a caller timing the vendor's answer does not time the module load. */
export const loadElevenLabsSdk = (): void => void sdk();

/** ElevenLabs' premade voices the catalogue offers by name; any other voice is taken as a voice id. */
export const ELEVENLABS_VOICE_IDS: Readonly<Record<string, string>> = {
  rachel: '21m00Tcm4TlvDq8ikWAM',
  adam: 'pNInz6obpgDQGcFmaJgB',
  bella: 'EXAVITQu4vr4xnSDxMaL',
  antoni: 'ErXwobaYiN019PkySvjV',
  elli: 'MF3mGyEYCl7XYWbV9V6O',
  josh: 'TxGEqnHWrfWFTfGW9XjX',
};

/** Only these models take a `language_code`; the others refuse one (they detect the language). */
const LANGUAGE_MODELS = /^eleven_(turbo|flash)_v2_5$/;

export function elevenLabsVoiceId(voice: string): string {
  return ELEVENLABS_VOICE_IDS[voice.toLowerCase()] ?? voice;
}

/** The SDK names the status `statusCode` and puts ElevenLabs' `{ detail: { message } }` in `body`. */
function readable(error: unknown): unknown {
  if (!loaded || !(error instanceof loaded.ElevenLabsError) || error.statusCode === undefined) return error;
  const detail = (error.body as { detail?: unknown } | undefined)?.detail;
  const message = typeof detail === 'string' ? detail : Array.isArray(detail) ? detail.map((item: { msg?: string }) => item.msg).join('; ') : (detail as { message?: string } | undefined)?.message;
  return { status: error.statusCode, message: message ?? error.message };
}

/**
 * The SDK (2.x) clears its request timer only when fetch resolves: a fetch that rejects (an abort, a refused
 * connection) leaves that timer running for `timeoutInSeconds`, holding the process (and Jest) open, and its
 * own timeout rejects with the bare string 'timeout'. So this fetch always resolves (a stand-in 599 the SDK
 * turns into an error) and keeps the real failure for the adapter to report.
 */
class SettlingFetch {
  failure: unknown;

  constructor(
    private readonly signal: AbortSignal,
    private readonly transport: FetchLike = fetch,
  ) {}

  readonly fetch: typeof fetch = async (input, init) => {
    try {
      return await this.transport(input, init);
    } catch (error) {
      const timedOut = init?.signal?.aborted && !this.signal.aborted;
      this.failure = timedOut ? new ProviderError('elevenlabs', 'timeout', 'ElevenLabs did not answer in time') : error;
      return new Response(null, { status: 599 });
    }
  };
}

/** Text to speech through the official SDK, as an MP3 (44.1 kHz, 128 kbps); retries are ours. */
export class ElevenLabsSpeechAdapter extends SpeechModelProvider {
  readonly provider = 'elevenlabs' as const;

  constructor(private readonly maxBytes = DEFAULT_MAX_MEDIA_BYTES) {
    super();
  }

  async synthesize(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    const transport = new SettlingFetch(signal, credentials.guardedFetch);
    const client = new (sdk().ElevenLabsClient)({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl, maxRetries: 0, timeoutInSeconds: 180, fetch: transport.fetch });
    const language = request.language && LANGUAGE_MODELS.test(request.model) ? request.language.split('-')[0] : undefined;
    try {
      const audio = await client.textToSpeech.convert(
        elevenLabsVoiceId(request.voice),
        { text: request.text, modelId: request.model, outputFormat: 'mp3_44100_128', ...(language ? { languageCode: language } : {}) },
        { abortSignal: signal, maxRetries: 0 },
      );
      const data = await readCapped(audio, this.maxBytes, this.provider, 'the audio');
      if (data.length === 0) throw new ProviderError(this.provider, 'unknown', 'ElevenLabs answered without audio');
      return { data, mimeType: 'audio/mpeg', extension: 'mp3', costUsd: catalogueUnitCost(this.provider, request.model, { characters: request.text.length }) };
    } catch (error) {
      throw toProviderError(this.provider, transport.failure ?? readable(error), signal, credentials);
    }
  }

  /** `/stream` with `output_format=ulaw_8000`: the telephone's own format, played as it arrives with no conversion. */
  async stream(request: SpeechRequest, credentials: ProviderCredentials, signal: AbortSignal): Promise<SpeechStream> {
    const transport = new SettlingFetch(signal, credentials.guardedFetch);
    const client = new (sdk().ElevenLabsClient)({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl, maxRetries: 0, timeoutInSeconds: 180, fetch: transport.fetch });
    const language = request.language && LANGUAGE_MODELS.test(request.model) ? request.language.split('-')[0] : undefined;
    try {
      const body = await client.textToSpeech.stream(
        elevenLabsVoiceId(request.voice),
        { text: request.text, modelId: request.model, outputFormat: 'ulaw_8000', ...(language ? { languageCode: language } : {}) },
        { abortSignal: signal, maxRetries: 0 },
      );
      const provider = this.provider;
      const chunks = async function* (): AsyncIterable<Uint8Array> {
        try {
          for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) yield chunk;
        } catch (error) {
          throw toProviderError(provider, transport.failure ?? readable(error), signal, credentials);
        }
      };
      return { encoding: 'ulaw', sampleRate: 8_000, chunks: chunks(), costUsd: catalogueUnitCost(this.provider, request.model, { characters: request.text.length }) };
    } catch (error) {
      throw toProviderError(this.provider, transport.failure ?? readable(error), signal, credentials);
    }
  }
}

/** Verifies a key as it is saved with the cheapest authenticated call: the model list. */
export async function verifyElevenLabsKey(credentials: ProviderCredentials, signal: AbortSignal): Promise<void> {
  const transport = new SettlingFetch(signal, credentials.guardedFetch);
  const client = new (sdk().ElevenLabsClient)({ apiKey: credentials.apiKey, baseUrl: credentials.baseUrl, maxRetries: 0, timeoutInSeconds: 30, fetch: transport.fetch });
  try {
    await client.models.list({ abortSignal: signal, maxRetries: 0 });
  } catch (error) {
    throw toProviderError('elevenlabs', transport.failure ?? readable(error), signal, credentials);
  }
}
