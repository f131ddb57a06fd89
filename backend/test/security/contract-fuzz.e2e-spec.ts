import { McpTestServer, startMcpTestServer } from '../support/mcp-test-server';
import { startTestApp, TestApp } from '../support/test-app';
import { ContractOperation, fillPath, loadContract, ResponseChecker } from './support/contract';
import { FuzzCase, fuzzCases, sample, seededRandom, seedOf } from './support/fuzz-cases';
import { multipartBody, RawResponse, rawRequest } from './support/raw-http';
import { FixtureContext, validRequest } from './support/requests';
import { buildWorld, World } from './support/world';

/**
 * Issue 22: every operation of docs/openapi.json, called by its owner with requests that break
 * its documented schema (see fuzz-cases.ts). Whatever arrives, the answer is never a 5xx and never
 * breaks the contract: a success fits the documented schema of its status, an error is
 * `{ statusCode, code, message, details? }` (OpenAI's error shape on /v1). The valid request is
 * sent too, so every success answer is held to its schema as well.
 */

/** Cases per operation beyond the ones that always run (structural bodies, NUL, surrogates, 1 MB, 10 000 items). */
const SAMPLED_CASES = 40;

const contract = loadContract();
/** Operations that remove the world's objects or end the owner's session run last. */
const last = (operation: ContractOperation) => (operation.key === 'POST /api/profile/password' ? 2 : operation.method === 'delete' ? 1 : 0);
const operations = [...contract.operations].sort((a, b) => last(a) - last(b));

describe('contract fuzzing (every operation, from its schema)', () => {
  let app: TestApp;
  let mcp: McpTestServer;
  let world: World;
  let context: FixtureContext;
  const checker = new ResponseChecker(contract);

  beforeAll(async () => {
    mcp = await startMcpTestServer();
    app = await startTestApp({ WEBOX_FETCH_ALLOWLIST: `127.0.0.1:${mcp.port}`, WEBOX_LOCAL_TOKEN_DELAY_MS: '0' });
    world = await buildWorld(app, mcp.url);
    context = { app, world };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await mcp?.close();
  });

  /** The caller the operation is for: the owner (a personal access token on /v1), the admin on admin routes. */
  function authorization(operation: ContractOperation): string {
    if (operation.path.startsWith('/v1/')) return `Bearer ${world.owner.pat}`;
    return `Bearer ${operation.path.startsWith('/api/admin/') ? world.admin.accessToken : world.owner.accessToken}`;
  }

  function sendCase(operation: ContractOperation, fuzz: FuzzCase): Promise<RawResponse> {
    const spec = fuzz.spec ?? {};
    const search = new URLSearchParams(spec.query ?? {}).toString();
    const url = fuzz.url ?? `${fillPath(operation.path, spec.params ?? {})}${search ? `?${search}` : ''}`;
    const headers: Record<string, string> = { Authorization: authorization(operation), Accept: 'application/json' };
    let body: string | Buffer | undefined;
    if (fuzz.raw) {
      headers['Content-Type'] = fuzz.raw.contentType;
      body = fuzz.raw.body;
    } else if (spec.files) {
      const multipart = multipartBody(spec.files);
      headers['Content-Type'] = multipart.contentType;
      body = multipart.body;
    } else if (spec.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    return rawRequest(app.url, operation.method, url, headers, body);
  }

  /** Jobs the fuzzer queued are cancelled at once: the point is the answer, not the rendering. */
  async function cancelQueuedJob(operation: ContractOperation, response: RawResponse): Promise<void> {
    const job = response.body as { id?: string; status?: string } | undefined;
    if (operation.path.startsWith('/api/generation/') && response.status === 202 && job?.id && (job.status === 'queued' || job.status === 'running')) {
      await app.http().post(`/api/generation/jobs/${job.id}/cancel`).set('Authorization', authorization(operation));
    }
  }

  it.each(operations.map((o) => [o.key, o] as const))(
    '%s',
    async (_key, operation) => {
      const valid = await validRequest(operation, context);
      const cases = sample(fuzzCases(operation, contract, valid), SAMPLED_CASES, seededRandom(seedOf(operation.key)));
      // The valid request first, except where it removes what the cases need: then last.
      const ordered: FuzzCase[] = last(operation) ? [...cases, { label: 'the valid request', spec: valid }] : [{ label: 'the valid request', spec: valid }, ...cases];
      const failures: string[] = [];
      for (const fuzz of ordered) {
        let response: RawResponse;
        try {
          response = await sendCase(operation, fuzz);
        } catch (error) {
          failures.push(`${fuzz.label}: ${(error as Error).message}`);
          continue;
        }
        const problems = checker.problems(operation, response);
        if (problems.length) failures.push(`${fuzz.label} → ${response.status}: ${problems.join('; ')}`);
        await cancelQueuedJob(operation, response);
      }
      expect(failures).toEqual([]);
    },
    180_000,
  );
});
