import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { JOB_STATUSES, type JobStatus } from '../../../queue/job-types';

export class JobCountsDto {
  /** The job's name (`generation.image`, `combinations.run`, …). */
  name: string;
  queued: number;
  running: number;
  failed: number;
  succeeded: number;
  cancelled: number;
}

export class JobQueueSummaryDto {
  /** `bull` (Redis) or `in-process` (the embedded defaults). */
  driver: string;
  /** Waiting or running, every kind together: the queue's depth. */
  depth: number;
  failed: number;
  byName: JobCountsDto[];
}

export class AdminJobDto {
  id: string;
  name: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;
  /** Whose job it is (none for the server's own jobs). */
  @ApiProperty({ type: String, nullable: true })
  ownerId: string | null;
  @ApiProperty({ type: String, nullable: true })
  ownerEmail: string | null;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  attempts: number;
  createdAt: string;
  @ApiProperty({ type: String, nullable: true })
  finishedAt: string | null;
}

export class AdminJobPageDto extends PageDtoOf(AdminJobDto) {}

export class AdminJobQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES, description: 'Only jobs in this status (default: failed)' })
  @Optional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;
}
