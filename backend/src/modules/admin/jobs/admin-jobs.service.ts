import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import type { Actor } from '../../../common/auth.decorators';
import { DomainError, notFound } from '../../../common/domain-error';
import { skipTake, toPage } from '../../../common/pagination';
import type { Job } from '../../../queue/job.entity';
import { JOB_STATUSES } from '../../../queue/job-types';
import { JobsService } from '../../../queue/jobs.service';
import { QueueDriver } from '../../../queue/queue-driver';
import { QueueErrorCode } from '../../../queue/queue.errors';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { User } from '../../auth/user.entity';
import { AdminJobDto, AdminJobPageDto, AdminJobQueryDto, JobCountsDto, JobQueueSummaryDto } from './admin-jobs.dto';

/** The job queue as an administrator sees it: its depth per kind of job, the failures, retry and discard. */
@Injectable()
export class AdminJobsService {
  constructor(
    private readonly jobs: JobsService,
    private readonly driver: QueueDriver,
    private readonly audit: AuditService,
    @InjectRepository(User) private readonly users: Repository<User>,
  ) {}

  async summary(): Promise<JobQueueSummaryDto> {
    const byName = new Map<string, JobCountsDto>();
    for (const { name, status, count } of await this.jobs.counts()) {
      const counts = byName.get(name) ?? { name, ...Object.fromEntries(JOB_STATUSES.map((each) => [each, 0])) } as JobCountsDto;
      counts[status] = count;
      byName.set(name, counts);
    }
    const rows = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
    return {
      driver: this.driver.kind,
      depth: rows.reduce((sum, row) => sum + row.queued + row.running, 0),
      failed: rows.reduce((sum, row) => sum + row.failed, 0),
      byName: rows,
    };
  }

  async list(query: AdminJobQueryDto): Promise<AdminJobPageDto> {
    const { skip, take } = skipTake(query);
    const [rows, total] = await this.jobs.listByStatus(query.status ?? 'failed', skip, take);
    const owners = await this.emails(rows);
    return toPage([rows, total], query, (job) => toAdminJobDto(job, owners));
  }

  /** Runs a failed or cancelled job again as its owner (their slot, their keys, their budget). */
  async retry(actor: Actor, id: string): Promise<AdminJobDto> {
    const job = await this.owned(id);
    const retried = await this.jobs.retry(job.id, job.ownerId!);
    await this.record(actor, AuditAction.JOB_RETRIED, job);
    return toAdminJobDto(retried, await this.emails([retried]));
  }

  async discard(actor: Actor, id: string): Promise<AdminJobDto> {
    const discarded = await this.jobs.discard(id);
    await this.record(actor, AuditAction.JOB_DISCARDED, discarded);
    return toAdminJobDto(discarded, await this.emails([discarded]));
  }

  private async owned(id: string): Promise<Job> {
    const job = await this.jobs.findOne(id);
    if (!job) throw notFound(QueueErrorCode.JOB_NOT_FOUND, 'Job');
    if (!job.ownerId) throw new DomainError('conflict', QueueErrorCode.SYSTEM_JOB, `"${job.name}" is one of the server's own jobs: it runs again on its schedule`);
    return job;
  }

  private async emails(jobs: Job[]): Promise<Map<string, string>> {
    const ids = [...new Set(jobs.flatMap((job) => (job.ownerId ? [job.ownerId] : [])))];
    if (!ids.length) return new Map();
    const users = await this.users.find({ select: { id: true, email: true }, where: { id: In(ids) } });
    return new Map(users.map((user) => [user.id, user.email]));
  }

  private record(actor: Actor, action: AuditAction, job: Job): Promise<void> {
    return this.audit.record({ action, actor, ip: actor.ip, details: { jobId: job.id, name: job.name, ...(job.ownerId ? { ownerId: job.ownerId } : {}) } });
  }
}

function toAdminJobDto(job: Job, owners: Map<string, string>): AdminJobDto {
  return {
    id: job.id,
    name: job.name,
    status: job.status,
    ownerId: job.ownerId,
    ownerEmail: job.ownerId ? (owners.get(job.ownerId) ?? null) : null,
    error: job.error,
    attempts: job.attempts,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
  };
}
