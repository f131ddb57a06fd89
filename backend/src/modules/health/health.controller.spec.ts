import { controllerSetup, describeRouteAccess } from '../../../test/support/controller-setup';
import { HealthController } from './health.controller';
import { HealthDto } from './health.dto';
import { HealthService } from './health.service';

describe(HealthController.name, () => {
  const api = controllerSetup(HealthController, { mocks: [HealthService] });
  const health = api.mock(HealthService);
  const report = (database: 'up' | 'down', queue: 'up' | 'down' = 'up'): HealthDto => ({
    status: database === 'up' && queue === 'up' ? 'ok' : 'degraded',
    version: '1.0.0',
    role: 'all',
    database: { status: database, detail: 'postgresql', runsOn: 'postgresql' },
    redis: { status: queue },
    queue: { driver: 'bull', status: queue },
  });

  describeRouteAccess(api, { public: ['getHealth'], admin: ['getHealthDetails'] });

  it('tells anyone only whether the service works, never what it runs on', async () => {
    health.check.mockResolvedValue(report('up'));
    await api.http().get('/api/health').expect(200, { status: 'ok' });
    await api.http().get('/api/health').set(api.auth.user).expect(200, { status: 'ok' });
  });

  it('gives an admin the whole report', async () => {
    health.check.mockResolvedValue(report('up'));
    await api.http().get('/api/health/details').set(api.auth.admin).expect(200, report('up'));
  });

  it('answers 200, degraded, when only Redis is down: the API still serves', async () => {
    health.check.mockResolvedValue(report('up', 'down'));
    const response = await api.http().get('/api/health').expect(200);
    expect(response.body.status).toBe('degraded');
  });

  it('answers 503 when the database is down, so a load balancer stops sending traffic', async () => {
    health.check.mockResolvedValue(report('down'));
    await api.http().get('/api/health').expect(503, { status: 'degraded' });
    await api.http().get('/api/health/details').set(api.auth.admin).expect(503, report('down'));
  });
});
