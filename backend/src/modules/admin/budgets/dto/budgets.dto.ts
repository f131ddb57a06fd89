import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsISO8601, IsNumber, Max, Min } from 'class-validator';
import { ROLE_NAMES, type Role } from '../../../../common/auth.decorators';
import { Optional } from '../../../../common/validation';

const BUDGET_NAMES = ['monthlyCost', 'dailyRequests', 'storage'] as const;

/** The limits a scope sets; a field left out or null is not set here (the next scope's applies: user, then role, then default). */
export class SetBudgetLimitsDto {
  /** Monthly cost budget in US dollars (calendar month, UTC); 0 refuses every paid call. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Optional({ nullable: true })
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 }, { message: 'monthlyCostUsd must be a number of US dollars' })
  @Min(0, { message: 'monthlyCostUsd must be 0 or more' })
  @Max(1_000_000_000, { message: 'monthlyCostUsd must be at most 1000000000' })
  monthlyCostUsd?: number | null;

  /** Model calls per day (UTC). */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Optional({ nullable: true })
  @IsInt({ message: 'dailyRequests must be a whole number' })
  @Min(0, { message: 'dailyRequests must be 0 or more' })
  @Max(1_000_000_000, { message: 'dailyRequests must be at most 1000000000' })
  dailyRequests?: number | null;

  /** Bytes of media the user may keep (uploads and generated files); at most the disk's size. */
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0 })
  @Optional({ nullable: true })
  @IsInt({ message: 'storageBytes must be a whole number of bytes' })
  @Min(0, { message: 'storageBytes must be 0 or more' })
  storageBytes?: number | null;
}

export class RoleParamDto {
  @ApiProperty({ enum: ROLE_NAMES, enumName: 'Role' })
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role: Role;
}

export class BudgetLimitsDto {
  @ApiProperty({ type: Number, nullable: true })
  monthlyCostUsd: number | null;

  @ApiProperty({ type: Number, nullable: true })
  dailyRequests: number | null;

  @ApiProperty({ type: Number, nullable: true })
  storageBytes: number | null;
}

export class RoleBudgetDto extends BudgetLimitsDto {
  @ApiProperty({ enum: ROLE_NAMES, enumName: 'Role' })
  role: Role;

  updatedAt: Date;
}

export class UserBudgetDto extends BudgetLimitsDto {
  userId: string;

  email: string;

  updatedAt: Date;
}

/** Every budget set: the default, the roles' and the users' (the users' win, then the roles', then the default). */
export class BudgetsDto {
  default: BudgetLimitsDto;

  roles: RoleBudgetDto[];

  users: UserBudgetDto[];
}

/** The caller's own budgets and how much of them is used (the dashboard warns from 80 %). */
export class MyBudgetDto {
  /** The limits in force (user, else role, else default); null: none. */
  limits: BudgetLimitsDto;

  /** Cost this calendar month (UTC), calls under way included. */
  monthCostUsd: number;

  /** Model calls today (UTC). */
  dayRequests: number;

  storageUsedBytes: number;

  monthResetsAt: Date;

  dayResetsAt: Date;

  /** The budgets used at 80 % or more. */
  @ApiProperty({ enum: BUDGET_NAMES, enumName: 'BudgetName', isArray: true })
  warnings: Array<(typeof BUDGET_NAMES)[number]>;
}

export class UsageReportQueryDto {
  /** Start of the period (ISO 8601); default: the first day of this month (UTC). */
  @Optional()
  @IsISO8601({ strict: true }, { message: 'from must be an ISO 8601 date' })
  from?: string;

  /** End of the period (ISO 8601), included; default: now. */
  @Optional()
  @IsISO8601({ strict: true }, { message: 'to must be an ISO 8601 date' })
  to?: string;
}

/** Tokens and cost of one user with one model over the period. */
export class UsageReportRowDto {
  userId: string;

  /** The user's address; empty for a deleted account. */
  email: string;

  provider: string;

  model: string;

  calls: number;

  inputTokens: number;

  outputTokens: number;

  /** US dollars. */
  cost: number;
}

export class UsageReportTotalsDto {
  calls: number;

  inputTokens: number;

  outputTokens: number;

  cost: number;
}

export class UsageReportDto {
  from: Date;

  to: Date;

  /** By user, provider and model, costliest first (at most 1000 rows; the CSV has them all). */
  rows: UsageReportRowDto[];

  /** Whether rows were left out past 1000. */
  truncated: boolean;

  totals: UsageReportTotalsDto;
}
