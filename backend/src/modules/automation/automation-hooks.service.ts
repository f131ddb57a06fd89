import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound, UpstreamError } from '../../common/domain-error';
import { skipTake, type PageQueryDto } from '../../common/pagination';
import { SharedThrottlerStorage } from '../../common/throttler-storage';
import { AppConfig } from '../../config/app-config';
import { User } from '../auth/user.entity';
import { CombinationRunsService } from '../combinations/combination-runs.service';
import { CombinationErrorCode } from '../combinations/combinations.errors';
import { Workflow } from '../combinations/workflow.entity';
import { AutomationHook, HookCall } from './automation.entities';
import { AutomationErrorCode } from './automation.errors';
import { toHookCallDto, toHookDto } from './automation.mapper';
import type { HookCallPageDto, HookDto, HookInputDto, HookPatchDto, HookRunDto, HookWithSecretDto } from './dto/automation.dto';

/** `?wait=true` waits this long at most for the run to end. */
export const HOOK_WAIT_MS = 60_000;
const WAIT_POLL_MS = 250;
const FINISHED = ['succeeded', 'failed', 'cancelled'];

const STATUS_OF_KIND: Partial<Record<string, number>> = { invalid: 400, unauthenticated: 401, forbidden: 403, not_found: 404, conflict: 409, rate_limited: 429, payment_required: 402, unavailable: 503 };
const hash = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** Hooks: a URL with a secret that runs one of its owner's saved workflows with the posted JSON as inputs. */
@Injectable()
export class AutomationHooksService {
  private readonly logger = new Logger('AutomationHooks');

  constructor(
    @InjectRepository(AutomationHook) private readonly hooks: Repository<AutomationHook>,
    @InjectRepository(HookCall) private readonly calls: Repository<HookCall>,
    @InjectRepository(Workflow) private readonly workflows: Repository<Workflow>,
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly runs: CombinationRunsService,
    private readonly throttle: SharedThrottlerStorage,
    private readonly config: AppConfig,
  ) {}

  async list(user: AuthUser): Promise<HookDto[]> {
    return (await this.hooks.find({ where: { ownerId: user.id }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toHookDto);
  }

  async get(user: AuthUser, id: string): Promise<HookDto> {
    return toHookDto(await this.owned(user, id));
  }

  async create(user: AuthUser, dto: HookInputDto): Promise<HookWithSecretDto> {
    await this.checkWorkflow(user, dto.workflowId);
    const secret = newHookSecret();
    const saved = await this.hooks.save(this.hooks.create({ ownerId: user.id, name: dto.name, workflowId: dto.workflowId, secretHash: hash(secret), secretHint: secret.slice(-4), revokedAt: null, lastCalledAt: null }));
    return { ...(await this.get(user, saved.id)), secret };
  }

  async update(user: AuthUser, id: string, dto: HookPatchDto): Promise<HookDto> {
    const hook = await this.owned(user, id);
    if (dto.workflowId !== undefined) await this.checkWorkflow(user, dto.workflowId);
    const changes: Partial<AutomationHook> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.workflowId !== undefined) changes.workflowId = dto.workflowId;
    if (Object.keys(changes).length) await this.hooks.update({ id: hook.id }, changes);
    return this.get(user, id);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const hook = await this.owned(user, id);
    await this.hooks.delete({ id: hook.id });
  }

  /** A new secret, shown once; the old one answers 401 from now on. */
  async rotate(user: AuthUser, id: string): Promise<HookWithSecretDto> {
    const hook = await this.owned(user, id);
    if (hook.revokedAt) throw new DomainError('conflict', AutomationErrorCode.AUTOMATION_HOOK_REVOKED, 'The hook is revoked: create another one');
    const secret = newHookSecret();
    await this.hooks.update({ id: hook.id }, { secretHash: hash(secret), secretHint: secret.slice(-4) });
    return { ...(await this.get(user, id)), secret };
  }

  /** For good: every later call answers 401 (the log stays). */
  async revoke(user: AuthUser, id: string): Promise<HookDto> {
    const hook = await this.owned(user, id);
    if (!hook.revokedAt) await this.hooks.update({ id: hook.id }, { revokedAt: new Date() });
    return this.get(user, id);
  }

  async callsOf(user: AuthUser, id: string, query: PageQueryDto): Promise<HookCallPageDto> {
    const hook = await this.owned(user, id);
    const [rows, total] = await this.calls.findAndCount({ where: { hookId: hook.id }, order: { createdAt: 'DESC', id: 'ASC' }, ...skipTake(query) });
    return { items: rows.map(toHookCallDto), total, page: query.page, limit: query.limit };
  }

  /**
   * `POST /api/automation/hooks/{id}`: rate limit (per hook), secret, then the run, with the body
   * as its inputs (the combinations' own input checks: a 400 naming the input). Every call of a
   * hook that exists is logged, refused ones included.
   */
  async call(id: string, secret: string | undefined, body: unknown, wait: boolean): Promise<HookRunDto> {
    const started = performance.now();
    // Counted before anything else, so a flood costs no database work beyond its log rows.
    // Shared by every instance through the throttler storage (Redis when configured), per hook.
    const perSecond = this.config.automationHookRatePerSecond;
    const { isBlocked, totalHits } = await this.throttle.increment(`hook:${id}`, 1000, perSecond, 0, 'automation-hooks');
    const limited = isBlocked || totalHits > perSecond;
    const hook = await this.hooks.findOne({ where: { id }, select: { id: true, ownerId: true, workflowId: true, secretHash: true, revokedAt: true } });
    let runId: string | null = null;
    try {
      if (limited) throw new DomainError('rate_limited', AutomationErrorCode.AUTOMATION_HOOK_RATE_LIMITED, `This hook takes at most ${perSecond} calls a second`);
      if (!hook || !secret || !sameSecret(hook.secretHash, secret) || hook.revokedAt) throw unauthorized();
      const owner = await this.users.findOneBy({ id: hook.ownerId });
      if (!owner || owner.status !== 'active') throw unauthorized();
      if (body === null || typeof body !== 'object' || Array.isArray(body)) {
        const message = 'The body must be a JSON object of the workflow\'s inputs by name (for example {"topic": "tides"}); send {} for none';
        throw new DomainError('invalid', AutomationErrorCode.AUTOMATION_HOOK_INVALID_BODY, message, [{ field: 'body', message }]);
      }
      const actor: AuthUser = { id: owner.id, email: owner.email, role: owner.role, sessionId: `hook:${hook.id}` };
      const run = await this.runs.execute(actor, { workflowId: hook.workflowId, inputs: body as Record<string, unknown> });
      runId = run.id;
      const result = wait ? await this.waitFor(actor, run.id) : { status: run.status, output: null, error: null, finished: false };
      await this.log(hook, wait && result.finished ? 200 : 202, runId, null, started);
      return { runId, ...result };
    } catch (error) {
      if (hook) {
        const status = error instanceof DomainError || error instanceof UpstreamError ? (STATUS_OF_KIND[error.kind] ?? 500) : 500;
        await this.log(hook, status, runId, (error as Error).message, started).catch((failure: Error) => this.logger.error(`Could not log a call of hook ${hook.id}: ${failure.message}`));
      }
      throw error;
    }
  }

  private async waitFor(actor: AuthUser, runId: string): Promise<Omit<HookRunDto, 'runId'>> {
    const deadline = Date.now() + HOOK_WAIT_MS;
    for (;;) {
      const run = await this.runs.get(actor, runId);
      if (FINISHED.includes(run.status)) return { status: run.status, output: run.output, error: run.error, finished: true };
      if (Date.now() >= deadline) return { status: run.status, output: null, error: null, finished: false };
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
    }
  }

  private async log(hook: Pick<AutomationHook, 'id'>, statusCode: number, runId: string | null, error: string | null, started: number): Promise<void> {
    await this.calls.insert({ hookId: hook.id, statusCode, runId, error: error?.slice(0, 1000) ?? null, durationMs: Math.round(performance.now() - started) });
    // The last call that ran the workflow (refused calls are in the log only: a flood must not queue on the hook's row).
    if (runId) await this.hooks.update({ id: hook.id }, { lastCalledAt: new Date() });
  }

  private async checkWorkflow(user: AuthUser, workflowId: string): Promise<void> {
    // Another user's workflow is not found, as their other objects are.
    if (!(await this.workflows.existsBy({ id: workflowId, ownerId: user.id }))) throw notFound(CombinationErrorCode.WORKFLOW_NOT_FOUND, 'Workflow');
  }

  private async owned(user: AuthUser, id: string): Promise<AutomationHook> {
    const hook = await this.hooks.findOneBy({ id, ownerId: user.id });
    if (!hook) throw notFound(AutomationErrorCode.AUTOMATION_HOOK_NOT_FOUND, 'Hook');
    return hook;
  }
}

function newHookSecret(): string {
  return `whk_${randomBytes(24).toString('base64url')}`;
}

function sameSecret(storedHash: string, given: string): boolean {
  const a = Buffer.from(storedHash, 'hex');
  const b = Buffer.from(hash(given), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function unauthorized(): DomainError {
  return new DomainError('unauthenticated', AutomationErrorCode.AUTOMATION_HOOK_UNAUTHORIZED, 'Wrong or revoked hook secret (send it as "Authorization: Bearer <secret>" or "X-Webox-Hook-Secret")');
}
