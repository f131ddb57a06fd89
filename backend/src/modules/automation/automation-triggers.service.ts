import { randomUUID } from 'node:crypto';
import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { API_CONTRACT } from '../../api-contract';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { skipTake, type PageQueryDto } from '../../common/pagination';
import { SecretBox } from '../../common/secret-box';
import { AppConfig } from '../../config/app-config';
import { EventBus } from '../../events/event-bus';
import { checkStoredUrl, FetchError } from '../../outbound/ssrf';
import { AutomationTrigger, DeliveryAttempt, TriggerDelivery } from './automation.entities';
import { AutomationErrorCode } from './automation.errors';
import { toDeliveryDto, toTriggerDto } from './automation.mapper';
import { AutomationDeliveryWorker, LEASE_MS } from './automation-delivery.worker';
import type { DeliveryDto, DeliveryPageDto, TriggerDto, TriggerInputDto, TriggerPatchDto, TriggerWithSecretDto } from './dto/automation.dto';
import { newSigningSecret } from './webhook-signature';

/** The event type of "send a test event" (not a domain event: only that trigger gets it). */
export const TEST_EVENT = 'webox.test';

/** Triggers: CRUD, secrets, and turning each domain event of a user into deliveries for that user's triggers. */
@Injectable()
export class AutomationTriggersService implements OnApplicationBootstrap, OnApplicationShutdown {
  private unsubscribe?: () => void;

  constructor(
    @InjectRepository(AutomationTrigger) private readonly triggers: Repository<AutomationTrigger>,
    @InjectRepository(TriggerDelivery) private readonly deliveries: Repository<TriggerDelivery>,
    @InjectRepository(DeliveryAttempt) private readonly attempts: Repository<DeliveryAttempt>,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
    private readonly bus: EventBus,
    private readonly worker: AutomationDeliveryWorker,
  ) {}

  /** The domain events that exist in this build (every area's map, as the contract lists them). */
  eventNames(): string[] {
    return Object.keys(API_CONTRACT.domainEvents).sort();
  }

  onApplicationBootstrap(): void {
    // Every process that publishes events turns them into rows; workers deliver the rows.
    this.unsubscribe = this.bus.onEvery((name, payload) => this.onEvent(name, payload as unknown as Record<string, unknown>));
  }

  onApplicationShutdown(): void {
    this.unsubscribe?.();
  }

  async list(user: AuthUser): Promise<TriggerDto[]> {
    return (await this.triggers.find({ where: { ownerId: user.id }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toTriggerDto);
  }

  async get(user: AuthUser, id: string): Promise<TriggerDto> {
    return toTriggerDto(await this.owned(user, id));
  }

  async create(user: AuthUser, dto: TriggerInputDto): Promise<TriggerWithSecretDto> {
    const events = this.checkEvents(dto.events);
    const url = await this.checkUrl(dto.url);
    const id = randomUUID();
    const secret = newSigningSecret();
    await this.triggers.insert({ id, ownerId: user.id, name: dto.name, url, events, enabled: dto.enabled ?? true, secretSealed: this.secrets.seal(secret, id), consecutiveFailures: 0 });
    return { ...toTriggerDto(await this.owned(user, id)), secret };
  }

  async update(user: AuthUser, id: string, dto: TriggerPatchDto): Promise<TriggerDto> {
    const trigger = await this.owned(user, id);
    const changes: Partial<AutomationTrigger> = {};
    if (dto.name !== undefined) changes.name = dto.name;
    if (dto.events !== undefined) changes.events = this.checkEvents(dto.events);
    if (dto.url !== undefined) changes.url = await this.checkUrl(dto.url);
    if (dto.enabled !== undefined) changes.enabled = dto.enabled;
    if (Object.keys(changes).length) await this.triggers.update({ id: trigger.id }, changes);
    return this.get(user, id);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const trigger = await this.owned(user, id);
    await this.triggers.delete({ id: trigger.id });
  }

  /** A new signing secret, shown once; the old one stops signing at once. */
  async rotate(user: AuthUser, id: string): Promise<TriggerWithSecretDto> {
    const trigger = await this.owned(user, id);
    const secret = newSigningSecret();
    await this.triggers.update({ id: trigger.id }, { secretSealed: this.secrets.seal(secret, trigger.id) });
    return { ...(await this.get(user, id)), secret };
  }

  /** Queues a `webox.test` event for this trigger only (enabled or not). */
  async sendTest(user: AuthUser, id: string): Promise<DeliveryDto> {
    const trigger = await this.owned(user, id);
    // Not handed to the worker directly: the answer shows the delivery as queued, and the trigger read here has no secret.
    const [queued] = await this.queue([{ ...trigger, secretSealed: '' }], TEST_EVENT, { userId: user.id, triggerId: trigger.id, message: 'A test event from Webox' }, { lease: false });
    return toDeliveryDto(await this.deliveries.findOneByOrFail({ id: queued! }), []);
  }

  async deliveriesOf(user: AuthUser, id: string, query: PageQueryDto): Promise<DeliveryPageDto> {
    const trigger = await this.owned(user, id);
    const [rows, total] = await this.deliveries.findAndCount({ where: { triggerId: trigger.id }, order: { createdAt: 'DESC', id: 'ASC' }, ...skipTake(query) });
    const attempts = rows.length ? await this.attempts.findBy({ deliveryId: In(rows.map((row) => row.id)) }) : [];
    return { items: rows.map((row) => toDeliveryDto(row, attempts.filter((attempt) => attempt.deliveryId === row.id))), total, page: query.page, limit: query.limit };
  }

  /** "Send again": a new delivery of the same body, with the same `webhook-id` (receivers may drop it as a duplicate). */
  async redeliver(user: AuthUser, deliveryId: string): Promise<DeliveryDto> {
    const source = await this.deliveries.findOneBy({ id: deliveryId, ownerId: user.id });
    if (!source) throw notFound(AutomationErrorCode.AUTOMATION_DELIVERY_NOT_FOUND, 'Delivery');
    const now = new Date();
    const row = this.deliveries.create({
      triggerId: source.triggerId,
      ownerId: source.ownerId,
      messageId: source.messageId,
      eventType: source.eventType,
      body: source.body,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: now,
      expiresAt: new Date(now.getTime() + this.config.automationRetryWindowMs),
      redeliveryOf: source.id,
    });
    const saved = await this.deliveries.save(row);
    this.worker.kick();
    return toDeliveryDto(saved, []);
  }

  /** A domain event: one delivery per enabled trigger of the event's user subscribed to it; events without a user reach nobody. */
  async onEvent(name: string, payload: Record<string, unknown>): Promise<void> {
    const userId = typeof payload?.['userId'] === 'string' ? payload['userId'] : undefined;
    if (!userId) return;
    const matching = (await this.triggers.query(`SELECT id, owner_id AS "ownerId", url, secret_sealed AS "secretSealed" FROM automation_triggers WHERE owner_id = $1 AND enabled AND $2 = ANY(events)`, [userId, name])) as Array<
      Pick<AutomationTrigger, 'id' | 'ownerId' | 'url' | 'secretSealed'>
    >;
    if (matching.length) await this.queue(matching, name, payload);
  }

  /**
   * One pending delivery per trigger, written in one statement (the body once, the per-row values as
   * arrays): an event with a hundred subscribed triggers is one round trip, not a hundred rows of
   * ORM query building, which was most of the time between an event and its first delivery. When
   * this process sends deliveries, the rows it has room for are inserted already leased to it (as
   * the worker's claim would) and handed to the worker at once; the others wait for its next claim.
   */
  private async queue(triggers: Array<Pick<AutomationTrigger, 'id' | 'ownerId' | 'url' | 'secretSealed'>>, type: string, data: Record<string, unknown>, options = { lease: true }): Promise<string[]> {
    const now = new Date();
    const body = JSON.stringify({ type, timestamp: now.toISOString(), data });
    const expiresAt = new Date(now.getTime() + this.config.automationRetryWindowMs);
    const rows = triggers.map((trigger) => ({ id: randomUUID(), trigger, messageId: `msg_${randomUUID().replace(/-/g, '')}` }));
    const reserved = options.lease ? this.worker.reserve(rows.length) : 0;
    try {
      await this.deliveries.query(
        `INSERT INTO automation_deliveries (id, trigger_id, owner_id, message_id, event_type, body, status, attempts, next_attempt_at, expires_at, created_at)
         SELECT v.id, v.trigger_id, v.owner_id, v.message_id, $4, $5, 'pending',
                CASE WHEN v.ordinality <= $9 THEN 1 ELSE 0 END,
                CASE WHEN v.ordinality <= $9 THEN $6::timestamptz + ($10::int * interval '1 millisecond') ELSE $6::timestamptz END,
                $7, $6
           FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $8::varchar[]) WITH ORDINALITY AS v(id, trigger_id, owner_id, message_id, ordinality)`,
        [rows.map((row) => row.id), rows.map((row) => row.trigger.id), rows.map((row) => row.trigger.ownerId), type, body, now, expiresAt, rows.map((row) => row.messageId), reserved, LEASE_MS],
      );
    } catch (error) {
      this.worker.sendLeased([], reserved);
      throw error;
    }
    this.worker.sendLeased(
      rows.slice(0, reserved).map((row) => ({ id: row.id, triggerId: row.trigger.id, messageId: row.messageId, body, attempts: 1, expiresAt, url: row.trigger.url, secretSealed: row.trigger.secretSealed })),
      reserved,
    );
    if (reserved < rows.length) this.worker.kick();
    return rows.map((row) => row.id);
  }

  private checkEvents(events: string[]): string[] {
    const valid = this.eventNames();
    const unknown = events.filter((name) => !valid.includes(name));
    if (unknown.length) {
      const message = `Unknown event${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the events are: ${valid.join(', ')}`;
      throw new DomainError('invalid', AutomationErrorCode.AUTOMATION_UNKNOWN_EVENT, message, [{ field: 'events', message }]);
    }
    return [...new Set(events)];
  }

  private async checkUrl(url: string): Promise<string> {
    try {
      return (await checkStoredUrl(url, { allowlist: this.config.fetchAllowlist })).href;
    } catch (error) {
      if (!(error instanceof FetchError) && !(error instanceof TypeError)) throw error;
      const message = `${(error as Error).message}. Triggers deliver to public http(s) addresses only`;
      throw new DomainError('invalid', AutomationErrorCode.AUTOMATION_URL_REFUSED, message, [{ field: 'url', message }]);
    }
  }

  private async owned(user: AuthUser, id: string): Promise<AutomationTrigger> {
    const trigger = await this.triggers.findOneBy({ id, ownerId: user.id });
    if (!trigger) throw notFound(AutomationErrorCode.AUTOMATION_TRIGGER_NOT_FOUND, 'Trigger');
    return trigger;
  }
}
