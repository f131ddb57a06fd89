import type { BudgetLimits } from '../../../ai/budget-gate';
import type { Role } from '../../../common/auth.decorators';
import { BudgetLimit } from './budget-limit.entity';
import { BudgetLimitsDto, BudgetsDto } from './dto/budgets.dto';

export function toBudgetLimitsDto(limits: BudgetLimits | Pick<BudgetLimit, keyof BudgetLimits>): BudgetLimitsDto {
  return { monthlyCostUsd: limits.monthlyCostUsd, dailyRequests: limits.dailyRequests, storageBytes: limits.storageBytes };
}

export function toBudgetsDto(rows: readonly BudgetLimit[], emails: ReadonlyMap<string, string>): BudgetsDto {
  const fallback = rows.find((row) => row.scope === 'default');
  return {
    default: fallback ? toBudgetLimitsDto(fallback) : { monthlyCostUsd: null, dailyRequests: null, storageBytes: null },
    roles: rows.filter((row) => row.scope === 'role').map((row) => ({ role: row.subject as Role, ...toBudgetLimitsDto(row), updatedAt: row.updatedAt })),
    users: rows.filter((row) => row.scope === 'user').map((row) => ({ userId: row.subject, email: emails.get(row.subject) ?? '', ...toBudgetLimitsDto(row), updatedAt: row.updatedAt })),
  };
}
