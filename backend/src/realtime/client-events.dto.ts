import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { JOB_STATUSES, type JobStatus } from '../queue/job-types';

@ApiSchema({ description: "A job's progress, sent to its owner after every change (whichever process runs the job)." })
export class JobProgressEventDto {
  id: string;
  /** The job's name, for example `generation.image` or `knowledge.index`. */
  name: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;
  /** 0 to 100. */
  progress: number;
  /** What it is doing, in words. */
  @ApiProperty({ type: String, nullable: true })
  step: string | null;
  /** Why it failed. */
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
}
