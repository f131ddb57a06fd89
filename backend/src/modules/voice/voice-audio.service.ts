import { createHmac, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { GenerationRegistry } from '../../ai/generation-registry';
import { UsageService } from '../../ai/usage.service';
import { DomainError } from '../../common/domain-error';
import { deriveKey } from '../../common/secret-box';
import { AppConfig } from '../../config/app-config';
import { SPEECH_MODELS } from './voice-assistants.service';
import { VoiceAudio, type VoiceAssistant } from './voice.entities';
import { VoiceErrorCode } from './voice.errors';

export const AUDIO_PATH = '/api/voice/audio';
const SPEECH_TIMEOUT_MS = 6_000;

/**
 * The assistant's words spoken by a speech model of the generation layer, for `<Play>`: kept a short
 * while and served from a link signed with a key derived from WEBOX_SECRET_KEY (HMAC of id and expiry),
 * so Twilio fetches it without a login and nobody else can list or guess one.
 */
@Injectable()
export class VoiceAudioService {
  private readonly logger = new Logger(VoiceAudioService.name);
  private readonly key: Buffer;

  constructor(
    @InjectRepository(VoiceAudio) private readonly audio: Repository<VoiceAudio>,
    private readonly generation: GenerationRegistry,
    private readonly usage: UsageService,
    private readonly config: AppConfig,
  ) {
    this.key = deriveKey(config.secretKey, 'voice-audio');
  }

  /** A signed link to the text spoken in the assistant's voice, and what it cost; undefined when it is a Twilio `<Say>` voice or synthesis failed. */
  async speak(assistant: VoiceAssistant, text: string): Promise<{ url: string; costUsd: number } | undefined> {
    if (assistant.voiceProvider === 'twilio') return undefined;
    try {
      const model = this.generation.model(SPEECH_MODELS[assistant.voiceProvider], 'speech');
      const session = await this.generation.open(assistant.ownerId, model, 'speech');
      const asset = await session.adapter.synthesize({ model: model.vendorModel, text, voice: assistant.voiceName, language: assistant.language }, session.credentials, AbortSignal.timeout(SPEECH_TIMEOUT_MS));
      await this.usage.recordCost(assistant.ownerId, model.provider, model.id, asset.costUsd);
      const expiresAt = new Date(Date.now() - this.config.voice.audioLinkTtlSeconds * 1000);
      await this.audio.delete({ createdAt: LessThan(expiresAt) });
      const saved = await this.audio.save(this.audio.create({ ownerId: assistant.ownerId, mimeType: asset.mimeType, audio: asset.data }));
      return { url: this.link(saved.id), costUsd: asset.costUsd };
    } catch (error) {
      this.logger.warn({ err: error, assistantId: assistant.id }, 'Speech synthesis for a call failed; Twilio <Say> speaks instead');
      return undefined;
    }
  }

  /** The audio of a valid, unexpired link; 403 otherwise. */
  async fetch(id: string, expires: string | undefined, signature: string | undefined): Promise<VoiceAudio> {
    const refused = () => new DomainError('forbidden', VoiceErrorCode.VOICE_AUDIO_LINK_INVALID, 'This audio link is wrong or has expired');
    const expiry = Number(expires);
    if (!signature || !Number.isInteger(expiry) || expiry * 1000 < Date.now()) throw refused();
    const expected = Buffer.from(this.sign(id, expiry));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw refused();
    const audio = await this.audio.findOneBy({ id });
    if (!audio) throw refused();
    return audio;
  }

  private link(id: string): string {
    const expires = Math.floor(Date.now() / 1000) + this.config.voice.audioLinkTtlSeconds;
    return `${this.config.publicUrl ?? ''}${AUDIO_PATH}/${id}?expires=${expires}&signature=${this.sign(id, expires)}`;
  }

  private sign(id: string, expires: number): string {
    return createHmac('sha256', this.key).update(`${id}.${expires}`).digest('base64url');
  }
}
