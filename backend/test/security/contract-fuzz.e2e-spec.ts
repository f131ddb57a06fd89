import { seededRandom } from '../support/seeded-random';
import { TestApp } from '../support/test-app';
import { ContractOperation, fillPath, loadContract, ResponseChecker } from './support/contract';
import { FuzzCase, fuzzCases, sample, seedOf } from './support/fuzz-cases';
import { multipartBody, RawResponse, rawRequest } from './support/raw-http';
import { cancelIfQueued, FixtureContext, validRequest } from './support/requests';
import { AttackTarget, startAttackTarget, World } from './support/world';

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
  let target: AttackTarget;
  let app: TestApp;
  let world: World;
  let context: FixtureContext;
  const checker = new ResponseChecker(contract);

  beforeAll(async () => {
    target = await startAttackTarget();
    ({ app, world } = target);
    context = { app, world };
  }, 120_000);
  afterAll(() => target?.close());

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
        await cancelIfQueued(app, operation, response.status, response.body, authorization(operation));
      }
      expect(failures).toEqual([]);
    },
    180_000,
  );
});
