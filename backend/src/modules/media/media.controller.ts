import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiProduces, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthUser, CurrentUser, Public } from '../../common/auth.decorators';
import { CreateMediaFolderDto, DeleteFolderQueryDto, MediaFileDto, MediaFilePageDto, MediaFileQueryDto, MediaFolderDto, MediaUsageDto, SharedMediaFolderDto, UpdateMediaFileDto, UpdateMediaFolderDto, UploadFilesDto, UploadQueryDto } from './dto/media.dto';
import { MediaFile } from './media-file.entity';
import { MediaFoldersService } from './media-folders.service';
import { MediaAccessGuard, MediaRequest } from './media-access.guard';
import { contentDisposition, isSafeInline } from './media-types';
import { MediaService } from './media.service';

const uuid = new ParseIdPipe();

/**
 * Served bytes never run in the dashboard's origin: no sniffing, a sandbox, and anything that
 * could hold script (SVG, HTML) only as a download. PDFs skip the sandbox, which would stop
 * the browser's own viewer.
 */
function contentSecurityPolicy(mimeType: string): string {
  return `default-src 'none'; img-src 'self' data:; media-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'${mimeType === 'application/pdf' ? '' : '; sandbox'}`;
}

@ApiTags('media')
@ApiBearerAuth()
@Controller('media')
export class MediaController {
  constructor(
    private readonly media: MediaService,
    private readonly folders: MediaFoldersService,
  ) {}

  @Post('upload')
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: UploadFilesDto })
  @ApiOperation({ summary: 'Upload one or several files (multipart, streamed); all are kept or none' })
  @ApiResponse({ status: 413, description: 'A file over the size limit' })
  @ApiResponse({ status: 402, description: 'Over the storage quota (`QUOTA_EXCEEDED`, params `budget: storage`, `limit`): a quota does not reset, files must be deleted' })
  @ApiResponse({ status: 415, description: 'A type outside the allow-list (detected from the content)' })
  uploadMedia(@CurrentUser() user: AuthUser, @Query() query: UploadQueryDto, @Req() request: Request): Promise<MediaFileDto[]> {
    return this.media.upload(user.id, query.folderId, request, request.headers);
  }

  @Get('files')
  @ApiOperation({ summary: 'My files, or a readable shared folder’s (folderId: mine, or in a subtree shared with a project of mine; else 404): filter by kind, source; search by name; sort' })
  listMediaFiles(@CurrentUser() user: AuthUser, @Query() query: MediaFileQueryDto): Promise<MediaFilePageDto> {
    return this.media.list(user.id, query);
  }

  @Get('usage')
  @ApiOperation({ summary: 'Storage used against my quota' })
  getMediaUsage(@CurrentUser() user: AuthUser): Promise<MediaUsageDto> {
    return this.media.usage(user.id);
  }

  @Get('files/:id')
  @ApiOperation({ summary: 'A file: metadata, and where a generated file came from' })
  getMediaFile(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<MediaFileDto> {
    return this.media.getReadable(user.id, id);
  }

  @Public()
  @UseGuards(MediaAccessGuard)
  @Get('files/:id/content')
  @ApiOperation({ summary: 'The bytes (HTTP ranges for seeking); bearer token or the signed contentUrl' })
  @ApiQuery({ name: 'token', required: false, description: 'The signature of a contentUrl' })
  @ApiQuery({ name: 'download', required: false, description: 'true: always as an attachment' })
  @ApiProduces('application/octet-stream')
  async getMediaContent(@Param('id', uuid) id: string, @Req() request: MediaRequest, @Res() response: Response): Promise<void> {
    const file = await this.accessible(request, id);
    const { stream, range } = await this.media.openContent(file, request.headers.range);
    const inline = isSafeInline(file.mimeType) && request.query['download'] !== 'true';
    response.setHeader('Content-Type', file.kind === 'text' || file.mimeType === 'text/html' ? `${file.mimeType}; charset=utf-8` : file.mimeType);
    response.setHeader('Content-Disposition', contentDisposition(inline ? 'inline' : 'attachment', file.name));
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(file.mimeType));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Accept-Ranges', 'bytes');
    response.setHeader('Cache-Control', 'private, max-age=3600');
    response.setHeader('ETag', `"${file.sha256}"`);
    if (range) {
      response.status(HttpStatus.PARTIAL_CONTENT);
      response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
      response.setHeader('Content-Length', String(range.end - range.start + 1));
    } else {
      response.setHeader('Content-Length', String(file.size));
    }
    await sendStream(stream, response);
  }

  @Public()
  @UseGuards(MediaAccessGuard)
  @Get('files/:id/thumbnail')
  @ApiOperation({ summary: 'The thumbnail (WebP) of an image or the poster frame of a video' })
  @ApiQuery({ name: 'token', required: false, description: 'The signature of a thumbnailUrl' })
  @ApiProduces('image/webp')
  async getMediaThumbnail(@Param('id', uuid) id: string, @Req() request: MediaRequest, @Res() response: Response): Promise<void> {
    const file = await this.accessible(request, id);
    const stream = await this.media.openThumbnail(file);
    response.setHeader('Content-Type', 'image/webp');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Cache-Control', 'private, max-age=3600');
    await sendStream(stream, response);
  }

  @Patch('files/:id')
  @ApiOperation({ summary: 'Rename a file or move it to another folder' })
  updateMediaFile(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateMediaFileDto): Promise<MediaFileDto> {
    return this.media.update(user.id, id, dto);
  }

  @Delete('files/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a file, its stored bytes and its thumbnail' })
  deleteMediaFile(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.media.remove(user.id, id);
  }

  @Get('folders')
  @ApiOperation({ summary: 'All my folders, flat, with parent links and file counts' })
  listMediaFolders(@CurrentUser() user: AuthUser): Promise<MediaFolderDto[]> {
    return this.folders.list(user.id);
  }

  @Get('folders/shared')
  @ApiOperation({ summary: 'Folders shared with me through my projects, and every folder below them: flat, read-only, with owner and projects' })
  listSharedMediaFolders(@CurrentUser() user: AuthUser): Promise<SharedMediaFolderDto[]> {
    return this.folders.listShared(user.id);
  }

  @Post('folders')
  @ApiOperation({ summary: 'Create a folder, at the top or inside another' })
  createMediaFolder(@CurrentUser() user: AuthUser, @Body() dto: CreateMediaFolderDto): Promise<MediaFolderDto> {
    return this.folders.create(user.id, dto);
  }

  @Patch('folders/:id')
  @ApiOperation({ summary: 'Rename or move a folder (not into itself or below)' })
  updateMediaFolder(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateMediaFolderDto): Promise<MediaFolderDto> {
    return this.folders.update(user.id, id, dto);
  }

  @Delete('folders/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a folder; one with content needs ?recursive=true' })
  deleteMediaFolder(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: DeleteFolderQueryDto): Promise<void> {
    return this.folders.remove(user.id, id, query.recursive ?? false);
  }

  /** With a signed link the file is the link's; with a bearer token it must be the caller's. */
  private accessible(request: MediaRequest, id: string): Promise<MediaFile> {
    if (request.mediaLink) return this.media.linked(id);
    return this.media.readable((request.user as AuthUser).id, id);
  }
}

/** Streams stored bytes to the client; a client that leaves early is not an error. */
async function sendStream(stream: NodeJS.ReadableStream, response: Response): Promise<void> {
  try {
    await pipeline(stream, response);
  } catch (error) {
    if (!response.headersSent) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') response.destroy(error as Error);
  }
}
