import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ParseIdPipe } from '../../common/parse-id.pipe';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import {
  AddKnowledgeFilesDto,
  CreateKnowledgeCollectionDto,
  EmbeddingModelDto,
  KnowledgeChunkDto,
  KnowledgeCollectionDetailDto,
  KnowledgeCollectionPageDto,
  KnowledgeFileDto,
  KnowledgeHitDto,
  KnowledgeSearchDto,
  ReindexQueryDto,
  UpdateKnowledgeCollectionDto,
} from './dto/knowledge.dto';
import { KnowledgeService } from './knowledge.service';

const uuid = new ParseIdPipe();

@ApiTags('knowledge')
@ApiBearerAuth()
@Controller('knowledge')
export class KnowledgeController {
  constructor(private readonly knowledge: KnowledgeService) {}

  @Get('embedding-models')
  @ApiOperation({ summary: 'Embedding models a collection can use, with prices and whether a key is in reach' })
  listEmbeddingModels(@CurrentUser() user: AuthUser): Promise<EmbeddingModelDto[]> {
    return this.knowledge.embeddingModels(user);
  }

  @Get('collections')
  @ApiOperation({ summary: 'My knowledge collections, newest first, with file and passage counts' })
  listKnowledgeCollections(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<KnowledgeCollectionPageDto> {
    return this.knowledge.listCollections(user, query);
  }

  @Post('collections')
  @ApiOperation({ summary: 'Create a collection, optionally with an embedding model for semantic search' })
  createKnowledgeCollection(@CurrentUser() user: AuthUser, @Body() dto: CreateKnowledgeCollectionDto): Promise<KnowledgeCollectionDetailDto> {
    return this.knowledge.createCollection(user, dto);
  }

  @Get('collections/:id')
  @ApiOperation({ summary: 'A collection with its files and their indexing status, progress and errors' })
  getKnowledgeCollection(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<KnowledgeCollectionDetailDto> {
    return this.knowledge.getCollection(user, id);
  }

  @Patch('collections/:id')
  @ApiOperation({ summary: 'Rename or describe a collection, or change its embedding model (which re-indexes its files)' })
  updateKnowledgeCollection(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: UpdateKnowledgeCollectionDto): Promise<KnowledgeCollectionDetailDto> {
    return this.knowledge.updateCollection(user, id, dto);
  }

  @Delete('collections/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Delete a collection and its passages (the media files stay in the library)' })
  deleteKnowledgeCollection(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<void> {
    return this.knowledge.deleteCollection(user, id);
  }

  @Post('collections/:id/files')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Add documents of my media library and queue their indexing; answers the files with their job ids' })
  addKnowledgeFiles(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Body() dto: AddKnowledgeFilesDto): Promise<KnowledgeFileDto[]> {
    return this.knowledge.addFiles(user, id, dto);
  }

  @Delete('collections/:id/files/:fileId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: 'Remove a file (by its id in the collection) and its passages; the media file stays' })
  removeKnowledgeFile(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('fileId', uuid) fileId: string): Promise<void> {
    return this.knowledge.removeFile(user, id, fileId);
  }

  @Post('collections/:id/files/:fileId/cancel')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: "Stop a file's queued or running indexing (409 when none); earlier passages stay searchable" })
  cancelKnowledgeIndexing(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Param('fileId', uuid) fileId: string): Promise<KnowledgeFileDto> {
    return this.knowledge.cancelIndexing(user, id, fileId);
  }

  @Post('collections/:id/reindex')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Re-index the files whose content changed or whose indexing failed (every file with ?all=true)' })
  reindexKnowledgeCollection(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string, @Query() query: ReindexQueryDto): Promise<KnowledgeFileDto[]> {
    return this.knowledge.reindex(user, id, query.all ?? false);
  }

  @Post('search')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Search my collections: full text, fused with embeddings where a collection has a model' })
  searchKnowledge(@CurrentUser() user: AuthUser, @Body() dto: KnowledgeSearchDto): Promise<KnowledgeHitDto[]> {
    return this.knowledge.search(user, dto.query, { collectionIds: dto.collectionIds, limit: dto.limit, mode: dto.mode });
  }

  @Get('chunks/:id')
  @ApiOperation({ summary: 'A passage (what a citation opens), with the end of the one before and the start of the one after' })
  getKnowledgeChunk(@CurrentUser() user: AuthUser, @Param('id', uuid) id: string): Promise<KnowledgeChunkDto> {
    return this.knowledge.getChunk(user, id);
  }
}
