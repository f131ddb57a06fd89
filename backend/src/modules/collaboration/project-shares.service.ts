import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { ResourceShareGrant, ResourceShareSource, SharedResourceKind, SharedResources } from '../../common/shared-resources';
import { EventBus } from '../../events/event-bus';
import { CollaborationAccess } from './collaboration-access.service';
import { CollabProjectShare } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';
import { ProjectShareDto, ShareWithProjectDto } from './dto/project-share.dto';

/**
 * Media folders, prompts and agents that members share with a project. This area stores only who
 * shared what with which project; the owning areas describe their resources and decide reads by
 * asking the `SharedResources` hook, which this service answers (membership is joined at read time,
 * so a member who leaves or is removed loses access with the next request).
 */
@Injectable()
export class ProjectSharesService implements ResourceShareSource, OnModuleInit {
  constructor(
    @InjectRepository(CollabProjectShare) private readonly shares: Repository<CollabProjectShare>,
    private readonly access: CollaborationAccess,
    private readonly resources: SharedResources,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.resources.use(this);
  }

  /** What is shared with a project of mine, newest first; resources deleted since are left out. */
  async list(user: AuthUser, projectId: string): Promise<ProjectShareDto[]> {
    await this.access.role(user.id, projectId);
    const rows = await this.shares.find({ where: { projectId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return this.toDtos(user, rows);
  }

  /** Shares one of my resources with a project where I may post (owner or editor); sharing it again changes nothing. */
  async share(user: AuthUser, projectId: string, dto: ShareWithProjectDto): Promise<ProjectShareDto> {
    const role = await this.access.role(user.id, projectId);
    if (role === 'viewer') throw new DomainError('forbidden', Code.VIEWER_CANNOT_SHARE, 'A viewer cannot share with the project');
    const resourceId = dto.resourceId.toLowerCase();
    const [resource] = await this.resources.find(dto.kind, [resourceId]);
    // Another user's resource answers exactly like one that does not exist.
    if (!resource || resource.ownerId !== user.id) {
      throw new DomainError('not_found', Code.SHARED_RESOURCE_NOT_FOUND, `No ${dto.kind.replace('_', ' ')} of yours has this id`, [{ field: 'resourceId', message: 'resourceId is not one of yours' }]);
    }
    const inserted: unknown[] = await this.shares.query(
      `INSERT INTO collab_project_shares (project_id, kind, resource_id, shared_by) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING id`,
      [projectId, dto.kind, resourceId, user.id],
    );
    if (inserted.length) {
      // Each other member hears of it once (a notification, the activity feed, automation triggers); sharing it again is silent.
      const occurredAt = new Date().toISOString();
      for (const memberId of await this.access.memberIds(projectId)) {
        if (memberId !== user.id) this.events.publish('collaboration.resource_shared', { userId: memberId, projectId, kind: dto.kind, resourceId, name: resource.name, sharedById: user.id, occurredAt });
      }
    }
    const row = await this.shares.findOneByOrFail({ projectId, kind: dto.kind, resourceId });
    return (await this.toDtos(user, [row]))[0]!;
  }

  /** Unshares at once: the member who shared it, or an owner of the project. */
  async unshare(user: AuthUser, projectId: string, shareId: string): Promise<void> {
    const role = await this.access.role(user.id, projectId);
    const share = await this.shares.findOneBy({ id: shareId, projectId });
    if (!share) throw notFound(Code.PROJECT_SHARE_NOT_FOUND, 'Share');
    if (share.sharedBy !== user.id && role !== 'owner') throw new DomainError('forbidden', Code.PROJECT_SHARE_NOT_YOURS, 'Only who shared it, or an owner of the project, can unshare it');
    await this.shares.delete({ id: share.id });
  }

  /** A member who leaves or is removed takes back what they shared: the project keeps no access to it. */
  async memberLeft(projectId: string, userId: string): Promise<void> {
    await this.shares.delete({ projectId, sharedBy: userId });
  }

  async sharedIds(userId: string, kind: SharedResourceKind): Promise<string[]> {
    const rows: Array<{ resource_id: string }> = await this.shares.query(
      `SELECT DISTINCT s.resource_id FROM collab_project_shares s JOIN collab_project_members m ON m.project_id = s.project_id AND m.user_id = $1 WHERE s.kind = $2`,
      [userId, kind],
    );
    return rows.map((row) => row.resource_id);
  }

  async isSharedWith(userId: string, kind: SharedResourceKind, id: string): Promise<boolean> {
    const rows: unknown[] = await this.shares.query(
      `SELECT 1 FROM collab_project_shares s JOIN collab_project_members m ON m.project_id = s.project_id AND m.user_id = $1 WHERE s.kind = $2 AND s.resource_id = $3 LIMIT 1`,
      [userId, kind, id],
    );
    return rows.length > 0;
  }

  async grants(userId: string, kind: SharedResourceKind): Promise<ResourceShareGrant[]> {
    const rows: Array<{ resource_id: string; project_id: string; project_name: string; shared_by: string; shared_by_name: string }> = await this.shares.query(
      `SELECT s.resource_id, s.project_id, p.name AS project_name, s.shared_by, u.name AS shared_by_name
         FROM collab_project_shares s
         JOIN collab_project_members m ON m.project_id = s.project_id AND m.user_id = $1
         JOIN collab_projects p ON p.id = s.project_id
         JOIN users u ON u.id = s.shared_by
        WHERE s.kind = $2
        ORDER BY p.name, s.created_at`,
      [userId, kind],
    );
    return rows.map((row) => ({ resourceId: row.resource_id, projectId: row.project_id, projectName: row.project_name, sharedById: row.shared_by, sharedByName: row.shared_by_name }));
  }

  /** Whether a media folder is shared with this project (a channel's attachments may come from it). */
  sharedWithProject(projectId: string, kind: SharedResourceKind, id: string): Promise<boolean> {
    return this.shares.existsBy({ projectId, kind, resourceId: id });
  }

  private async toDtos(user: AuthUser, rows: CollabProjectShare[]): Promise<ProjectShareDto[]> {
    const byKind = new Map<SharedResourceKind, string[]>();
    for (const row of rows) byKind.set(row.kind, [...(byKind.get(row.kind) ?? []), row.resourceId]);
    const found = new Map<string, { name: string; ownerId: string }>();
    for (const [kind, ids] of byKind) for (const resource of await this.resources.find(kind, ids)) found.set(`${kind}:${resource.id}`, resource);
    const people = await this.access.usersById(rows.map((row) => row.sharedBy));
    return rows.flatMap((row) => {
      const resource = found.get(`${row.kind}:${row.resourceId}`);
      // Gone, or no longer its sharer's: nothing to show (and nothing readable through it).
      if (!resource || resource.ownerId !== row.sharedBy) return [];
      return [{ id: row.id, projectId: row.projectId, kind: row.kind, resourceId: row.resourceId, name: resource.name, sharedById: row.sharedBy, sharedByName: people.get(row.sharedBy)?.name ?? '', mine: row.sharedBy === user.id, createdAt: row.createdAt }];
    });
  }
}
