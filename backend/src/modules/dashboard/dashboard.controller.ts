import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser } from '../../common/auth.decorators';
import { PageQueryDto } from '../../common/pagination';
import { ActivityService } from './activity.service';
import { DashboardService } from './dashboard.service';
import { ActivityPageDto, DashboardStatsDto, DashboardUsageDto, UsageQueryDto } from './dto/dashboard.dto';

@ApiTags('dashboard')
@ApiBearerAuth()
@Controller('dashboard')
export class DashboardController {
  constructor(
    private readonly dashboard: DashboardService,
    private readonly activity: ActivityService,
  ) {}

  @Get('stats')
  @ApiOperation({ summary: 'My figures for this and last UTC calendar month: conversations, messages, tokens and cost by provider, generations by kind, workflow runs; storage used of my quota' })
  getDashboardStats(@CurrentUser() user: AuthUser): Promise<DashboardStatsDto> {
    return this.dashboard.stats(user);
  }

  @Get('usage')
  @ApiOperation({ summary: 'My tokens and cost per UTC day and provider over the last `days` days (today included); days without calls listed with zeros' })
  getDashboardUsage(@CurrentUser() user: AuthUser, @Query() query: UsageQueryDto): Promise<DashboardUsageDto> {
    return this.dashboard.usagePerDay(user, query.days);
  }

  @Get('activity')
  @ApiOperation({ summary: 'What happened in my account, newest first: every domain event that named me (kept 90 days, at most 500)' })
  listDashboardActivity(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<ActivityPageDto> {
    return this.activity.list(user, query);
  }
}
