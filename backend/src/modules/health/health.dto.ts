import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** What runs a component, as a code the dashboard translates: a PostgreSQL server, the embedded PGlite, or no Redis (jobs and live updates in this process). */
export const HEALTH_DETAIL_CODES = ['postgresql', 'pglite', 'in-process'] as const;
export type HealthDetailCode = (typeof HEALTH_DETAIL_CODES)[number];

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down', 'disabled'] })
  status: 'up' | 'down' | 'disabled';
  /** What runs this component, in English (for example "embedded PGlite"). */
  detail?: string;
  /** The same as a code, for a reader in another language. */
  @ApiPropertyOptional({ enum: HEALTH_DETAIL_CODES })
  runsOn?: HealthDetailCode;
}

export class QueueHealthDto {
  @ApiProperty({ enum: ['bull', 'in-process'] })
  driver: 'bull' | 'in-process';
  @ApiProperty({ enum: ['up', 'down'] })
  status: 'up' | 'down';
}

/** What anyone (a load balancer, a signed-out visitor) is told: whether the service works, nothing of what it runs on. */
export class HealthSummaryDto {
  /** `degraded` when a component is down. */
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';
}

/** The infrastructure behind the service, for admins. */
export class HealthDto extends HealthSummaryDto {
  version: string;
  @ApiProperty({ enum: ['api', 'worker', 'all'] })
  role: 'api' | 'worker' | 'all';
  database: ComponentHealthDto;
  redis: ComponentHealthDto;
  queue: QueueHealthDto;
}
