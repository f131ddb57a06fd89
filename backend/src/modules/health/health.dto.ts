import { ApiProperty } from '@nestjs/swagger';

export class ComponentHealthDto {
  @ApiProperty({ enum: ['up', 'down', 'disabled'] })
  status: 'up' | 'down' | 'disabled';
  /** What runs this component (for example "embedded PGlite" or "bull"). */
  detail?: string;
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
