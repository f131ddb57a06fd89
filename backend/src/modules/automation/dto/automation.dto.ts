import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { DELIVERY_STATUSES, type DeliveryStatus } from '../automation.entities';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class TriggerInputDto {
  @ApiProperty({ description: 'A name to recognise it by', maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ description: 'Where events are POSTed: http(s), a public address (the outbound guard refuses loopback, private, link-local and metadata addresses, also through DNS and redirects)', maxLength: 2000 })
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  url: string;

  @ApiProperty({ description: 'Domain event names (GET /api/automation/events lists them)', type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  events: string[];

  @ApiPropertyOptional({ description: 'Default true' })
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class TriggerPatchDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 2000)
  url?: string;

  @ApiPropertyOptional({ type: [String] })
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(80, { each: true })
  events?: string[];

  @ApiPropertyOptional()
  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class TriggerDto {
  id: string;
  name: string;
  url: string;
  events: string[];
  enabled: boolean;
  /** Failed attempts since the last success (the trigger is never turned off for failing). */
  consecutiveFailures: number;
  @ApiProperty({ type: String, nullable: true })
  lastDeliveryAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export class TriggerWithSecretDto extends TriggerDto {
  /** The signing secret (`whsec_…`): shown now, never again. */
  secret: string;
}

export class DeliveryAttemptDto {
  attempt: number;
  @ApiProperty({ type: Number, nullable: true })
  statusCode: number | null;
  durationMs: number;
  /** The answer's first 1,024 bytes. */
  @ApiProperty({ type: String, nullable: true })
  responseExcerpt: string | null;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  createdAt: string;
}

export class DeliveryDto {
  id: string;
  triggerId: string;
  /** The `webhook-id` header. */
  messageId: string;
  eventType: string;
  @ApiProperty({ enum: DELIVERY_STATUSES })
  status: DeliveryStatus;
  attempts: number;
  @ApiProperty({ type: String, nullable: true })
  nextAttemptAt: string | null;
  @ApiProperty({ type: Number, nullable: true })
  lastStatusCode: number | null;
  @ApiProperty({ type: String, nullable: true })
  lastError: string | null;
  /** The JSON sent. */
  body: string;
  @ApiProperty({ type: String, nullable: true })
  redeliveryOf: string | null;
  createdAt: string;
  @ApiProperty({ type: String, nullable: true })
  finishedAt: string | null;
  @ApiProperty({ type: [DeliveryAttemptDto] })
  attemptLog: DeliveryAttemptDto[];
}

export class DeliveryPageDto extends PageDtoOf(DeliveryDto) {}

export class AutomationEventsDto {
  /** Every domain event a trigger may subscribe to. */
  events: string[];
}

export class HookInputDto {
  @ApiProperty({ maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;

  @ApiProperty({ description: 'One of my saved workflows (combinations)' })
  @IsUUID('all', { message: 'workflowId must be the id of one of your saved workflows' })
  workflowId: string;
}

export class HookPatchDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @Optional()
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiPropertyOptional()
  @Optional()
  @IsUUID('all', { message: 'workflowId must be the id of one of your saved workflows' })
  workflowId?: string;
}

export class HookDto {
  id: string;
  name: string;
  workflowId: string;
  /** The secret's last four characters. */
  secretHint: string;
  revoked: boolean;
  @ApiProperty({ type: String, nullable: true })
  lastCalledAt: string | null;
  createdAt: string;
  /** The path to POST to (`/api/automation/hooks/{id}`). */
  path: string;
}

export class HookWithSecretDto extends HookDto {
  /** Shown now, never again. */
  secret: string;
}

export class HookCallDto {
  id: string;
  statusCode: number;
  @ApiProperty({ type: String, nullable: true })
  runId: string | null;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  durationMs: number;
  createdAt: string;
}

export class HookCallPageDto extends PageDtoOf(HookCallDto) {}

export class HookCallQueryDto {
  @ApiPropertyOptional({ description: 'Wait up to 60 s for the run to end and answer its output' })
  @Optional()
  @IsIn(['true', 'false'], { message: 'wait must be true or false' })
  wait?: 'true' | 'false';
}

export class HookRunDto {
  runId: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed', 'cancelled'] })
  status: string;
  /** The run's output once it succeeded (with `?wait=true`). */
  @ApiProperty({ type: String, nullable: true })
  output: string | null;
  @ApiProperty({ type: String, nullable: true })
  error: string | null;
  /** False when `wait=true` gave up after 60 s (the run goes on). */
  finished: boolean;
}

export { PageQueryDto };
