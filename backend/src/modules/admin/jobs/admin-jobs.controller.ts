import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiConflictResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CurrentActor, Roles } from '../../../common/auth.decorators';
import { ParseIdPipe } from '../../../common/parse-id.pipe';
import { AdminJobDto, AdminJobPageDto, AdminJobQueryDto, JobQueueSummaryDto } from './admin-jobs.dto';
import { AdminJobsService } from './admin-jobs.service';

@ApiTags('admin')
@ApiBearerAuth()
@Roles('admin')
@Controller('admin/jobs')
export class AdminJobsController {
  constructor(private readonly jobs: AdminJobsService) {}

  @Get('summary')
  @ApiOperation({ summary: "The job queue: its driver, its depth (waiting or running) and failures, per kind of job" })
  getJobQueueSummary(): Promise<JobQueueSummaryDto> {
    return this.jobs.summary();
  }

  @Get()
  @ApiOperation({ summary: "Every user's jobs in one status, newest first (failed by default)" })
  listAdminJobs(@Query() query: AdminJobQueryDto): Promise<AdminJobPageDto> {
    return this.jobs.list(query);
  }

  @Post(':id/retry')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Run a failed or cancelled job again, as its owner (audited)' })
  @ApiConflictResponse({ description: 'JOB_NOT_RETRYABLE (it is queued, running or succeeded) or SYSTEM_JOB (one of the server\'s own jobs)' })
  retryAdminJob(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<AdminJobDto> {
    return this.jobs.retry(actor, id);
  }

  @Post(':id/discard')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Take a failed job out of the failures without running it: marked cancelled, its reason kept (audited)' })
  @ApiConflictResponse({ description: 'JOB_NOT_DISCARDABLE: the job has not failed' })
  discardAdminJob(@CurrentActor() actor: Actor, @Param('id', new ParseIdPipe()) id: string): Promise<AdminJobDto> {
    return this.jobs.discard(actor, id);
  }
}
