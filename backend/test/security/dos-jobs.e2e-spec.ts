import { readdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { docxOf, truncatedPdf, zipBombDocx } from '../support/document-fixtures';
import { pngOf } from '../support/media-fixtures';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { registerUser, startTestApp, startTestDatabase, TestApp, testMode, TestUser } from '../support/test-app';

/**
 * Issue 22, item 5: one user cannot starve everyone else's jobs, nor the server, with expensive
 * inputs. Runs on both queue drivers (in-process in embedded mode, Bull on Redis in server mode).
 */
describe(`denial of service through jobs and files (${testMode()} mode)`, () => {
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    app = await startTestApp();
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  });
  afterAll(() => app.close());

  interface JobTimes {
    id: string;
    ownerId: string;
    status: string;
    createdAt: Date;
    startedAt: Date | null;
    finishedAt: Date | null;
  }
  const jobTimes = async (): Promise<JobTimes[]> =>
    (await app.dataSource.query(`SELECT id, owner_id AS "ownerId", status, created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt" FROM jobs WHERE owner_id IS NOT NULL ORDER BY created_at`)).map(
      (row: JobTimes) => ({ ...row, createdAt: new Date(row.createdAt), startedAt: row.startedAt && new Date(row.startedAt), finishedAt: row.finishedAt && new Date(row.finishedAt) }),
    );
  const until = async (condition: () => Promise<boolean>, ms = 60_000) => {
    const deadline = Date.now() + ms;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error('condition not met in time');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  describe('per-user job concurrency', () => {
    it("one user's 50 jobs delay another user's first job by at most one per slot of hers, and never run more than the limit at once", async () => {
      const image = (user: TestUser, seed: number) => app.http().post('/api/generation/image').set(user.auth).send({ model: 'local/webox-draw', prompt: `Flood ${seed}`, size: '1024x1024', count: 4, seed });
      const flood: string[] = [];
      for (let seed = 0; seed < 50; seed++) flood.push(((await image(ada, seed).expect(202)).body as { id: string }).id);
      const bobsJob = ((await image(bob, 99).expect(202)).body as { id: string }).id;

      await until(async () => (await jobTimes()).find((job) => job.id === bobsJob)?.startedAt != null);
      const jobs = await jobTimes();
      const bobs = jobs.find((job) => job.id === bobsJob)!;
      const adas = jobs.filter((job) => job.ownerId === ada.id);
      // Ada's jobs that started after Bob asked and before Bob's started: at most one per slot of
      // hers (WEBOX_JOBS_PER_USER, 2). Bob's created_at is his INSERT's start; a slot of Ada's that
      // frees before that INSERT commits is given to her next job (seen on a loaded machine).
      const overtaking = adas.filter((job) => job.startedAt && job.startedAt > bobs.createdAt && job.startedAt < bobs.startedAt!);
      expect(overtaking.length).toBeLessThanOrEqual(2);
      // Most of the flood is still waiting: Bob did not just wait it out.
      expect(adas.filter((job) => job.status === 'queued').length).toBeGreaterThan(30);

      // Never more than WEBOX_JOBS_PER_USER (2) of Ada's running at once: at each start, count the overlaps.
      await Promise.all(flood.slice(10).map((id) => app.http().post(`/api/generation/jobs/${id}/cancel`).set(ada.auth)));
      await until(async () => (await jobTimes()).every((job) => !['queued', 'running'].includes(job.status)), 120_000);
      const ran = (await jobTimes()).filter((job) => job.ownerId === ada.id && job.startedAt && job.finishedAt);
      expect(ran.length).toBeGreaterThanOrEqual(10);
      for (const job of ran) {
        const atOnce = ran.filter((other) => other.startedAt! <= job.startedAt! && other.finishedAt! > job.startedAt!);
        expect(atOnce.length).toBeLessThanOrEqual(2);
      }
    }, 180_000);
  });

  describe('upload quota', () => {
    it('refuses a body whose Content-Length exceeds the remaining quota before storing any of it, naming the quota', async () => {
      const cy = await registerUser(app, 'Cy');
      const stored = () => {
        try {
          return readdirSync(join(app.config.dataDir, 'media'), { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && join(entry.parentPath, entry.name).includes(cy.id)).length;
        } catch {
          return 0;
        }
      };
      const boundary = 'webox-boundary';
      const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="huge.png"\r\nContent-Type: image/png\r\n\r\n`);
      const announced = app.config.media.quotaBytes + 1024 * 1024;
      const png = await pngOf(64, 64);
      // The client announces more than the quota and sends only its first bytes: the answer must not wait for the rest.
      const answer = await new Promise<{ status: number; body: { code: string; message: string }; storedMeanwhile: number }>((resolve, reject) => {
        const url = new URL(app.url);
        const req = httpRequest({ host: url.hostname, port: url.port, path: '/api/media/upload', method: 'POST', headers: { ...cy.auth, 'Content-Type': `multipart/form-data; boundary=${boundary}`, 'Content-Length': String(announced) } });
        const timer = setTimeout(() => {
          req.destroy();
          reject(new Error('no answer before the body was sent: the server was reading (and storing) it'));
        }, 5_000);
        req.on('error', () => undefined);
        req.on('response', (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            clearTimeout(timer);
            const storedMeanwhile = stored();
            req.destroy();
            resolve({ status: response.statusCode!, body: JSON.parse(Buffer.concat(chunks).toString()), storedMeanwhile });
          });
        });
        req.write(head);
        req.write(Buffer.concat([png, Buffer.alloc(256 * 1024, 7)]));
      });
      expect(answer.status).toBe(402);
      expect(answer.body).toMatchObject({ code: 'QUOTA_EXCEEDED', params: { budget: 'storage' } });
      expect(answer.body.message).toContain('storage quota of 10 GB');
      expect(answer.storedMeanwhile).toBe(0);
      expect((await app.http().get('/api/media/files').set(cy.auth).expect(200)).body.total).toBe(0);
    });
  });

  describe('archives and PDFs in a knowledge collection', () => {
    it('fails a DOCX zip bomb and a truncated PDF with their reasons, memory bounded, health answering, the other files indexed', async () => {
      const dee = await registerUser(app, 'Dee');
      const call = app.http().post('/api/media/upload').set(dee.auth);
      const files: Array<[Buffer, string]> = [
        [await zipBombDocx(1100 * 1024 * 1024), 'bomb.docx'],
        [await truncatedPdf(), 'cut.pdf'],
        [await docxOf(['The orchard needs pruning in March.']), 'orchard.docx'],
        [Buffer.from('# Notes\n\nThe well is 12 metres deep.'), 'notes.md'],
      ];
      for (const [data, filename] of files) call.attach('files', data, { filename });
      const media = (await call.expect(201)).body as Array<{ id: string; name: string; mimeType: string }>;
      expect(media.find((file) => file.name === 'bomb.docx')!.mimeType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
      const collection = (await app.http().post('/api/knowledge/collections').set(dee.auth).send({ name: 'Hostile' }).expect(201)).body as { id: string };

      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      let slowestHealth = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          const started = Date.now();
          await app.http().get('/api/health').expect(200);
          slowestHealth = Math.max(slowestHealth, Date.now() - started);
          peak = Math.max(peak, process.memoryUsage().rss);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      await app.http().post(`/api/knowledge/collections/${collection.id}/files`).set(dee.auth).send({ mediaFileIds: media.map((file) => file.id) }).expect(202);
      type FileState = { name: string; status: string; error: string | null };
      let states: FileState[] = [];
      await until(async () => {
        states = ((await app.http().get(`/api/knowledge/collections/${collection.id}`).set(dee.auth).expect(200)).body as { files: FileState[] }).files;
        return states.every((file) => file.status === 'ready' || file.status === 'failed');
      });
      watching = false;
      await watch;

      const state = (name: string) => states.find((file) => file.name === name)!;
      expect(state('bomb.docx')).toMatchObject({ status: 'failed', error: 'Could not read the text of "bomb.docx": it would expand to 1100 MB, more than the 50 MB a document may hold' });
      expect(state('cut.pdf').status).toBe('failed');
      expect(state('cut.pdf').error).toMatch(/^Could not read the text of "cut.pdf": ./);
      expect(state('orchard.docx')).toMatchObject({ status: 'ready', error: null });
      expect(state('notes.md')).toMatchObject({ status: 'ready', error: null });
      expect(peak - baseline).toBeLessThan(400 * 1024 * 1024);
      expect(slowestHealth).toBeLessThan(1_000);
      const hits = (await app.http().post('/api/knowledge/search').set(dee.auth).send({ query: 'orchard pruning', collectionIds: [collection.id] }).expect(200)).body as Array<{ text: string }>;
      expect(hits.map((hit) => hit.text).join(' ')).toContain('orchard');
    }, 120_000);
  });

  describe('per-user job concurrency across a restart', () => {
    it('loses no waiting job when the process stops, nor one claimed but never handed to the queue', async () => {
      const database = await startTestDatabase();
      const kept = { ...database, close: async () => undefined };
      // The same key as the file's app: some of auth's state is per process.
      const env = { WEBOX_SECRET_KEY: app.config.secretKey.toString('hex'), WEBOX_QUEUE_PREFIX: `webox-test-${randomBytes(4).toString('hex')}`, WEBOX_QUEUE_LOCK_MS: '2000' };
      // In-process, the first process stops with jobs running and waiting. With Bull, it is an API-only
      // process (its entries wait in Redis, its waiting rows in PostgreSQL) and a worker takes over.
      const first = await startTestApp({ ...env, ...(testMode() === 'server' ? { WEBOX_ROLE: 'api' } : { WEBOX_SHUTDOWN_TIMEOUT_MS: '30000' }) }, kept);
      let second: TestApp | undefined;
      try {
        const eve = await registerUser(first, 'Eve');
        const ids: string[] = [];
        for (let seed = 0; seed < 6; seed++) {
          ids.push(((await first.http().post('/api/generation/image').set(eve.auth).send({ model: 'local/webox-draw', prompt: `Restart ${seed}`, size: '512x512', seed }).expect(202)).body as { id: string }).id);
        }
        const waiting = (await first.dataSource.query(`SELECT id FROM jobs WHERE owner_id = $1 AND status = 'queued' AND NOT dispatched ORDER BY created_at`, [eve.id])) as Array<{ id: string }>;
        expect(waiting.length).toBeGreaterThanOrEqual(3);
        await first.close();
        // As if the process had died between claiming this row and handing it to the queue.
        const claimedOnly = waiting.at(-1)!.id;
        const client = new Client({ connectionString: database.url });
        await client.connect();
        await client.query(`UPDATE jobs SET dispatched = true WHERE id = $1 AND status = 'queued'`, [claimedOnly]);
        await client.end();
        second = await startTestApp(env, kept);
        const app2 = second;
        const statuses = async () => (await app2.dataSource.query(`SELECT status FROM jobs WHERE id = ANY($1)`, [ids])).map((row: { status: string }) => row.status) as string[];
        await until(async () => (await statuses()).every((status) => status === 'succeeded'), 90_000);
      } finally {
        await second?.close();
        await database.close();
      }
    }, 180_000);
  });
});
