import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../common/auth.decorators';
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'State of the database, Redis and the job queue' })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable', type: HealthDto })
  async getHealth(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    const health = await this.health.check();
    // A load balancer should stop sending traffic only when the database is gone; a Redis
    // outage degrades jobs and realtime but the API still answers.
    if (health.database.status === 'down') response.status(503);
    return health;
  }
}
