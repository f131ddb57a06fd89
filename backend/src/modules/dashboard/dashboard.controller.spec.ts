import { controllerSetup, describeRouteAccess, describeValidation, dto, namedFields } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { ActivityService } from './activity.service';
import { DashboardController } from './dashboard.controller';
import { DashboardService } from './dashboard.service';

describe(DashboardController.name, () => {
  const api = controllerSetup(DashboardController, { mocks: [DashboardService, ActivityService] });
  const dashboard = api.mock(DashboardService);
  const activity = api.mock(ActivityService);

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'getDashboardUsage',
      query: { days: '7' },
      wrong: { days: 'abc' },
      calls: [dashboard.usagePerDay, api.user, 7],
    },
    {
      handler: 'listDashboardActivity',
      query: { page: '2', limit: '5' },
      wrong: { page: '0', limit: '1000' },
      calls: [activity.list, api.user, dto(PageQueryDto, { page: 2, limit: 5 })],
    },
  ]);

  it.each(['0', '366', '1000', '-3', '2.5', 'abc'])('usage?days=%s answers 400 naming days', async (days) => {
    const response = await api.http().get(`/api/dashboard/usage?days=${days}`).set(api.auth.user).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, code: 'VALIDATION_FAILED' });
    expect(namedFields(response.body)).toEqual(['days']);
    expect(dashboard.usagePerDay).not.toHaveBeenCalled();
  });

  it('usage covers 30 days by default, 1 and 365 at the edges', async () => {
    dashboard.usagePerDay.mockResolvedValue({ from: '', to: '', providers: [], days: [] });
    await api.http().get('/api/dashboard/usage').set(api.auth.user).expect(200);
    await api.http().get('/api/dashboard/usage?days=1').set(api.auth.user).expect(200);
    await api.http().get('/api/dashboard/usage?days=365').set(api.auth.user).expect(200);
    expect(dashboard.usagePerDay.mock.calls.map((call) => call[1])).toEqual([30, 1, 365]);
  });

  it('stats are the signed-in user’s', async () => {
    dashboard.stats.mockResolvedValue({} as never);
    await api.http().get('/api/dashboard/stats').set(api.auth.user).expect(200);
    expect(dashboard.stats).toHaveBeenCalledWith(api.user);
  });
});
