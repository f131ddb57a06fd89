import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { SharedResources } from '../../common/shared-resources';
import { DomainError, withParams } from '../../common/domain-error';
import { CreateMediaFolderDto, MediaFolderDto, SharedMediaFolderDto, UpdateMediaFolderDto } from './dto/media.dto';
import { MediaFile } from './media-file.entity';
import { MediaFolder } from './media-folder.entity';
import { MediaService } from './media.service';
import { MediaErrorCode } from './media.errors';
import { toMediaFolderDto } from './media.mapper';

/** Nested folders of the media library; the tree is a parent link per folder. */
@Injectable()
export class MediaFoldersService {
  constructor(
    @InjectRepository(MediaFolder) private readonly folders: Repository<MediaFolder>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly media: MediaService,
    private readonly shared: SharedResources,
  ) {}

  /** Every folder of the owner, flat (the client builds the tree from `parentId`), with file counts. */
  async list(ownerId: string): Promise<MediaFolderDto[]> {
    const rows = await this.folders
      .createQueryBuilder('folder')
      .leftJoin(MediaFile, 'file', 'file.folder_id = folder.id')
      .select(['folder.id AS id', 'folder.name AS name', 'folder.parent_id AS "parentId"', 'folder.created_at AS "createdAt"', 'folder.updated_at AS "updatedAt"'])
      .addSelect('COUNT(file.id)', 'fileCount')
      .where('folder.owner_id = :ownerId', { ownerId })
      .groupBy('folder.id')
      .orderBy('lower(folder.name)', 'ASC')
      .getRawMany<Omit<MediaFolderDto, 'fileCount'> & { fileCount: string }>();
    return rows.map((row) => ({ ...row, fileCount: Number(row.fileCount) }));
  }

  /**
   * The folders other people shared with projects I am a member of, and every folder below them,
   * flat like `list` (a shared folder's own parent is not included: it is a top of this list). A
   * folder shared through several projects, or inside another shared one, is listed once.
   */
  async listShared(userId: string): Promise<SharedMediaFolderDto[]> {
    const grants = (await this.shared.grants(userId, 'media_folder')).filter((grant) => grant.sharedById !== userId);
    if (!grants.length) return [];
    const rootIds = [...new Set(grants.map((grant) => grant.resourceId))];
    // Each folder of the shared subtrees with the shared folder it is reached from (the nearest one when shares nest).
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree(id, root_id, depth) AS (
         SELECT id, id, 0 FROM media_folders WHERE id = ANY($1::uuid[])
         UNION ALL SELECT f.id, t.root_id, t.depth + 1 FROM media_folders f JOIN tree t ON f.parent_id = t.id
       )
       SELECT DISTINCT ON (f.id) f.id, f.name, f.parent_id AS "parentId", f.owner_id AS "ownerId", f.created_at AS "createdAt", f.updated_at AS "updatedAt", t.root_id AS "rootId",
              (SELECT COUNT(*) FROM media_files m WHERE m.folder_id = f.id) AS "fileCount"
         FROM tree t JOIN media_folders f ON f.id = t.id
        ORDER BY f.id, t.depth`,
      [rootIds],
    )) as Array<Omit<MediaFolderDto, 'fileCount'> & { ownerId: string; rootId: string; fileCount: string }>;
    const byRoot = new Map<string, typeof grants>();
    for (const grant of grants) byRoot.set(grant.resourceId, [...(byRoot.get(grant.resourceId) ?? []), grant]);
    return rows
      .flatMap((row) => {
        // Only what its owner shared gives access (a share the owner did not make shows nothing).
        const through = (byRoot.get(row.rootId) ?? []).filter((grant) => grant.sharedById === row.ownerId);
        if (!through.length) return [];
        const { rootId, fileCount, ...folder } = row;
        return [{ ...folder, fileCount: Number(fileCount), ownerName: through[0]!.sharedByName, sharedRootId: rootId, projects: through.map((grant) => ({ id: grant.projectId, name: grant.projectName })) }];
      })
      .sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()) || a.id.localeCompare(b.id));
  }

  async create(ownerId: string, dto: CreateMediaFolderDto): Promise<MediaFolderDto> {
    if (dto.parentId) await this.media.ownedFolder(ownerId, dto.parentId);
    await this.assertNameFree(ownerId, dto.parentId ?? null, dto.name);
    const folder = await this.folders.save(this.folders.create({ ownerId, parentId: dto.parentId ?? null, name: dto.name }));
    return toMediaFolderDto(folder, 0);
  }

  async update(ownerId: string, id: string, dto: UpdateMediaFolderDto): Promise<MediaFolderDto> {
    const folder = await this.media.ownedFolder(ownerId, id);
    if (dto.parentId !== undefined && dto.parentId !== folder.parentId) {
      if (dto.parentId) {
        await this.media.ownedFolder(ownerId, dto.parentId);
        if ((await this.descendantIds(id)).includes(dto.parentId)) {
          throw new DomainError('invalid', MediaErrorCode.FOLDER_CYCLE, 'A folder cannot be moved into itself or one of its sub-folders', [{ field: 'parentId', message: 'must not be the folder or one of its sub-folders' }]);
        }
      }
      folder.parentId = dto.parentId;
    }
    if (dto.name !== undefined) folder.name = dto.name;
    if (dto.name !== undefined || dto.parentId !== undefined) await this.assertNameFree(ownerId, folder.parentId, folder.name, folder.id);
    const saved = await this.folders.save(folder);
    return toMediaFolderDto(saved, await this.dataSource.getRepository(MediaFile).countBy({ folderId: id }));
  }

  /** A folder with content goes only with `recursive`; then its sub-folders and files, bytes included, go too. */
  async remove(ownerId: string, id: string, recursive: boolean): Promise<void> {
    await this.media.ownedFolder(ownerId, id);
    const ids = await this.descendantIds(id);
    const keys = await this.dataSource.transaction(async (manager) => {
      const files = await manager.getRepository(MediaFile).findBy({ ownerId, folderId: In(ids) });
      if (!recursive && (files.length || ids.length > 1)) {
        throw withParams('conflict', MediaErrorCode.FOLDER_NOT_EMPTY, `The folder holds ${files.length} file(s) and ${ids.length - 1} sub-folder(s); delete with ?recursive=true to remove them too`, {
          files: files.length,
          folders: ids.length - 1,
        });
      }
      const stored = await this.media.deleteRows(manager, files);
      // Sub-folders go with their parent (ON DELETE CASCADE).
      await manager.getRepository(MediaFolder).delete({ id, ownerId });
      return stored;
    });
    await this.media.discard(keys);
  }

  /** The folder and everything below it. */
  private async descendantIds(id: string): Promise<string[]> {
    const rows = (await this.dataSource.query(
      `WITH RECURSIVE tree(id) AS (SELECT id FROM media_folders WHERE id = $1 UNION SELECT f.id FROM media_folders f JOIN tree t ON f.parent_id = t.id) SELECT id FROM tree`,
      [id],
    )) as Array<{ id: string }>;
    return rows.map((row) => row.id);
  }

  private async assertNameFree(ownerId: string, parentId: string | null, name: string, exceptId?: string): Promise<void> {
    const clash = await this.folders
      .createQueryBuilder('folder')
      .where('folder.owner_id = :ownerId', { ownerId })
      .andWhere(parentId ? 'folder.parent_id = :parentId' : 'folder.parent_id IS NULL', { parentId })
      .andWhere('lower(folder.name) = lower(:name)', { name })
      .andWhere(exceptId ? 'folder.id <> :exceptId' : '1 = 1', { exceptId })
      .getExists();
    if (clash) throw withParams('conflict', MediaErrorCode.FOLDER_EXISTS, `A folder named "${name}" already exists here`, { name });
  }
}
