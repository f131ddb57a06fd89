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

export class HealthDto {
  /** `degraded` when a component is down. */
  @ApiProperty({ enum: ['ok', 'degraded'] })
  status: 'ok' | 'degraded';
  version: string;
  @ApiProperty({ enum: ['api', 'worker', 'all'] })
  role: 'api' | 'worker' | 'all';
  database: ComponentHealthDto;
  redis: ComponentHealthDto;
  queue: QueueHealthDto;
}
