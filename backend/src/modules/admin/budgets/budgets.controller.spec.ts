import { Readable } from 'node:stream';
import { controllerSetup, describeRouteAccess, describeValidation, dto, ROUTE_PARAM_ID } from '../../../../test/support/controller-setup';
import { BudgetsController, ProfileBudgetController } from './budgets.controller';
import { BudgetsService } from './budgets.service';
import { SetBudgetLimitsDto, UsageReportQueryDto } from './dto/budgets.dto';
import { UsageReportService } from './usage-report.service';

describe(BudgetsController.name, () => {
  const api = controllerSetup(BudgetsController, { mocks: [BudgetsService, UsageReportService] });
  const budgets = api.mock(BudgetsService);
  const reports = api.mock(UsageReportService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'setDefaultBudget',
      as: 'admin',
      body: { monthlyCostUsd: 12.5, dailyRequests: 100, storageBytes: null },
      wrong: { monthlyCostUsd: -1, dailyRequests: 1.5, storageBytes: -5 },
      calls: [budgets.setDefault, actor(), dto(SetBudgetLimitsDto, { monthlyCostUsd: 12.5, dailyRequests: 100, storageBytes: null })],
    },
    {
      handler: 'setUserBudget',
      as: 'admin',
      body: { dailyRequests: 3 },
      wrong: { dailyRequests: -1 },
      calls: [budgets.setUser, actor(), ROUTE_PARAM_ID, dto(SetBudgetLimitsDto, { dailyRequests: 3 })],
    },
    {
      handler: 'getUsageReport',
      as: 'admin',
      query: { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' },
      wrong: { from: 'last week', to: '31/12/2026' },
      calls: [reports.report, dto(UsageReportQueryDto, { from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z' })],
    },
  ]);

  it('PUT /api/admin/budgets/roles/{role} takes a role of the workspace only', async () => {
    budgets.setRole.mockResolvedValue({ default: { monthlyCostUsd: null, dailyRequests: null, storageBytes: null }, roles: [], users: [] });
    await api.http().put('/api/admin/budgets/roles/editor').set(api.auth.admin).send({ dailyRequests: 5 }).expect(200);
    expect(budgets.setRole).toHaveBeenCalledWith(actor(), 'editor', dto(SetBudgetLimitsDto, { dailyRequests: 5 }));
    await api.http().put('/api/admin/budgets/roles/owner').set(api.auth.admin).send({ dailyRequests: 5 }).expect(400);
    expect(budgets.setRole).toHaveBeenCalledTimes(1);
  });

  it('GET /api/admin/usage/csv streams text/csv as an attachment', async () => {
    reports.csv.mockResolvedValue({ filename: 'webox-usage-2026-12-01-2026-12-06.csv', body: Readable.from(['user_id,email\r\n', "a,'=cmd\r\n"]) });
    const response = await api.http().get('/api/admin/usage/csv').set(api.auth.admin).expect(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="webox-usage-2026-12-01-2026-12-06.csv"');
    expect(response.text).toBe("user_id,email\r\na,'=cmd\r\n");
  });
});

describe(ProfileBudgetController.name, () => {
  const api = controllerSetup(ProfileBudgetController, { mocks: [BudgetsService] });
  const budgets = api.mock(BudgetsService);

  describeRouteAccess(api);

  it('GET /api/profile/budget answers the caller\'s own budget', async () => {
    budgets.mine.mockResolvedValue({ limits: { monthlyCostUsd: 5, dailyRequests: null, storageBytes: null }, monthCostUsd: 4.5, dayRequests: 3, storageUsedBytes: 0, monthResetsAt: new Date('2027-01-01T00:00:00Z'), dayResetsAt: new Date('2026-12-07T00:00:00Z'), warnings: ['monthlyCost'] });
    const response = await api.http().get('/api/profile/budget').set(api.auth.user).expect(200);
    expect(response.body).toMatchObject({ monthCostUsd: 4.5, warnings: ['monthlyCost'], monthResetsAt: '2027-01-01T00:00:00.000Z' });
    expect(budgets.mine).toHaveBeenCalledWith(expect.objectContaining({ id: api.user.id }));
  });
});
