import { Controller, Get, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public, Roles } from '../../common/auth.decorators';
import { HealthDto, HealthSummaryDto } from './health.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Whether the service works (ok or degraded), for load balancers and anyone; what it runs on is for admins (GET /api/health/details)' })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable', type: HealthSummaryDto })
  async getHealth(@Res({ passthrough: true }) response: Response): Promise<HealthSummaryDto> {
    const { status } = await this.checked(response);
    return { status };
  }

  @Get('details')
  @Roles('admin')
  @ApiBearerAuth()
  @ApiOperation({ summary: 'State of the database, Redis, the job queue, the version and the process role (admins only)' })
  @ApiServiceUnavailableResponse({ description: 'The database is unreachable', type: HealthDto })
  getHealthDetails(@Res({ passthrough: true }) response: Response): Promise<HealthDto> {
    return this.checked(response);
  }

  /** A load balancer should stop sending traffic only when the database is gone; a Redis outage degrades jobs and realtime but the API still answers. */
  private async checked(response: Response): Promise<HealthDto> {
    const health = await this.health.check();
    if (health.database.status === 'down') response.status(503);
    return health;
  }
}
