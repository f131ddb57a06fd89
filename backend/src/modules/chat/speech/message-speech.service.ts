import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GenerationRegistry } from '../../../ai/generation-registry';
import { retryCall } from '../../../ai/retry';
import { UsageService } from '../../../ai/usage.service';
import { AuthUser } from '../../../common/auth.decorators';
import { DomainError, notFound } from '../../../common/domain-error';
import { CommonErrorCode } from '../../../common/error-codes';
import { ChatMessage } from '../chat-message.entity';
import { ChatMessageSpeech } from '../chat-message-speech.entity';
import { ChatErrorCode } from '../chat.errors';
import { MAX_SPEECH_CHARS, SpeakMessageDto } from '../dto/chat.dto';
import { capSpeech, speakableText } from './speakable-text';

/** The voice that needs no key: every reply can be read aloud on a fresh install. */
export const DEFAULT_SPEECH_MODEL = 'local/webox-voice';
const SPEECH_TIMEOUT_MS = 60_000;

export interface SpokenMessage {
  audio: Buffer;
  mimeType: string;
  /** Whether this reading was kept from an earlier one (nothing was paid for it). */
  cached: boolean;
}

/**
 * Read-aloud of a chat message: its text without the Markdown, capped at MAX_SPEECH_CHARS, spoken
 * by a speech model of the generation layer at once (no job: a reply is short), and kept per
 * message, model, voice and language so that a second play is free.
 */
@Injectable()
export class MessageSpeechService {
  constructor(
    @InjectRepository(ChatMessage) private readonly messages: Repository<ChatMessage>,
    @InjectRepository(ChatMessageSpeech) private readonly speech: Repository<ChatMessageSpeech>,
    private readonly registry: GenerationRegistry,
    private readonly usage: UsageService,
  ) {}

  async speak(user: AuthUser, messageId: string, dto: SpeakMessageDto): Promise<SpokenMessage> {
    const message = await this.messages.findOneBy({ id: messageId, ownerId: user.id });
    if (!message) throw notFound(ChatErrorCode.MESSAGE_NOT_FOUND, 'Message');
    const model = this.registry.model(dto.model ?? DEFAULT_SPEECH_MODEL, 'speech');
    const voice = dto.voice ?? model.speech.voices[0]!;
    if (!model.speech.voices.includes(voice)) {
      throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'Invalid request: voice', [{ field: 'voice', message: `${model.name} voices are ${model.speech.voices.join(', ')}` }]);
    }
    const language = (dto.language ?? 'en').toLowerCase();
    const key = { messageId, model: model.id, voice: `${voice}@${language}` };
    const kept = await this.speech.findOneBy(key);
    if (kept) return { audio: kept.audio, mimeType: kept.mimeType, cached: true };

    // Markup takes room: a few times the cap of text is more than enough to speak from.
    const text = capSpeech(speakableText(message.content.slice(0, MAX_SPEECH_CHARS * 4)), MAX_SPEECH_CHARS);
    if (!/[\p{L}\p{N}]/u.test(text)) throw new DomainError('invalid', ChatErrorCode.NOTHING_TO_SPEAK, 'This message has no text to read aloud');
    const session = await this.registry.open(user.id, model, 'speech');
    const signal = AbortSignal.timeout(SPEECH_TIMEOUT_MS);
    const asset = await retryCall(() => session.adapter.synthesize({ model: model.vendorModel, text, voice, language }, session.credentials, signal), signal);
    await this.usage.recordCost(user.id, model.provider, model.id, asset.costUsd);
    await this.speech.upsert({ ...key, mimeType: asset.mimeType, audio: asset.data }, ['messageId', 'model', 'voice']);
    return { audio: asset.data, mimeType: asset.mimeType, cached: false };
  }
}
