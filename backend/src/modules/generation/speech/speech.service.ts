import { Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AuthUser } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { GenerationRegistry } from '../../../ai/generation-registry';
import { UsageService } from '../../../ai/usage.service';
import { GenerationErrorCode } from '../generation.errors';
import { AudioUploadHeaders, MAX_AUDIO_BYTES, receiveAudio } from './audio-upload';
import { SpeechCapabilitiesDto, TranscribeQueryDto, TranscriptionDto } from './dto/speech.dto';

/** The types a recording may be sent as (the chat's dictation, the voice page's test call). */
const ACCEPTED_TYPES = ['audio/webm', 'audio/ogg', 'audio/mpeg', 'audio/wav', 'audio/mp4', 'audio/flac'];

/** A transcription longer than this is abandoned (25 MB of audio takes OpenAI well under a minute). */
const TRANSCRIPTION_TIMEOUT_MS = 120_000;

/**
 * Speech to text for the dashboard: one recording in, its text out, through the provider layer's
 * transcription adapter (OpenAI only: no model runs offline). Priced and recorded like any generation.
 */
@Injectable()
export class SpeechService {
  constructor(
    private readonly registry: GenerationRegistry,
    private readonly usage: UsageService,
  ) {}

  async capabilities(user: AuthUser): Promise<SpeechCapabilitiesDto> {
    const lookup = await this.registry.transcriptionLookup(user.id, this.registry.transcriptionModel());
    return {
      transcription: { available: lookup.available, model: lookup.model.id, ...(lookup.available ? {} : { reason: lookup.reason }), maxBytes: MAX_AUDIO_BYTES, acceptedTypes: ACCEPTED_TYPES },
    };
  }

  /** Checks the model and the key before reading the upload, so a user with no key is told at once. */
  async transcribe(user: AuthUser, query: TranscribeQueryDto, body: Readable, headers: AudioUploadHeaders): Promise<TranscriptionDto> {
    let model;
    try {
      model = this.registry.transcriptionModel(query.model);
      const lookup = await this.registry.transcriptionLookup(user.id, model);
      if (!lookup.available) throw new DomainError('invalid', GenerationErrorCode.TRANSCRIPTION_NEEDS_OPENAI_KEY, `Speech to text needs an OpenAI API key: ${lookup.reason}`);
    } catch (error) {
      body.resume();
      throw error;
    }
    const audio = await receiveAudio(body, headers);
    const session = await this.registry.openTranscription(user.id, model);
    const language = query.language?.slice(0, 2).toLowerCase();
    const transcript = await session.adapter.transcribe(
      { model: model.vendorModel, audio: audio.data, fileName: audio.fileName, mimeType: audio.mimeType, ...(language ? { language } : {}) },
      session.credentials,
      AbortSignal.timeout(TRANSCRIPTION_TIMEOUT_MS),
    );
    await this.usage.recordCost(user.id, model.provider, model.id, transcript.costUsd);
    return { text: transcript.text, model: model.id, ...(transcript.durationSeconds !== undefined ? { durationSeconds: transcript.durationSeconds } : {}), cost: transcript.costUsd };
  }
}
