import sharp from 'sharp';
import { renderSlideshow } from '../../rendering/slideshow';
import { parseWav } from '../audio-codec';
import type { ProviderCredentials } from '../credentials';
import {
  GeneratedAsset,
  ImageModelProvider,
  ImageRequest,
  MusicModelProvider,
  MusicRequest,
  SpeechModelProvider,
  SpeechRequest,
  SpeechStream,
  VideoModelProvider,
  VideoRequest,
} from '../generation-capabilities';
import { ProviderError } from '../provider-error';
import { composeMusicBed, drawPicture } from './local-media';
import { speakOffline } from './local-speech';

/**
 * The offline `local` provider's generators (see local-media.ts): every Generation tab works with
 * no key and no network. Outputs are labelled offline by the generation module.
 */
const STYLE_SEED: Record<string, number> = { natural: 0, vivid: 11, pastel: 23, dusk: 37 };

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw new ProviderError('local', 'aborted', 'Local (offline): cancelled');
}

export class LocalImageAdapter extends ImageModelProvider {
  readonly provider = 'local' as const;

  async generate(request: ImageRequest, _credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    throwIfAborted(signal);
    const data = await drawPicture(request.prompt, request.width, request.height, (request.seed ?? 0) + (STYLE_SEED[request.style ?? 'natural'] ?? 0), request.style);
    return { data, mimeType: 'image/png', extension: 'png', costUsd: 0 };
  }
}

export class LocalSpeechAdapter extends SpeechModelProvider {
  readonly provider = 'local' as const;

  async synthesize(request: SpeechRequest, _credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    throwIfAborted(signal);
    return { data: await speakOffline(request.text, request.voice, request.language, signal), mimeType: 'audio/wav', extension: 'wav', costUsd: 0 };
  }

  /** eSpeak speaks the whole text at once: its samples handed over in 100 ms pieces. */
  async stream(request: SpeechRequest, _credentials: ProviderCredentials, signal: AbortSignal): Promise<SpeechStream> {
    throwIfAborted(signal);
    const wav = parseWav(await speakOffline(request.text, request.voice, request.language, signal));
    if (!wav) throw new ProviderError('local', 'unknown', 'Local (offline): the offline voice produced no PCM audio');
    const bytes = Buffer.from(wav.samples.buffer, wav.samples.byteOffset, wav.samples.byteLength);
    const piece = Math.round(wav.sampleRate / 10) * 2;
    const chunks = async function* (): AsyncIterable<Uint8Array> {
      for (let offset = 0; offset < bytes.length && !signal.aborted; offset += piece) yield bytes.subarray(offset, offset + piece);
    };
    return { encoding: 'pcm16', sampleRate: wav.sampleRate, chunks: chunks(), costUsd: 0 };
  }
}

export class LocalMusicAdapter extends MusicModelProvider {
  readonly provider = 'local' as const;

  async compose(request: MusicRequest, _credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    throwIfAborted(signal);
    return { data: composeMusicBed(request.prompt, request.durationSeconds), mimeType: 'audio/wav', extension: 'wav', costUsd: 0 };
  }
}

const FRAME: Record<VideoRequest['aspectRatio'], { width: number; height: number }> = {
  '16:9': { width: 1280, height: 720 },
  '9:16': { width: 720, height: 1280 },
  '1:1': { width: 960, height: 960 },
};

/** A slideshow of pictures drawn from the prompt (the start image first), with a slow pan and zoom. */
export class LocalVideoAdapter extends VideoModelProvider {
  readonly provider = 'local' as const;

  async render(request: VideoRequest, _credentials: ProviderCredentials, signal: AbortSignal): Promise<GeneratedAsset> {
    throwIfAborted(signal);
    const { width, height } = FRAME[request.aspectRatio];
    const slides = Math.max(1, Math.min(8, Math.round(request.durationSeconds / 3)));
    const images: Buffer[] = [];
    if (request.startImage) images.push(await sharp(request.startImage.data).rotate().png().toBuffer());
    for (let index = images.length; index < slides; index++) images.push(await drawPicture(request.prompt, width, height, (request.seed ?? 0) + index));
    const durationSeconds = request.durationSeconds / images.length;
    try {
      const data = await renderSlideshow(
        images.map((image) => ({ image, durationSeconds })),
        { width, height, signal },
      );
      return { data, mimeType: 'video/mp4', extension: 'mp4', costUsd: 0 };
    } catch (error) {
      throwIfAborted(signal);
      throw new ProviderError('local', 'unknown', `Local (offline): the slideshow could not be assembled: ${(error as Error).message}`);
    }
  }
}
