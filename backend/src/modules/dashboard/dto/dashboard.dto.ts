import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PageDtoOf } from '../../../common/pagination';
import { Optional } from '../../../common/validation';

export const USAGE_MAX_DAYS = 365;

export class ProviderUsageDto {
  @ApiProperty({ description: 'The provider the calls went to (`openai`, `local`...)' })
  provider: string;
  @ApiProperty({ description: 'Paid model calls recorded in the usage ledger' })
  calls: number;
  @ApiProperty()
  inputTokens: number;
  @ApiProperty()
  outputTokens: number;
  @ApiProperty({ description: 'inputTokens + outputTokens' })
  tokens: number;
  @ApiProperty({ description: 'US dollars' })
  cost: number;
}

/** Succeeded generation jobs, by the Generation page's tab. */
export class GenerationCountsDto {
  @ApiProperty()
  image: number;
  @ApiProperty()
  video: number;
  @ApiProperty()
  audio: number;
  @ApiProperty()
  ebook: number;
  @ApiProperty()
  short: number;
}

export class MonthStatsDto {
  @ApiProperty({ description: 'First instant of the UTC calendar month (ISO 8601)' })
  from: string;
  @ApiProperty({ description: 'First instant of the next month, excluded (ISO 8601)' })
  to: string;
  @ApiProperty({ description: 'Conversations started in the month' })
  conversations: number;
  @ApiProperty({ description: 'Chat messages written in the month: the user’s and the models’ replies' })
  messages: number;
  @ApiProperty({ description: 'Tokens of every model call in the usage ledger (chat, API, generation, knowledge, workflows)' })
  tokens: number;
  @ApiProperty({ description: 'US dollars, every model call' })
  cost: number;
  @ApiProperty({ type: ProviderUsageDto, isArray: true, description: 'Only providers with calls, the costliest first' })
  byProvider: ProviderUsageDto[];
  @ApiProperty({ type: GenerationCountsDto })
  generations: GenerationCountsDto;
  @ApiProperty({ description: 'Workflow (combination) runs started in the month' })
  workflowRuns: number;
}

export class StorageStatsDto {
  @ApiProperty()
  usedBytes: number;
  @ApiProperty()
  quotaBytes: number;
  @ApiProperty()
  fileCount: number;
}

export class DashboardStatsDto {
  @ApiProperty({ type: MonthStatsDto })
  thisMonth: MonthStatsDto;
  @ApiProperty({ type: MonthStatsDto })
  lastMonth: MonthStatsDto;
  @ApiProperty({ type: StorageStatsDto, description: 'Now, not per month' })
  storage: StorageStatsDto;
}

export class UsageQueryDto {
  @ApiPropertyOptional({ description: 'How many UTC days, today included', minimum: 1, maximum: USAGE_MAX_DAYS, default: 30 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'days must be a whole number' })
  @Min(1)
  @Max(USAGE_MAX_DAYS)
  days: number = 30;
}

export class ProviderDayUsageDto {
  @ApiProperty()
  provider: string;
  @ApiProperty()
  tokens: number;
  @ApiProperty({ description: 'US dollars' })
  cost: number;
}

export class DayUsageDto {
  @ApiProperty({ description: 'UTC day, YYYY-MM-DD' })
  date: string;
  @ApiProperty()
  tokens: number;
  @ApiProperty({ description: 'US dollars' })
  cost: number;
  @ApiProperty({ type: ProviderDayUsageDto, isArray: true, description: 'Only providers with calls that day (empty on a day without any)' })
  byProvider: ProviderDayUsageDto[];
}

export class DashboardUsageDto {
  @ApiProperty({ description: 'First day, YYYY-MM-DD (UTC)' })
  from: string;
  @ApiProperty({ description: 'Last day (today), YYYY-MM-DD (UTC)' })
  to: string;
  @ApiProperty({ type: String, isArray: true, description: 'Every provider with calls in the range, the costliest first' })
  providers: string[];
  @ApiProperty({ type: DayUsageDto, isArray: true, description: 'Every day of the range in order, days without calls included with zeros' })
  days: DayUsageDto[];
}

export class ActivityDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'The domain event’s name (`chat.completed`, `generation.completed`...); clients translate known names and show others as they are' })
  name: string;
  @ApiProperty({ description: 'ISO 8601' })
  occurredAt: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true },
    description: 'The payload’s top-level facts (ids, title, kind, status; strings cut to 160 characters, lists as `<name>Count`), at most 12',
  })
  summary: Record<string, string | number | boolean | null>;
}

export class ActivityPageDto extends PageDtoOf(ActivityDto) {}
