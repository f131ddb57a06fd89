import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import type { EventPayloads } from '../../../common/contract';
import { JOB_STATUSES, type JobStatus } from '../../../queue/job-types';
import { STEP_STATUSES, type StepStatus } from '../workflow-run-step.entity';

@ApiSchema({ description: 'A step of a workflow run started or ended (sent to the run\'s owner).' })
export class CombinationStepEventDto {
  runId: string;
  stepId: string;
  @ApiProperty({ enum: STEP_STATUSES })
  status: StepStatus;
  /** The step's rendered prompt or input (when it starts). */
  @ApiPropertyOptional()
  renderedInput?: string;
  /** Its whole output (when it ends). */
  @ApiPropertyOptional()
  output?: string;
  @ApiPropertyOptional()
  model?: string;
  @ApiPropertyOptional()
  durationMs?: number;
  /** Why it failed. */
  @ApiPropertyOptional()
  error?: string;
}

@ApiSchema({ description: 'Text a running step of a workflow run has just produced.' })
export class CombinationDeltaEventDto {
  runId: string;
  stepId: string;
  text: string;
}

@ApiSchema({ description: 'A workflow run changed status (sent to its owner).' })
export class CombinationRunEventDto {
  runId: string;
  @ApiProperty({ enum: JOB_STATUSES })
  status: JobStatus;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  /** The step it failed at. */
  @ApiProperty({ type: String, nullable: true })
  failedStepId: string | null;
}

export const COMBINATION_CLIENT_EVENTS = {
  'combination.run': CombinationRunEventDto,
  'combination.step': CombinationStepEventDto,
  'combination.delta': CombinationDeltaEventDto,
};

declare module '../../../realtime/client-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface ClientEventMap extends EventPayloads<typeof COMBINATION_CLIENT_EVENTS> {}
}

const FINISHED_STATUSES: JobStatus[] = ['succeeded', 'failed', 'cancelled'];

@ApiSchema({ description: 'A workflow run ended: succeeded, failed at a step, or cancelled (a domain event on the bus, not a socket event).' })
export class CombinationCompletedEventDto {
  userId: string;
  runId: string;
  /** The saved workflow it ran (none for an inline one). */
  @ApiProperty({ type: String, nullable: true })
  workflowId: string | null;
  workflowName: string;
  @ApiProperty({ enum: FINISHED_STATUSES })
  status: JobStatus;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  @ApiProperty({ type: String, nullable: true })
  failedStepId: string | null;
  /** The last step's output, cut to 2,000 characters (succeeded runs). */
  @ApiProperty({ type: String, nullable: true })
  output: string | null;
  /** ISO 8601. */
  occurredAt: string;
}

export const COMBINATION_DOMAIN_EVENTS = { 'combination.completed': CombinationCompletedEventDto };

declare module '../../../events/domain-events' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- merges this area's events into the map
  interface DomainEventMap extends EventPayloads<typeof COMBINATION_DOMAIN_EVENTS> {}
}
