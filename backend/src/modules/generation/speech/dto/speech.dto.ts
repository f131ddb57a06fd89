import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../../../common/validation';

export class TranscribeQueryDto {
  @ApiPropertyOptional({ example: 'fr', description: 'The language spoken, ISO 639-1 (`fr`) or a locale (`fr-FR`); detected when absent' })
  @Optional()
  @Matches(/^[a-z]{2}(-[A-Za-z]{2,4})?$/, { message: 'language must be an ISO 639-1 code like fr or a locale like fr-FR' })
  language?: string;

  @ApiPropertyOptional({ example: 'openai/gpt-4o-mini-transcribe', description: 'A speech-to-text model (default openai/gpt-4o-mini-transcribe)' })
  @Optional()
  @IsString()
  @MaxLength(120)
  model?: string;
}

export class TranscriptionUploadDto {
  @ApiProperty({ type: 'string', format: 'binary', description: 'The recording: WebM, Ogg, MP3, WAV, M4A or FLAC, at most 25 MB' })
  file: unknown;
}

export class TranscriptionDto {
  /** What was said. */
  text: string;
  /** The model that transcribed it. */
  model: string;
  /** Seconds of audio, when the vendor says. */
  @ApiPropertyOptional()
  durationSeconds?: number;
  /** What the call cost in US dollars (0 when the vendor did not say how long the audio was). */
  cost: number;
}

export class TranscriptionCapabilityDto {
  /** Whether this user can transcribe now (a key for the model's provider is in reach). */
  available: boolean;
  /** The model a transcription uses when none is named. */
  model: string;
  /** Why not, when not available: where to add a key. */
  @ApiPropertyOptional()
  reason?: string;
  /** The largest recording accepted, in bytes. */
  maxBytes: number;
  /** The MIME types accepted (judged from the bytes). */
  acceptedTypes: string[];
}

export class SpeechCapabilitiesDto {
  /** Speech to text: needs an OpenAI key, no model runs offline. */
  transcription: TranscriptionCapabilityDto;
}
