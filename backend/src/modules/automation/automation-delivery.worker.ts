import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { redactSecrets } from '../../common/redact';
import { SecretBox } from '../../common/secret-box';
import { AppConfig } from '../../config/app-config';
import { safeFetch } from '../../outbound/ssrf';
import { AutomationTrigger, DeliveryAttempt, TriggerDelivery } from './automation.entities';
import { signWebhook } from './webhook-signature';

/** Each attempt: the whole request, answer included. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Bytes of the answer kept in the log. */
export const EXCERPT_BYTES = 1024;
/** Deliveries in flight per worker process. */
const IN_FLIGHT = 32;
/** A claimed row is not taken by another worker for this long (well past the timeout); a process that died mid-attempt leaves it to be retried then. */
const LEASE_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;

interface Claimed {
  id: string;
  triggerId: string;
  messageId: string;
  body: string;
  attempts: number;
  expiresAt: Date;
  url: string;
  secretSealed: string;
}

/**
 * Sends trigger deliveries. The `automation_deliveries` row is the queue: a delivery is due when
 * `next_attempt_at` has passed; workers claim due rows with `FOR UPDATE SKIP LOCKED` (several
 * processes never send the same attempt), so retries wait in the database and survive a restart
 * in both modes (with Redis or without). A new event starts at once in the process that saw it
 * (`kick`); retries and other processes' events are found by polling every `automationPollMs`.
 * Failed attempts are retried with exponential backoff (base × 2^(n-1), at most an hour apart)
 * until `expires_at`, 24 hours after the event by default.
 */
@Injectable()
export class AutomationDeliveryWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AutomationDeliveries');
  private timer?: NodeJS.Timeout;
  private inFlight = 0;
  private readonly running = new Set<Promise<void>>();
  private draining = false;
  private again = false;
  private stopped = true;

  constructor(
    @InjectRepository(TriggerDelivery) private readonly deliveries: Repository<TriggerDelivery>,
    @InjectRepository(DeliveryAttempt) private readonly attempts: Repository<DeliveryAttempt>,
    @InjectRepository(AutomationTrigger) private readonly triggers: Repository<AutomationTrigger>,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.runsWorker) return;
    this.stopped = false;
    this.timer = setInterval(() => this.kick(), this.config.automationPollMs);
    this.timer.unref();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    const deadline = new Promise((resolve) => setTimeout(resolve, this.config.shutdownTimeoutMs).unref());
    await Promise.race([Promise.allSettled([...this.running]), deadline]);
  }

  /** Looks for due deliveries now (after an event, a test, a redelivery). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = true;
    void this.drain()
      .catch((error: Error) => this.logger.error(`Could not claim deliveries: ${error.message}`))
      .finally(() => {
        this.draining = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.inFlight < IN_FLIGHT) {
      const claimed = await this.claim(IN_FLIGHT - this.inFlight);
      if (!claimed.length) return;
      for (const row of claimed) {
        this.inFlight++;
        const attempt = this.send(row)
          .catch((error: Error) => this.logger.error(`Delivery ${row.id}: ${error.message}`))
          .finally(() => {
            this.inFlight--;
            this.running.delete(attempt);
            this.kick();
          });
        this.running.add(attempt);
      }
    }
  }

  /** Claims due rows (a lease: `next_attempt_at` a minute ahead) and reads their trigger's URL and sealed secret in the same statement. */
  private async claim(limit: number): Promise<Claimed[]> {
    return (await this.deliveries.query(
      `WITH claimed AS (
         UPDATE automation_deliveries SET next_attempt_at = now() + ($2::int * interval '1 millisecond'), attempts = attempts + 1
         WHERE id IN (SELECT id FROM automation_deliveries WHERE status = 'pending' AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED)
         RETURNING id, trigger_id, message_id, body, attempts, expires_at
       )
       SELECT claimed.id, claimed.trigger_id AS "triggerId", claimed.message_id AS "messageId", claimed.body, claimed.attempts, claimed.expires_at AS "expiresAt",
              t.url, t.secret_sealed AS "secretSealed"
       FROM claimed JOIN automation_triggers t ON t.id = claimed.trigger_id`,
      [limit, LEASE_MS],
    )) as Claimed[];
  }

  /** One attempt: sign, POST through the outbound guard, log it, then finish or schedule the next one. */
  private async send(row: Claimed): Promise<void> {
    const timestamp = Math.floor(Date.now() / 1000);
    const signature = signWebhook(this.secrets.open(row.secretSealed, row.triggerId), row.messageId, timestamp, row.body);
    const started = performance.now();
    let statusCode: number | null = null;
    let excerpt: string | null = null;
    let error: string | null = null;
    try {
      const answer = await safeFetch(row.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Webox-Webhooks/1',
          'webhook-id': row.messageId,
          'webhook-timestamp': String(timestamp),
          'webhook-signature': signature,
          'webox-signature': signature,
        },
        body: row.body,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        maxBytes: EXCERPT_BYTES,
        allowlist: this.config.fetchAllowlist,
      });
      statusCode = answer.status;
      excerpt = answer.body.toString('utf8').slice(0, EXCERPT_BYTES);
      if (statusCode < 200 || statusCode >= 300) error = `The receiver answered ${statusCode}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    } catch (failure) {
      error = redactSecrets((failure as Error).message);
    }
    const durationMs = Math.round(performance.now() - started);
    await this.attempts.insert({ deliveryId: row.id, attempt: row.attempts, statusCode, durationMs, responseExcerpt: excerpt, error });
    const now = Date.now();
    if (!error) {
      await this.deliveries.update({ id: row.id }, { status: 'succeeded', nextAttemptAt: null, lastStatusCode: statusCode, lastError: null, finishedAt: new Date(now) });
      await this.triggers.query(`UPDATE automation_triggers SET consecutive_failures = 0, last_delivery_at = now() WHERE id = $1`, [row.triggerId]);
      return;
    }
    const next = now + Math.min(this.config.automationRetryBaseMs * 2 ** (row.attempts - 1), MAX_DELAY_MS);
    const giveUp = next > new Date(row.expiresAt).getTime();
    await this.deliveries.update(
      { id: row.id },
      giveUp
        ? { status: 'failed', nextAttemptAt: null, lastStatusCode: statusCode, lastError: `${error} (gave up after ${row.attempts} attempts)`, finishedAt: new Date(now) }
        : { nextAttemptAt: new Date(next), lastStatusCode: statusCode, lastError: error },
    );
    await this.triggers.query(`UPDATE automation_triggers SET consecutive_failures = consecutive_failures + 1, last_delivery_at = now() WHERE id = $1`, [row.triggerId]);
  }
}
