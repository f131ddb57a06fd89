import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { MediaFileDto } from '../../media/dto/media.dto';
import { JOB_STATUSES } from '../../../queue/job-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const notBlank = (field: string) => ({ message: `${field} must not be empty` });

export const ASPECT_RATIOS = ['16:9', '9:16', '1:1'] as const;
export const GENERATION_KINDS = ['image', 'video', 'audio', 'ebook', 'short'] as const;
export type GenerationJobKind = (typeof GENERATION_KINDS)[number];

export class GenerateImageDto {
  @ApiProperty({ example: 'local/webox-draw' })
  @IsString()
  model: string;

  @IsString()
  @Transform(trim)
  @Length(1, 4000, notBlank('prompt'))
  prompt: string;

  @ApiProperty({ example: '1024x1024', description: 'WIDTHxHEIGHT, one of the sizes of the model (GET /api/generation/models)' })
  @Matches(/^\d{2,5}x\d{2,5}$/, { message: 'size must look like 1024x1024' })
  size: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 4, default: 1 })
  @Optional()
  @IsInt({ message: 'count must be a whole number from 1 to 4' })
  @Min(1, { message: 'count must be a whole number from 1 to 4' })
  @Max(4, { message: 'count must be a whole number from 1 to 4' })
  count?: number;

  @Optional()
  @IsString()
  @MaxLength(40)
  style?: string;

  @ApiPropertyOptional({ description: 'What the picture must not show (models that support it)' })
  @Optional()
  @IsString()
  @MaxLength(2000)
  negativePrompt?: string;

  @Optional()
  @IsInt()
  @Min(0)
  @Max(2_147_483_647)
  seed?: number;
}

export class GenerateVideoDto {
  @IsString()
  model: string;

  @IsString()
  @Transform(trim)
  @Length(1, 4000, notBlank('prompt'))
  prompt: string;

  @IsInt({ message: 'durationSeconds must be a whole number of seconds' })
  @Min(1)
  @Max(600)
  durationSeconds: number;

  @ApiProperty({ enum: ASPECT_RATIOS })
  @IsIn(ASPECT_RATIOS, { message: `aspectRatio must be one of ${ASPECT_RATIOS.join(', ')}` })
  aspectRatio: (typeof ASPECT_RATIOS)[number];

  @ApiPropertyOptional({ description: 'An image of my media library to start from (models that support it)' })
  @Optional()
  @IsUUID('all', { message: 'startImageId must be a media file id' })
  startImageId?: string;
}

export class GenerateAudioDto {
  @ApiProperty({ enum: ['speech', 'music'] })
  @IsIn(['speech', 'music'], { message: 'kind must be speech or music' })
  kind: 'speech' | 'music';

  @IsString()
  model: string;

  @ApiPropertyOptional({ description: 'speech: the text to speak' })
  @ValidateIf((dto: GenerateAudioDto) => dto.kind === 'speech')
  @IsString({ message: 'text is required for speech' })
  @Transform(trim)
  @Length(1, 5000, { message: 'text must be 1 to 5000 characters' })
  text?: string;

  @ApiPropertyOptional({ description: 'speech: one of the voices of the model' })
  @ValidateIf((dto: GenerateAudioDto) => dto.kind === 'speech')
  @IsString({ message: 'voice is required for speech' })
  voice?: string;

  @ApiPropertyOptional({ description: 'speech: language of the text (en, fr, ...)', default: 'en' })
  @Optional()
  @Matches(/^[a-z]{2}(-[A-Za-z]{2})?$/, { message: 'language must be a language code such as en or fr-FR' })
  language?: string;

  @ApiPropertyOptional({ description: 'music: what it should sound like' })
  @ValidateIf((dto: GenerateAudioDto) => dto.kind === 'music')
  @IsString({ message: 'prompt is required for music' })
  @Transform(trim)
  @Length(1, 2000, notBlank('prompt'))
  prompt?: string;

  @ApiPropertyOptional({ description: 'music: length in seconds' })
  @ValidateIf((dto: GenerateAudioDto) => dto.kind === 'music')
  @IsInt({ message: 'durationSeconds is required for music, in whole seconds' })
  @Min(1)
  @Max(600)
  durationSeconds?: number;
}

export class GenerateEbookDto {
  @IsString()
  @Transform(trim)
  @Length(1, 200, notBlank('title'))
  title: string;

  @IsString()
  @Transform(trim)
  @Length(1, 2000, notBlank('subject'))
  subject: string;

  @ApiProperty({ minimum: 1, maximum: 30 })
  @IsInt({ message: 'chapters must be a whole number from 1 to 30' })
  @Min(1, { message: 'chapters must be a whole number from 1 to 30' })
  @Max(30, { message: 'chapters must be a whole number from 1 to 30' })
  chapters: number;

  @ApiPropertyOptional({ example: 'friendly', default: 'informative' })
  @Optional()
  @IsString()
  @Length(1, 40)
  tone?: string;

  @ApiPropertyOptional({ default: 'en' })
  @Optional()
  @Matches(/^[a-z]{2}(-[A-Za-z]{2})?$/, { message: 'language must be a language code such as en or fr-FR' })
  language?: string;

  @ApiProperty({ example: 'local/webox-mini', description: 'A chat model that writes the outline and chapters' })
  @IsString()
  textModel: string;

  @ApiProperty({ example: 'local/webox-draw', description: 'An image model for the cover' })
  @IsString()
  coverModel: string;

  @ApiProperty({ enum: ['pdf', 'epub'], isArray: true })
  @IsArray()
  @ArrayMinSize(1, { message: 'formats must name pdf, epub or both' })
  @ArrayUnique()
  @IsIn(['pdf', 'epub'], { each: true, message: 'formats must name pdf, epub or both' })
  formats: Array<'pdf' | 'epub'>;
}

export class GenerateShortDto {
  @IsString()
  @Transform(trim)
  @Length(1, 500, notBlank('subject'))
  subject: string;

  @ApiProperty({ minimum: 15, maximum: 90 })
  @IsInt({ message: 'durationSeconds must be a whole number from 15 to 90' })
  @Min(15, { message: 'durationSeconds must be a whole number from 15 to 90' })
  @Max(90, { message: 'durationSeconds must be a whole number from 15 to 90' })
  durationSeconds: number;

  @ApiProperty({ enum: ASPECT_RATIOS })
  @IsIn(ASPECT_RATIOS, { message: `format must be one of ${ASPECT_RATIOS.join(', ')}` })
  format: (typeof ASPECT_RATIOS)[number];

  @ApiProperty({ description: 'A voice of the speech model' })
  @IsString()
  voice: string;

  @ApiPropertyOptional({ default: 'en' })
  @Optional()
  @Matches(/^[a-z]{2}(-[A-Za-z]{2})?$/, { message: 'language must be a language code such as en or fr-FR' })
  language?: string;

  @IsString()
  textModel: string;

  @IsString()
  imageModel: string;

  @ApiPropertyOptional({ default: 'local/webox-voice' })
  @Optional()
  @IsString()
  speechModel?: string;
}

export class GenerationJobQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: GENERATION_KINDS })
  @Optional()
  @IsIn(GENERATION_KINDS, { message: `kind must be one of ${GENERATION_KINDS.join(', ')}` })
  kind?: GenerationJobKind;

  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @Optional()
  @IsIn(JOB_STATUSES, { message: `status must be one of ${JOB_STATUSES.join(', ')}` })
  status?: (typeof JOB_STATUSES)[number];
}

export class OutputFailureDto {
  @ApiProperty({ description: '0-based position of the output asked for (image 2 of 4 is index 1)' })
  index: number;
  message: string;
}

export class GenerationJobDto {
  id: string;
  @ApiProperty({ enum: GENERATION_KINDS })
  kind: GenerationJobKind;
  @ApiProperty({ enum: JOB_STATUSES })
  status: (typeof JOB_STATUSES)[number];
  @ApiProperty({ description: '0 to 100' })
  progress: number;
  @ApiProperty({ type: String, nullable: true, description: 'The current step, in words' })
  step: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'What was asked for' })
  input: Record<string, unknown>;
  @ApiProperty({ type: MediaFileDto, isArray: true, description: 'The files made, in the media library' })
  outputs: MediaFileDto[];
  @ApiProperty({ type: OutputFailureDto, isArray: true })
  failures: OutputFailureDto[];
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  @ApiProperty({ description: 'US dollars spent at vendors' })
  costUsd: number;
  @ApiProperty({ description: 'Made by the offline local provider' })
  offline: boolean;
  createdAt: Date;
  @ApiProperty({ type: Date, nullable: true })
  startedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  finishedAt: Date | null;
}

export class GenerationJobPageDto extends PageDtoOf(GenerationJobDto) {}

export class GenerationModelDto {
  id: string;
  name: string;
  provider: string;
  @ApiProperty({ enum: ['image', 'speech', 'music', 'video'] })
  kind: 'image' | 'speech' | 'music' | 'video';
  offline: boolean;
  @ApiProperty({ description: 'Credentials are in reach for me' })
  available: boolean;
  @ApiPropertyOptional()
  unavailableReason?: string;
  sizes?: string[];
  maxCount?: number;
  styles?: string[];
  negativePrompt?: boolean;
  voices?: string[];
  minSeconds?: number;
  maxSeconds?: number;
  @ApiPropertyOptional({ enum: ASPECT_RATIOS, isArray: true })
  aspectRatios?: Array<(typeof ASPECT_RATIOS)[number]>;
  startImage?: boolean;
  price: number;
  @ApiProperty({ enum: ['image', 'second', 'kchar', 'video'] })
  priceUnit: 'image' | 'second' | 'kchar' | 'video';
}

export class UnavailableGeneratorDto {
  name: string;
  @ApiProperty({ enum: ['image', 'speech', 'music', 'video'] })
  kind: 'image' | 'speech' | 'music' | 'video';
  reason: string;
  alternatives: string[];
}

export class GenerationCatalogDto {
  @ApiProperty({ type: GenerationModelDto, isArray: true })
  models: GenerationModelDto[];
  @ApiProperty({ type: UnavailableGeneratorDto, isArray: true, description: 'Asked-for vendors with no public API, and what to use instead' })
  unavailable: UnavailableGeneratorDto[];
}

