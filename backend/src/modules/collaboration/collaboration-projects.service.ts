import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { RealtimeGateway } from '../../realtime/realtime.gateway';
import { User } from '../auth/user.entity';
import { CollaborationAccess } from './collaboration-access.service';
import { ConversationSharesService } from './conversation-shares.service';
import { ProjectSharesService } from './project-shares.service';
import { CollabChannel, CollabProject, CollabProjectMember, type ProjectRole } from './collaboration.entities';
import { CollaborationErrorCode as Code } from './collaboration.errors';
import { CollaborationReads } from './collaboration-reads.service';
import { AddProjectMemberDto, CollaboratorDto, ProjectDto, ProjectInputDto, ProjectSummaryDto } from './dto/collaboration.dto';

/** Projects: their members and roles, and the channel each one has. */
@Injectable()
export class CollaborationProjectsService {
  constructor(
    private readonly data: DataSource,
    @InjectRepository(CollabProject) private readonly projects: Repository<CollabProject>,
    @InjectRepository(CollabProjectMember) private readonly members: Repository<CollabProjectMember>,
    @InjectRepository(CollabChannel) private readonly channels: Repository<CollabChannel>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly access: CollaborationAccess,
    private readonly reads: CollaborationReads,
    private readonly realtime: RealtimeGateway,
    private readonly sharing: ConversationSharesService,
    private readonly projectShares: ProjectSharesService,
  ) {}

  async list(user: AuthUser): Promise<ProjectSummaryDto[]> {
    const mine = await this.members.findBy({ userId: user.id });
    if (!mine.length) return [];
    return this.summaries(user, mine.map((member) => member.projectId));
  }

  async get(user: AuthUser, id: string): Promise<ProjectDto> {
    await this.access.role(user.id, id);
    const [summary] = await this.summaries(user, [id]);
    const members = await this.members.find({ where: { projectId: id }, order: { createdAt: 'ASC' } });
    const users = await this.access.usersById(members.map((member) => member.userId));
    return {
      ...summary!,
      members: members.map((member) => ({ userId: member.userId, name: users.get(member.userId)?.name ?? '', email: users.get(member.userId)?.email ?? '', role: member.role })),
    };
  }

  async create(user: AuthUser, dto: ProjectInputDto): Promise<ProjectDto> {
    const id = await this.data.transaction(async (tx) => {
      const project = await tx.save(tx.create(CollabProject, { name: dto.name, createdBy: user.id }));
      await tx.save(tx.create(CollabProjectMember, { projectId: project.id, userId: user.id, role: 'owner' }));
      await tx.save(tx.create(CollabChannel, { projectId: project.id, name: 'general' }));
      return project.id;
    });
    return this.get(user, id);
  }

  async rename(user: AuthUser, id: string, dto: ProjectInputDto): Promise<ProjectDto> {
    await this.access.requireOwner(user.id, id);
    await this.projects.update({ id }, { name: dto.name });
    return this.get(user, id);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    await this.access.requireOwner(user.id, id);
    const members = await this.members.findBy({ projectId: id });
    const shared = await this.sharing.sharedThrough(id);
    await this.projects.delete({ id });
    for (const member of members) this.realtime.emitToUser(member.userId, 'collaboration.membership', { projectId: id, role: null });
    await this.sharing.projectAccessLost(
      shared,
      members.map((member) => member.userId),
    );
  }

  async addMember(user: AuthUser, id: string, dto: AddProjectMemberDto): Promise<ProjectDto> {
    await this.access.requireOwner(user.id, id);
    const invited = await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email: dto.email }).andWhere("u.status = 'active'").getOne();
    if (!invited) throw new DomainError('not_found', Code.COLLABORATOR_NOT_FOUND, 'No user has this e-mail address');
    const role = dto.role ?? 'editor';
    const added: unknown[] = await this.members.query(
      `INSERT INTO collab_project_members (project_id, user_id, role) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING user_id`,
      [id, invited.id, role],
    );
    if (!added.length) throw new DomainError('conflict', Code.ALREADY_MEMBER, 'This user is already a member of the project');
    this.realtime.emitToUser(invited.id, 'collaboration.membership', { projectId: id, role });
    return this.get(user, id);
  }

  async changeRole(user: AuthUser, id: string, memberId: string, role: ProjectRole): Promise<ProjectDto> {
    await this.access.requireOwner(user.id, id);
    await this.data.transaction(async (tx) => {
      const member = await tx.findOne(CollabProjectMember, { where: { projectId: id, userId: memberId }, lock: { mode: 'pessimistic_write' } });
      if (!member) throw new DomainError('not_found', Code.COLLABORATOR_NOT_FOUND, 'This user is not a member of the project');
      if (member.role === 'owner' && role !== 'owner') await this.keepAnOwner(tx.getRepository(CollabProjectMember), id);
      await tx.update(CollabProjectMember, { projectId: id, userId: memberId }, { role });
    });
    this.realtime.emitToUser(memberId, 'collaboration.membership', { projectId: id, role });
    return this.get(user, id);
  }

  /** An owner removes a member; any member removes themselves (leaves). */
  async removeMember(user: AuthUser, id: string, memberId: string): Promise<void> {
    if (memberId === user.id) await this.access.role(user.id, id);
    else await this.access.requireOwner(user.id, id);
    await this.data.transaction(async (tx) => {
      const member = await tx.findOne(CollabProjectMember, { where: { projectId: id, userId: memberId }, lock: { mode: 'pessimistic_write' } });
      if (!member) throw new DomainError('not_found', Code.COLLABORATOR_NOT_FOUND, 'This user is not a member of the project');
      if (member.role === 'owner') await this.keepAnOwner(tx.getRepository(CollabProjectMember), id);
      await tx.delete(CollabProjectMember, { projectId: id, userId: memberId });
    });
    await this.projectShares.memberLeft(id, memberId);
    this.realtime.emitToUser(memberId, 'collaboration.membership', { projectId: id, role: null });
    await this.sharing.projectAccessLost(await this.sharing.sharedThrough(id), [memberId]);
  }

  /** People I share a project with: whom the page offers for a direct message. */
  async contacts(user: AuthUser): Promise<CollaboratorDto[]> {
    const rows = await this.users
      .createQueryBuilder('u')
      .where(`u.id <> :me AND u.status = 'active'`, { me: user.id })
      .andWhere(
        `(u.id IN (SELECT o.user_id FROM collab_project_members o JOIN collab_project_members m ON m.project_id = o.project_id WHERE m.user_id = :me)
          OR u.id IN (SELECT CASE WHEN x.sender_id = :me THEN x.recipient_id ELSE x.sender_id END FROM collab_messages x WHERE x.channel_id IS NULL AND (x.sender_id = :me OR x.recipient_id = :me)))`,
      )
      .orderBy('lower(u.name)')
      .limit(500)
      .getMany();
    return rows.map(toCollaboratorDto);
  }

  /** Another user by exact e-mail address, to start a direct conversation. */
  async lookup(user: AuthUser, email: string): Promise<CollaboratorDto> {
    const found = await this.users.createQueryBuilder('u').where('lower(u.email) = lower(:email)', { email }).andWhere("u.status = 'active'").getOne();
    if (!found) throw new DomainError('not_found', Code.COLLABORATOR_NOT_FOUND, 'No user has this e-mail address');
    return toCollaboratorDto(found);
  }

  private async keepAnOwner(members: Repository<CollabProjectMember>, projectId: string): Promise<void> {
    const owners = await members.countBy({ projectId, role: 'owner' });
    if (owners <= 1) throw new DomainError('conflict', Code.LAST_OWNER, 'A project keeps at least one owner');
  }

  private async summaries(user: AuthUser, ids: string[]): Promise<ProjectSummaryDto[]> {
    const [projects, channels, members] = await Promise.all([
      this.projects.find({ where: { id: In(ids) }, order: { createdAt: 'ASC' } }),
      this.channels.findBy({ projectId: In(ids) }),
      this.members.findBy({ projectId: In(ids) }),
    ]);
    const channelOf = new Map(channels.map((channel) => [channel.projectId, channel.id]));
    const unread = await this.reads.unread(user.id, channels.map((channel) => `c:${channel.id}`));
    return projects.map((project) => {
      const channelId = channelOf.get(project.id)!;
      const state = unread.get(`c:${channelId}`);
      const inProject = members.filter((member) => member.projectId === project.id);
      return {
        id: project.id,
        name: project.name,
        role: inProject.find((member) => member.userId === user.id)!.role,
        channelId,
        memberCount: inProject.length,
        unread: state?.unread ?? 0,
        lastMessageId: state?.lastMessageId ?? null,
        createdAt: project.createdAt,
      };
    });
  }
}

export const toCollaboratorDto = (user: Pick<User, 'id' | 'name' | 'email'>): CollaboratorDto => ({ id: user.id, name: user.name, email: user.email });
