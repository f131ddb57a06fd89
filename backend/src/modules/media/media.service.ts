import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { Brackets, DataSource, EntityManager, In, Repository } from 'typeorm';
import { containsPattern } from '../../common/sql-like';
import { ShareableResource, SharedResources } from '../../common/shared-resources';
import { DomainError, notFound, withParams } from '../../common/domain-error';
import { skipTake, toPage } from '../../common/pagination';
import { AppConfig } from '../../config/app-config';
import { JobsService } from '../../queue/jobs.service';
import { BudgetGate } from '../../ai/budget-gate';
import { ByteRange, FileStorage } from '../../storage/file-storage';
import { MediaFileDto, MediaFilePageDto, MediaFileQueryDto, MediaUsageDto, UpdateMediaFileDto } from './dto/media.dto';
import { MediaFile, MediaOrigin } from './media-file.entity';
import { MediaFolder } from './media-folder.entity';
import { MediaLinks } from './media-links';
import { safeFileName } from './media-types';
import { MultipartHeaders, receiveFiles } from './multipart';
import { formatBytes, UploadMeter } from './upload-meter';
import { MediaErrorCode, storageQuotaExceeded } from './media.errors';
import { toMediaFileDto } from './media.mapper';
import { EventBus } from '../../events/event-bus';

const MAX_FILES_PER_UPLOAD = 20;
/** What a multipart body may carry besides file bytes (boundaries, part headers, a few small fields). */
const MULTIPART_FRAMING_BYTES = 128 * 1024;

interface StoredUpload {
  key: string;
  name: string;
  meter: UploadMeter;
}

export interface GeneratedFile {
  name: string;
  body: Readable | Buffer;
  origin: MediaOrigin;
  folderId?: string | null;
  /**
   * A stable key for this output (for example the job id and the output's index): saving the
   * same key again replaces the earlier file instead of adding a second one, so a retried job
   * never leaves duplicates.
   */
  outputKey?: string;
}

/** A file's bytes, ready to send: all of them, or the range a client asked for. */
export interface FileContent {
  file: MediaFile;
  stream: Readable;
  range?: ByteRange;
}

/** The media library: uploads, generated outputs, their bytes in storage, and the per-user quota. */
@Injectable()
export class MediaService {
  private readonly logger = new Logger('Media');

  constructor(
    @InjectRepository(MediaFile) private readonly files: Repository<MediaFile>,
    @InjectRepository(MediaFolder) private readonly folders: Repository<MediaFolder>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly jobs: JobsService,
    private readonly links: MediaLinks,
    private readonly config: AppConfig,
    private readonly events: EventBus,
    private readonly budgets: BudgetGate,
    private readonly shared: SharedResources,
  ) {}

  async list(userId: string, query: MediaFileQueryDto): Promise<MediaFilePageDto> {
    // In a folder I may read (mine, or below one shared with a project of mine) the files are the folder owner's.
    const folder = query.folderId ? await this.readableFolder(userId, query.folderId) : undefined;
    const builder = this.files.createQueryBuilder('file').where('file.owner_id = :ownerId', { ownerId: folder?.ownerId ?? userId });
    if (query.folderId === null) builder.andWhere('file.folder_id IS NULL');
    else if (folder) builder.andWhere('file.folder_id = :folderId', { folderId: folder.id });
    if (query.kind) builder.andWhere('file.kind = :kind', { kind: query.kind });
    if (query.source) builder.andWhere('file.source = :source', { source: query.source });
    if (query.q?.trim()) builder.andWhere(new Brackets((where) => where.where('file.name ILIKE :q', { q: containsPattern(query.q!.trim()) })));
    const order = { recent: ['file.created_at', 'DESC'], oldest: ['file.created_at', 'ASC'], name: ['lower(file.name)', 'ASC'], size: ['file.size', 'DESC'] } as const;
    const [column, direction] = order[query.sort ?? 'recent'];
    builder.orderBy(column, direction).addOrderBy('file.id', 'ASC');
    const { skip, take } = skipTake(query);
    return toPage(await builder.offset(skip).limit(take).getManyAndCount(), query, (file) => this.toDto(file));
  }

  async get(ownerId: string, id: string): Promise<MediaFileDto> {
    return this.toDto(await this.owned(ownerId, id));
  }

  /** A file I may read (mine, or in a folder shared with a project of mine). */
  async getReadable(userId: string, id: string): Promise<MediaFileDto> {
    return this.toDto(await this.readable(userId, id));
  }

  /** Mine, or in a folder I may read (`readableFolder`): to view and download, not to change. */
  async readable(userId: string, id: string): Promise<MediaFile> {
    const file = await this.files.findOneBy({ id });
    const visible = file && (file.ownerId === userId || (file.folderId && (await this.sharedFolderIn(userId, file.folderId))));
    if (!file || !visible) throw notFound(MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file');
    return file;
  }

  /**
   * A folder I may read: mine, or one that is, or lies below, a folder its owner shared with a
   * project I am a member of (the whole subtree is shared, read-only). Anything else is a 404, the
   * same answer as for a folder that does not exist. Access is asked of the sharing area on every
   * request, so unsharing or leaving the project ends it at once.
   */
  async readableFolder(userId: string, id: string): Promise<MediaFolder> {
    const folder = await this.folders.findOneBy({ id });
    if (folder && (folder.ownerId === userId || (await this.sharedFolderIn(userId, folder.id)))) return folder;
    throw notFound(MediaErrorCode.MEDIA_FOLDER_NOT_FOUND, 'Media folder');
  }

  /** Whether this folder or one of its ancestors is shared with a project of mine (by its owner). */
  private async sharedFolderIn(userId: string, folderId: string): Promise<boolean> {
    const shared = new Set(await this.shared.sharedIds(userId, 'media_folder'));
    if (!shared.size) return false;
    return (await this.folderAncestry(folderId)).some((id) => shared.has(id));
  }

  /** The folder and its ancestors up to the top (one statement; a folder's tree is all its owner's). */
  async folderAncestry(folderId: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE up(id, parent_id) AS (SELECT id, parent_id FROM media_folders WHERE id = $1 UNION SELECT f.id, f.parent_id FROM media_folders f JOIN up ON f.id = up.parent_id) SELECT id FROM up`,
      [folderId],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  /** Folders of users, for sharing with a project (collaboration asks through the `SharedResources` hook). */
  async shareableFolders(ids: readonly string[]): Promise<ShareableResource[]> {
    const rows = await this.folders.find({ select: { id: true, ownerId: true, name: true }, where: { id: In([...ids]) } });
    return rows.map((row) => ({ id: row.id, ownerId: row.ownerId, name: row.name }));
  }

  async owned(ownerId: string, id: string): Promise<MediaFile> {
    const file = await this.files.findOneBy({ id, ownerId });
    if (!file) throw notFound(MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file');
    return file;
  }

  /** The owner's files among these ids (gone ones are left out), keyed by id. */
  async byIds(ownerId: string, ids: string[]): Promise<Map<string, MediaFile>> {
    if (!ids.length) return new Map();
    const files = await this.files.findBy({ ownerId, id: In(ids) });
    return new Map(files.map((file) => [file.id, file]));
  }

  /**
   * Files by id whoever owns them (gone ones are left out), keyed by id: for an area that decides
   * access itself (collaboration hands the files of a message to its readers).
   */
  async anyOwnerByIds(ids: readonly string[]): Promise<Map<string, MediaFile>> {
    if (!ids.length) return new Map();
    const files = await this.files.findBy({ id: In([...ids]) });
    return new Map(files.map((file) => [file.id, file]));
  }

  /** Whether the user has uploaded a file of their own (not a generated one). */
  hasUploads(ownerId: string): Promise<boolean> {
    return this.files.existsBy({ ownerId, source: 'uploaded' });
  }

  /** The user's storage quota: their budget's (set by an admin: user, role or default), else WEBOX_MEDIA_QUOTA_BYTES. */
  private async quotaOf(ownerId: string): Promise<number> {
    return (await this.budgets.limitsOf(ownerId)).storageBytes ?? this.config.media.quotaBytes;
  }

  async usage(ownerId: string): Promise<MediaUsageDto> {
    const row = await this.files
      .createQueryBuilder('file')
      .select('COALESCE(SUM(file.size), 0)', 'used')
      .addSelect('COUNT(*)', 'count')
      .where('file.owner_id = :ownerId', { ownerId })
      .getRawOne<{ used: string; count: string }>();
    return { usedBytes: Number(row?.used ?? 0), quotaBytes: await this.quotaOf(ownerId), fileCount: Number(row?.count ?? 0), maxFileBytes: this.config.media.maxFileBytes };
  }

  /**
   * Streams every file of a multipart body to storage, then records them all in one
   * transaction. All or nothing: if one file is refused, or the client leaves, every byte
   * already written for this upload is deleted and no row is added.
   */
  async upload(ownerId: string, folderId: string | undefined, body: Readable, headers: MultipartHeaders): Promise<MediaFileDto[]> {
    return this.audited(ownerId, this.receive(ownerId, folderId, body, headers));
  }

  /**
   * Refuses new work that would store a file (a generation) when the storage quota is already
   * full: 402 `QUOTA_EXCEEDED` now, rather than a job that fails when it saves its output.
   */
  async assertRoom(ownerId: string): Promise<void> {
    const { usedBytes, quotaBytes } = await this.usage(ownerId);
    if (usedBytes >= quotaBytes) await this.audited(ownerId, Promise.reject(storageQuotaExceeded('Nothing more fits', quotaBytes, `${formatBytes(quotaBytes)} (${formatBytes(usedBytes)} used)`)));
  }

  /** A storage quota refusal is audited as a budget refusal (`budget.refused`, budget `storage`). */
  private async audited<T>(ownerId: string, work: Promise<T>): Promise<T> {
    try {
      return await work;
    } catch (error) {
      if (error instanceof DomainError && error.code === MediaErrorCode.QUOTA_EXCEEDED) this.budgets.refusedStorage(ownerId, Number(error.params?.['limit'] ?? 0));
      throw error;
    }
  }

  private async receive(ownerId: string, folderId: string | undefined, body: Readable, headers: MultipartHeaders): Promise<MediaFileDto[]> {
    if (folderId) await this.ownedFolder(ownerId, folderId);
    const { usedBytes, quotaBytes } = await this.usage(ownerId);
    const { maxFileBytes } = this.config.media;
    // A body that announces more than the quota leaves room for is refused before a byte is read;
    // one that does not announce its size is still stopped by the meter the moment it passes.
    const announced = Number(headers['content-length']);
    if (Number.isSafeInteger(announced) && announced > quotaBytes - usedBytes + MULTIPART_FRAMING_BYTES) {
      throw storageQuotaExceeded(`This upload (${formatBytes(announced)}) does not fit`, quotaBytes, `${formatBytes(quotaBytes)} (${formatBytes(usedBytes)} used)`);
    }
    let requestBytes = 0;
    const outcome = await receiveFiles(body, headers, { maxFiles: MAX_FILES_PER_UPLOAD, maxFileBytes }, async ({ name: rawName, stream }) => {
      const name = safeFileName(rawName);
      const meter = new UploadMeter(name, { maxBytes: maxFileBytes, remainingQuota: quotaBytes - usedBytes - requestBytes, quotaBytes });
      stream.once('error', (error) => meter.destroy(error));
      meter.once('error', () => {
        stream.unpipe(meter);
        stream.resume();
      });
      stream.pipe(meter);
      const key = this.newKey(ownerId);
      await this.storage.put(key, meter);
      requestBytes += meter.size;
      return { key, name, meter } satisfies StoredUpload;
    });
    if (outcome.failure) {
      await this.discard(outcome.results.map((upload) => upload.key));
      throw outcome.failure;
    }
    let saved: MediaFile[];
    try {
      saved = await this.dataSource.transaction(async (manager) => {
        await this.lockQuota(manager, ownerId, requestBytes, quotaBytes);
        if (folderId) await this.ownedFolder(ownerId, folderId, manager);
        return manager.getRepository(MediaFile).save(
          outcome.results.map((upload) =>
            manager.getRepository(MediaFile).create({
              ownerId,
              folderId: folderId ?? null,
              name: upload.name,
              mimeType: upload.meter.type!.mimeType,
              kind: upload.meter.type!.kind,
              size: upload.meter.size,
              sha256: upload.meter.sha256,
              storageKey: upload.key,
              source: 'uploaded',
              previewStatus: 'pending',
            }),
          ),
        );
      });
    } catch (error) {
      await this.discard(outcome.results.map((upload) => upload.key));
      throw error;
    }
    await Promise.all(saved.map((file) => this.requestPreview(file)));
    this.events.publish('media.uploaded', {
      userId: ownerId,
      folderId: folderId ?? null,
      files: saved.map(({ id, name, mimeType, kind, size }) => ({ id, name, mimeType, kind, size: Number(size) })),
      occurredAt: new Date().toISOString(),
    });
    return saved.map((file) => this.toDto(file));
  }

  /**
   * Adds a file made by Webox (a generated image, a book, a video) to its owner's library, with
   * the same checks as an upload: detected type, allow-list, size, quota.
   */
  async saveGenerated(ownerId: string, output: GeneratedFile): Promise<MediaFile> {
    return this.audited(ownerId, this.storeGenerated(ownerId, output));
  }

  private async storeGenerated(ownerId: string, output: GeneratedFile): Promise<MediaFile> {
    const name = safeFileName(output.name, 'generated');
    const { usedBytes, quotaBytes } = await this.usage(ownerId);
    const { maxFileBytes } = this.config.media;
    const existing = output.outputKey ? await this.files.findOneBy({ ownerId, storageKey: this.outputStorageKey(ownerId, output.outputKey) }) : null;
    const meter = new UploadMeter(name, { maxBytes: maxFileBytes, remainingQuota: quotaBytes - usedBytes + (existing?.size ?? 0), quotaBytes });
    const key = output.outputKey ? this.outputStorageKey(ownerId, output.outputKey) : this.newKey(ownerId);
    const body = Buffer.isBuffer(output.body) ? Readable.from([output.body]) : output.body;
    body.once('error', (error) => meter.destroy(error));
    // A file over the quota or the size limit errors the meter: without a listener here that error
    // was unhandled and took the process down (found by the storage quota test); put() rejects with it.
    meter.once('error', () => {
      body.unpipe(meter);
      body.resume();
    });
    body.pipe(meter);
    await this.storage.put(key, meter);
    try {
      const file = await this.dataSource.transaction(async (manager) => {
        await this.lockQuota(manager, ownerId, meter.size - (existing?.size ?? 0), quotaBytes);
        const repository = manager.getRepository(MediaFile);
        const values = {
          ownerId,
          folderId: output.folderId ?? null,
          name,
          mimeType: meter.type!.mimeType,
          kind: meter.type!.kind,
          size: meter.size,
          sha256: meter.sha256,
          storageKey: key,
          thumbnailKey: null,
          source: 'generated' as const,
          origin: output.origin,
          previewStatus: 'pending' as const,
        };
        const current = await repository.findOneBy({ storageKey: key });
        return repository.save(current ? Object.assign(current, values) : repository.create(values));
      });
      await this.requestPreview(file);
      return file;
    } catch (error) {
      if (!existing) await this.discard([key]);
      throw error;
    }
  }

  async update(ownerId: string, id: string, dto: UpdateMediaFileDto): Promise<MediaFileDto> {
    const file = await this.owned(ownerId, id);
    if (dto.name !== undefined) file.name = safeFileName(dto.name);
    if (dto.folderId !== undefined) {
      if (dto.folderId) await this.ownedFolder(ownerId, dto.folderId);
      file.folderId = dto.folderId;
    }
    return this.toDto(await this.files.save(file));
  }

  async remove(ownerId: string, id: string): Promise<void> {
    const file = await this.owned(ownerId, id);
    await this.files.delete({ id: file.id });
    await this.discard([file.storageKey, file.thumbnailKey]);
  }

  /** Deletes rows in a transaction the caller owns; the bytes go once it commits (`discard`). */
  async deleteRows(manager: EntityManager, files: MediaFile[]): Promise<Array<string | null>> {
    if (!files.length) return [];
    await manager.getRepository(MediaFile).delete(files.map((file) => file.id));
    return files.flatMap((file) => [file.storageKey, file.thumbnailKey]);
  }

  async openContent(file: MediaFile, rangeHeader: string | undefined): Promise<FileContent> {
    const range = parseRange(rangeHeader, file.size);
    return { file, range, stream: await this.storage.get(file.storageKey, range) };
  }

  /** A file's bytes in memory, for pipelines that use a library file as input (a start image). */
  async readAll(file: MediaFile, maxBytes = 50 * 1024 * 1024): Promise<Buffer> {
    if (file.size > maxBytes) throw withParams('too_large', MediaErrorCode.FILE_TOO_LARGE, `"${file.name}" is larger than ${formatBytes(maxBytes)}, too large to use here`, { name: file.name, limitBytes: maxBytes });
    return Buffer.concat(await (await this.storage.get(file.storageKey)).toArray());
  }

  async openThumbnail(file: MediaFile): Promise<Readable> {
    if (!file.thumbnailKey) throw new DomainError('not_found', MediaErrorCode.THUMBNAIL_NOT_FOUND, file.previewStatus === 'pending' ? 'The thumbnail is being made' : 'This file has no thumbnail');
    return this.storage.get(file.thumbnailKey);
  }

  /** The file, for a request that proved access with a signed link rather than a bearer token. */
  async linked(id: string): Promise<MediaFile> {
    const file = await this.files.findOneBy({ id });
    if (!file) throw notFound(MediaErrorCode.MEDIA_FILE_NOT_FOUND, 'Media file');
    return file;
  }

  async ownedFolder(ownerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<MediaFolder> {
    const folder = await manager.getRepository(MediaFolder).findOneBy({ id, ownerId });
    if (!folder) throw notFound(MediaErrorCode.MEDIA_FOLDER_NOT_FOUND, 'Media folder');
    return folder;
  }

  /** Deletes stored bytes; a failure is logged, never thrown over the user's request. */
  async discard(keys: Array<string | null>): Promise<void> {
    await Promise.all(
      keys
        .filter((key): key is string => Boolean(key))
        .map((key) => this.storage.delete(key).catch((error: Error) => this.logger.error(`Could not delete stored object ${key}: ${error.message}`))),
    );
  }

  /** Bytes stored per owner (the admin's list of users). */
  async storageByOwner(ownerIds: readonly string[]): Promise<Map<string, number>> {
    if (!ownerIds.length) return new Map();
    const rows = (await this.files.query('SELECT owner_id, COALESCE(SUM(size), 0) AS used FROM media_files WHERE owner_id = ANY($1::uuid[]) GROUP BY owner_id', [ownerIds])) as Array<{ owner_id: string; used: string }>;
    return new Map(rows.map((row) => [row.owner_id, Number(row.used)]));
  }

  /** A file as the API shows it, with signed links (for areas that list media files in their own answers). */
  toDto(file: MediaFile): MediaFileDto {
    return toMediaFileDto(file, this.links);
  }

  /**
   * The quota holds under concurrent uploads: each one locks its owner's user row, re-reads what
   * is stored and only then adds its rows.
   */
  private async lockQuota(manager: EntityManager, ownerId: string, addedBytes: number, quota: number): Promise<void> {
    await manager.query('SELECT id FROM users WHERE id = $1 FOR UPDATE', [ownerId]);
    const [{ used }] = (await manager.query('SELECT COALESCE(SUM(size), 0) AS used FROM media_files WHERE owner_id = $1', [ownerId])) as Array<{ used: string }>;
    if (Number(used) + addedBytes > quota) {
      throw storageQuotaExceeded('This does not fit', quota, `${formatBytes(quota)} (${formatBytes(Number(used))} used)`);
    }
  }

  private async requestPreview(file: MediaFile): Promise<void> {
    if (!['image', 'video', 'audio'].includes(file.kind)) {
      await this.files.update({ id: file.id }, { previewStatus: 'none' });
      file.previewStatus = 'none';
      return;
    }
    try {
      await this.jobs.enqueue('media.preview', { fileId: file.id }, { ownerId: file.ownerId });
    } catch (error) {
      // The file is saved; only its preview is missing. Say so rather than leave it "pending".
      this.logger.warn(`No preview for ${file.id}: ${(error as Error).message}`);
      await this.files.update({ id: file.id }, { previewStatus: 'failed' });
      file.previewStatus = 'failed';
    }
  }

  private newKey(ownerId: string): string {
    return `${ownerId}/${randomUUID()}`;
  }

  private outputStorageKey(ownerId: string, outputKey: string): string {
    return `${ownerId}/out-${outputKey.replace(/[^A-Za-z0-9._-]/g, '_')}`;
  }
}

/**
 * One `bytes=` range (what browsers send to seek in audio and video). Several ranges are
 * answered with the whole file, which HTTP allows; a range past the end is a 416.
 */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (!match[1] && !match[2])) return undefined;
  let start: number;
  let end: number;
  if (!match[1]) {
    const suffix = Number(match[2]);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] ? Math.min(Number(match[2]), size - 1) : size - 1;
  }
  if (start >= size || start > end) throw new DomainError('range_not_satisfiable', MediaErrorCode.RANGE_NOT_SATISFIABLE, `The range ${header} is outside the file (${size} bytes)`);
  return { start, end };
}
