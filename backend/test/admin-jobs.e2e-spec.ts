import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * The job queue in the Admin page (issue 26 item 8): its depth and failures per kind of job, and
 * a failed job retried as its owner or discarded. The real queue and database; the image vendor is
 * the provider emulator, made to refuse and then to answer.
 */
describe('admin: the job queue', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let admin: TestUser;
  let ada: TestUser;

  interface JobBody {
    id: string;
    status: string;
    error: string | null;
    outputs: Array<{ id: string }>;
  }

  async function finished(id: string): Promise<JobBody> {
    for (let i = 0; i < 600; i++) {
      const job = (await app.http().get(`/api/generation/jobs/${id}`).set(ada.auth).expect(200)).body as JobBody;
      if (['succeeded', 'failed', 'cancelled'].includes(job.status)) return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`job ${id} did not finish`);
  }

  const failedImage = async () => {
    emulator.setBehaviour({ failure: { type: 'status', status: 401 } });
    const accepted = await app.http().post('/api/generation/image').set(ada.auth).send({ model: 'openai/dall-e-3', prompt: 'A harbour at dawn', size: '1024x1024' }).expect(202);
    const job = await finished(accepted.body.id);
    expect(job.status).toBe('failed');
    emulator.reset();
    return job;
  };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl });
    admin = await registerUser(app, 'Admin');
    ada = await registerUser(app, 'Ada');
  }, 90_000);
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('counts the queue per kind of job and lists the failures with whose they are', async () => {
    const failed = await failedImage();
    const summary = (await app.http().get('/api/admin/jobs/summary').set(admin.auth).expect(200)).body;
    expect(summary.driver).toMatch(/^(bull|in-process)$/);
    expect(summary.failed).toBeGreaterThanOrEqual(1);
    expect(summary.byName).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'generation.image', failed: expect.any(Number), queued: expect.any(Number), running: expect.any(Number) })]));
    const images = summary.byName.find((row: { name: string }) => row.name === 'generation.image');
    expect(images.failed).toBeGreaterThanOrEqual(1);

    const list = (await app.http().get('/api/admin/jobs').set(admin.auth).expect(200)).body;
    expect(list.items).toEqual(expect.arrayContaining([expect.objectContaining({ id: failed.id, name: 'generation.image', status: 'failed', ownerEmail: ada.email, error: expect.stringMatching(/401/) })]));
    expect(list.items.every((job: { status: string }) => job.status === 'failed')).toBe(true);
  });

  it('retries a failed job as its owner: it runs again and its file is in the owner\'s library; audited', async () => {
    const failed = await failedImage();
    const retried = (await app.http().post(`/api/admin/jobs/${failed.id}/retry`).set(admin.auth).expect(200)).body;
    expect(retried).toMatchObject({ id: failed.id, status: 'queued', ownerEmail: ada.email, error: null });
    const done = await finished(failed.id);
    expect(done.status).toBe('succeeded');
    await app.http().get(`/api/media/files/${done.outputs[0]!.id}`).set(ada.auth).expect(200);
    await app.http().get(`/api/media/files/${done.outputs[0]!.id}`).set(admin.auth).expect(404);

    const again = await app.http().post(`/api/admin/jobs/${failed.id}/retry`).set(admin.auth).expect(409);
    expect(again.body.code).toBe('JOB_NOT_RETRYABLE');
    const audit = (await app.http().get('/api/admin/audit').set(admin.auth).query({ action: 'admin.job_retried' }).expect(200)).body;
    expect(audit.items).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'admin.job_retried', actorEmail: admin.email, details: expect.objectContaining({ jobId: failed.id }) })]));
  }, 60_000);

  it('discards a failed job: it leaves the failures, its owner still reads why it failed', async () => {
    const failed = await failedImage();
    const discarded = (await app.http().post(`/api/admin/jobs/${failed.id}/discard`).set(admin.auth).expect(200)).body;
    expect(discarded).toMatchObject({ id: failed.id, status: 'cancelled', error: expect.stringMatching(/401/) });
    const list = (await app.http().get('/api/admin/jobs').set(admin.auth).expect(200)).body;
    expect(list.items.map((job: { id: string }) => job.id)).not.toContain(failed.id);
    const seen = (await app.http().get(`/api/generation/jobs/${failed.id}`).set(ada.auth).expect(200)).body;
    expect(seen).toMatchObject({ status: 'cancelled', error: expect.stringMatching(/401/) });
    expect((await app.http().post(`/api/admin/jobs/${failed.id}/discard`).set(admin.auth).expect(409)).body.code).toBe('JOB_NOT_DISCARDABLE');
  }, 60_000);

  it('answers 404 for a job that does not exist, 403 to a user and 401 without a token', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await app.http().post(`/api/admin/jobs/${unknown}/retry`).set(admin.auth).expect(404)).body.code).toBe('JOB_NOT_FOUND');
    await app.http().post(`/api/admin/jobs/${unknown}/discard`).set(admin.auth).expect(404);
    await app.http().get('/api/admin/jobs/summary').set(ada.auth).expect(403);
    await app.http().get('/api/admin/jobs').expect(401);
  });
});
