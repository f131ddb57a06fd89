import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { MEDIA_KINDS, type MediaKind } from '../media-types';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** `null` in JSON, or the word `root` in a query string, both mean the top of the library. */
const rootAsNull = ({ value }: { value: unknown }) => (value === 'root' ? null : value);

/** Where a generated file came from: the job's inputs that made it (each generator records its own). */
export class MediaOriginDto {
  @ApiProperty({ description: 'What made the file: for example image, speech, ebook, short' })
  generator: string;
  jobId?: string;
  model?: string;
  prompt?: string;
  @ApiPropertyOptional({ description: 'Made by the offline local provider, not by a vendor model' })
  offline?: boolean;
  /** image: WIDTHxHEIGHT */
  size?: string;
  /** image: the seed of this picture */
  seed?: number;
  /** speech: the voice */
  voice?: string;
  /** music, video, short: length in seconds */
  durationSeconds?: number;
  /** video */
  aspectRatio?: string;
  /** short: 16:9, 9:16 or 1:1; ebook: pdf or epub */
  format?: string;
  /** ebook */
  title?: string;
  /** ebook: chapters written */
  chapters?: number;
  /** ebook: the image model of the cover */
  coverModel?: string;
  /** short */
  imageModel?: string;
  /** short */
  speechModel?: string;
  /** short: scenes in the video */
  scenes?: number;
}

export class MediaFileDto {
  id: string;
  name: string;
  @ApiProperty({ description: 'Detected from the content' })
  mimeType: string;
  @ApiProperty({ enum: MEDIA_KINDS })
  kind: MediaKind;
  size: number;
  sha256: string;
  @ApiProperty({ type: String, nullable: true })
  folderId: string | null;
  @ApiProperty({ enum: ['uploaded', 'generated'] })
  source: 'uploaded' | 'generated';
  @ApiProperty({ type: MediaOriginDto, nullable: true, description: 'Where a generated file came from' })
  origin: MediaOriginDto | null;
  @ApiProperty({ type: Number, nullable: true })
  width: number | null;
  @ApiProperty({ type: Number, nullable: true })
  height: number | null;
  @ApiProperty({ type: Number, nullable: true })
  durationSeconds: number | null;
  @ApiProperty({ enum: ['pending', 'ready', 'none', 'failed'], description: 'Thumbnail or poster frame: made after upload by a job' })
  previewStatus: 'pending' | 'ready' | 'none' | 'failed';
  @ApiProperty({ description: 'Signed link to the bytes, valid for a few hours (for img, audio and video elements)' })
  contentUrl: string;
  @ApiProperty({ type: String, nullable: true, description: 'Signed link to the thumbnail when there is one' })
  thumbnailUrl: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export class MediaFilePageDto extends PageDtoOf(MediaFileDto) {}

export const MEDIA_SORTS = ['recent', 'oldest', 'name', 'size'] as const;

export class MediaFileQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A folder id, or `root` for files at the top; absent: every folder' })
  @Transform(rootAsNull)
  @Optional({ nullable: true })
  @IsUUID('all', { message: 'folderId must be a folder id or root' })
  folderId?: string | null;

  @ApiPropertyOptional({ enum: MEDIA_KINDS })
  @Optional()
  @IsIn(MEDIA_KINDS, { message: `kind must be one of ${MEDIA_KINDS.join(', ')}` })
  kind?: MediaKind;

  @ApiPropertyOptional({ enum: ['uploaded', 'generated'] })
  @Optional()
  @IsIn(['uploaded', 'generated'], { message: 'source must be uploaded or generated' })
  source?: 'uploaded' | 'generated';

  @ApiPropertyOptional({ description: 'Part of the file name' })
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: MEDIA_SORTS })
  @Optional()
  @IsIn(MEDIA_SORTS, { message: `sort must be one of ${MEDIA_SORTS.join(', ')}` })
  sort?: (typeof MEDIA_SORTS)[number];
}

export class UploadQueryDto {
  @ApiPropertyOptional({ description: 'The folder to upload into; absent: the top of the library' })
  @Optional()
  @IsUUID('all', { message: 'folderId must be a folder id' })
  folderId?: string;
}

export class UploadFilesDto {
  @ApiProperty({ type: 'array', items: { type: 'string', format: 'binary' }, description: 'One or several files' })
  files: unknown[];
}

/** A name as typed by a user: no slash, no control character. */
// eslint-disable-next-line no-control-regex
const NAME_PATTERN = /^[^/\\\u0000-\u001f\u007f]+$/;

export class UpdateMediaFileDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 255, { message: 'name must be 1 to 255 characters' })
  @Matches(NAME_PATTERN, { message: 'name must not contain slashes or control characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Move to this folder; null: to the top' })
  @Optional({ nullable: true })
  @IsUUID('all', { message: 'folderId must be a folder id or null' })
  folderId?: string | null;
}

export class MediaFolderDto {
  id: string;
  name: string;
  @ApiProperty({ type: String, nullable: true })
  parentId: string | null;
  @ApiProperty({ description: 'Files directly inside' })
  fileCount: number;
  createdAt: Date;
  updatedAt: Date;
}

/** A project a folder is shared through. */
export class SharedThroughProjectDto {
  id: string;
  name: string;
}

/** A folder someone else shared with a project of mine, or one below it: readable, not changeable. */
export class SharedMediaFolderDto extends MediaFolderDto {
  @ApiProperty({ description: 'Who owns it (and shared it)' })
  ownerId: string;
  ownerName: string;
  @ApiProperty({ description: 'The folder that was shared: this one, or the ancestor it is read through' })
  sharedRootId: string;
  @ApiProperty({ type: [SharedThroughProjectDto], description: "The projects of mine the shared folder comes through" })
  projects: SharedThroughProjectDto[];
}

export class CreateMediaFolderDto {
  @IsString()
  @Transform(trim)
  @Length(1, 255, { message: 'name must be 1 to 255 characters' })
  @Matches(NAME_PATTERN, { message: 'name must not contain slashes or control characters' })
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The parent folder; absent or null: the top' })
  @Optional({ nullable: true })
  @IsUUID('all', { message: 'parentId must be a folder id or null' })
  parentId?: string | null;
}

export class UpdateMediaFolderDto {
  @Optional()
  @IsString()
  @Transform(trim)
  @Length(1, 255, { message: 'name must be 1 to 255 characters' })
  @Matches(NAME_PATTERN, { message: 'name must not contain slashes or control characters' })
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Move under this folder; null: to the top' })
  @Optional({ nullable: true })
  @IsUUID('all', { message: 'parentId must be a folder id or null' })
  parentId?: string | null;
}

export class DeleteFolderQueryDto {
  @ApiPropertyOptional({ description: 'Also delete what the folder holds (sub-folders and files)' })
  @Optional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'recursive must be true or false' })
  recursive?: boolean;
}

export class MediaUsageDto {
  usedBytes: number;
  quotaBytes: number;
  fileCount: number;
  @ApiProperty({ description: 'Largest single upload accepted' })
  maxFileBytes: number;
}
