import { controllerSetup, describeRouteAccess, namedFields } from '../../../../test/support/controller-setup';
import { AdminJobsController } from './admin-jobs.controller';
import type { AdminJobDto } from './admin-jobs.dto';
import { AdminJobsService } from './admin-jobs.service';

describe(AdminJobsController.name, () => {
  const api = controllerSetup(AdminJobsController, { mocks: [AdminJobsService] });
  const jobs = api.mock(AdminJobsService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });
  const JOB = '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
  const row: AdminJobDto = { id: JOB, name: 'generation.image', status: 'queued', ownerId: 'u1', ownerEmail: 'ada@example.com', error: null, attempts: 0, createdAt: new Date(0).toISOString(), finishedAt: null };

  describeRouteAccess(api, { admin: 'all' });

  it('lists failed jobs by default, and the status asked for', async () => {
    jobs.list.mockResolvedValue({ items: [], total: 0, page: 1, limit: 20 });
    await api.http().get('/api/admin/jobs').set(api.auth.admin).expect(200);
    expect(jobs.list).toHaveBeenLastCalledWith(expect.objectContaining({ page: 1, limit: 20 }));
    expect(jobs.list.mock.lastCall![0].status).toBeUndefined();
    await api.http().get('/api/admin/jobs?status=running&page=2').set(api.auth.admin).expect(200);
    expect(jobs.list).toHaveBeenLastCalledWith(expect.objectContaining({ status: 'running', page: 2 }));
  });

  it('answers 400 naming the field for a status that does not exist', async () => {
    const response = await api.http().get('/api/admin/jobs?status=lost').set(api.auth.admin).expect(400);
    expect(namedFields(response.body)).toEqual(['status']);
    expect(jobs.list).not.toHaveBeenCalled();
  });

  it('retries and discards as the admin who asked', async () => {
    jobs.retry.mockResolvedValue(row);
    jobs.discard.mockResolvedValue({ ...row, status: 'cancelled' });
    expect((await api.http().post(`/api/admin/jobs/${JOB}/retry`).set(api.auth.admin).expect(200)).body).toEqual(row);
    expect(jobs.retry).toHaveBeenCalledWith(actor(), JOB);
    expect((await api.http().post(`/api/admin/jobs/${JOB}/discard`).set(api.auth.admin).expect(200)).body.status).toBe('cancelled');
    expect(jobs.discard).toHaveBeenCalledWith(actor(), JOB);
  });

  it('answers 404 for an id that is not one (no such job), without asking the service', async () => {
    await api.http().post('/api/admin/jobs/not-an-id/retry').set(api.auth.admin).expect(404);
    expect(jobs.retry).not.toHaveBeenCalled();
  });
});
