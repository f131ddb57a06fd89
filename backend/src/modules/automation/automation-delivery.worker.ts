import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { redactSecrets } from '../../common/redact';
import { SecretBox } from '../../common/secret-box';
import { AppConfig } from '../../config/app-config';
import { OutboundPool, safeFetch } from '../../outbound/ssrf';
import { TriggerDelivery } from './automation.entities';
import { signWebhook } from './webhook-signature';

/** Each attempt: the whole request, answer included. */
export const DELIVERY_TIMEOUT_MS = 10_000;
/** Bytes of the answer kept in the log. */
export const EXCERPT_BYTES = 1024;
/**
 * Deliveries in flight per worker process. An attempt mostly waits on the receiver, so the limit is
 * about sockets, not CPU: at 32 an event fanning out to 100 triggers started its last deliveries two
 * batches after its first (the p99 of issue 30's benchmark); 128 starts them together.
 */
const IN_FLIGHT = 128;
/** A claimed row is not taken by another worker for this long (well past the timeout); a process that died mid-attempt leaves it to be retried then. */
export const LEASE_MS = 60_000;
const MAX_DELAY_MS = 3_600_000;

/** Opened signing secrets kept per trigger (keyed by the sealed value, so a rotated secret is opened anew). */
const OPENED_SECRETS_MAX = 10_000;

/** What one attempt came to, written with the other attempts that ended meanwhile (see `finish`). */
interface Outcome {
  row: Claimed;
  statusCode: number | null;
  durationMs: number;
  excerpt: string | null;
  error: string | null;
  /** Set when the delivery is over: succeeded, or failed for good. */
  status: 'pending' | 'succeeded' | 'failed';
  nextAttemptAt: Date | null;
  lastError: string | null;
  at: Date;
}

export interface Claimed {
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
 * until `expires_at`, 24 hours after the event by default. The attempts that end while a write is
 * in flight are written together by the next one (three statements for the lot: the attempts, the
 * deliveries, the triggers' counters), so a burst costs a few round trips rather than three per
 * delivery; each attempt keeps its slot (and its lease) until its own outcome is stored.
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
  private readonly opened = new Map<string, { sealed: string; secret: string }>();
  private outcomes: Array<{ outcome: Outcome; stored: { resolve(): void; reject(error: Error): void } }> = [];
  private writing: Promise<void> | undefined;
  /** Receivers' sockets kept between deliveries (an event's deliveries often go to the same few hosts). */
  private readonly pool: OutboundPool;

  constructor(
    @InjectRepository(TriggerDelivery) private readonly deliveries: Repository<TriggerDelivery>,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {
    this.pool = new OutboundPool({ allowlist: config.fetchAllowlist });
  }

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
    this.pool.close();
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
        this.start(row);
      }
    }
  }

  /**
   * Slots for deliveries an event hands over directly, leased to this process by their own insert
   * (no claim round trip between an event and its first deliveries); 0 when this process does not send.
   */
  reserve(wanted: number): number {
    if (this.stopped) return 0;
    const granted = Math.max(0, Math.min(wanted, IN_FLIGHT - this.inFlight));
    this.inFlight += granted;
    return granted;
  }

  /** Sends deliveries leased by their insert in slots taken with `reserve`; the slots not used are given back. */
  sendLeased(rows: readonly Claimed[], reserved: number): void {
    for (const row of rows.slice(0, reserved)) this.start(row);
    const unused = reserved - Math.min(rows.length, reserved);
    if (unused) {
      this.inFlight -= unused;
      this.kick();
    }
  }

  /** One delivery in a slot already counted in `inFlight`. */
  private start(row: Claimed): void {
    const attempt = this.send(row)
      .catch((error: Error) => this.logger.error(`Delivery ${row.id}: ${error.message}`))
      .finally(() => {
        this.inFlight--;
        this.running.delete(attempt);
        this.kick();
      });
    this.running.add(attempt);
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
    const signature = signWebhook(this.secretOf(row), row.messageId, timestamp, row.body);
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
        pool: this.pool,
      });
      statusCode = answer.status;
      excerpt = answer.body.toString('utf8').slice(0, EXCERPT_BYTES);
      if (statusCode < 200 || statusCode >= 300) error = `The receiver answered ${statusCode}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    } catch (failure) {
      error = redactSecrets((failure as Error).message);
    }
    const durationMs = Math.round(performance.now() - started);
    const now = Date.now();
    const at = new Date(now);
    const common = { row, statusCode, durationMs, excerpt, error, at };
    if (!error) return this.finish({ ...common, status: 'succeeded', nextAttemptAt: null, lastError: null });
    const next = now + Math.min(this.config.automationRetryBaseMs * 2 ** (row.attempts - 1), MAX_DELAY_MS);
    const giveUp = next > new Date(row.expiresAt).getTime();
    return this.finish(
      giveUp ? { ...common, status: 'failed', nextAttemptAt: null, lastError: `${error} (gave up after ${row.attempts} attempts)` } : { ...common, status: 'pending', nextAttemptAt: new Date(next), lastError: error },
    );
  }

  private secretOf(row: Claimed): string {
    const known = this.opened.get(row.triggerId);
    if (known?.sealed === row.secretSealed) return known.secret;
    const secret = this.secrets.open(row.secretSealed, row.triggerId);
    if (this.opened.size >= OPENED_SECRETS_MAX) this.opened.clear();
    this.opened.set(row.triggerId, { sealed: row.secretSealed, secret });
    return secret;
  }

  /** Settles when this outcome is stored, with the others that ended meanwhile (one write at a time). */
  private finish(outcome: Outcome): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.outcomes.push({ outcome, stored: { resolve, reject } });
      this.writing ??= this.writeOutcomes().finally(() => (this.writing = undefined));
    });
  }

  private async writeOutcomes(): Promise<void> {
    while (this.outcomes.length) {
      const batch = this.outcomes;
      this.outcomes = [];
      try {
        await this.store(batch.map((entry) => entry.outcome));
        for (const entry of batch) entry.stored.resolve();
      } catch (error) {
        for (const entry of batch) entry.stored.reject(error as Error);
      }
    }
  }

  private async store(outcomes: Outcome[]): Promise<void> {
    const column = <T>(pick: (outcome: Outcome) => T) => outcomes.map(pick);
    // A trigger's counter of failures in a row: reset by a success, then counting the failures after it (in order).
    const counters = new Map<string, { reset: boolean; failures: number }>();
    for (const outcome of outcomes) {
      const counter = counters.get(outcome.row.triggerId) ?? { reset: false, failures: 0 };
      if (outcome.error) counter.failures++;
      else Object.assign(counter, { reset: true, failures: 0 });
      counters.set(outcome.row.triggerId, counter);
    }
    await this.deliveries.manager.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO automation_delivery_attempts (delivery_id, attempt, status_code, duration_ms, response_excerpt, error)
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::int[], $5::varchar[], $6::text[])`,
        [column((o) => o.row.id), column((o) => o.row.attempts), column((o) => o.statusCode), column((o) => o.durationMs), column((o) => o.excerpt), column((o) => o.error)],
      );
      await manager.query(
        `UPDATE automation_deliveries d
            SET status = v.status, next_attempt_at = v.next_attempt_at, last_status_code = v.status_code, last_error = v.last_error,
                finished_at = CASE WHEN v.status = 'pending' THEN d.finished_at ELSE v.at END
           FROM unnest($1::uuid[], $2::varchar[], $3::timestamptz[], $4::int[], $5::text[], $6::timestamptz[]) AS v(id, status, next_attempt_at, status_code, last_error, at)
          WHERE d.id = v.id`,
        [column((o) => o.row.id), column((o) => o.status), column((o) => o.nextAttemptAt), column((o) => o.statusCode), column((o) => o.lastError), column((o) => o.at)],
      );
      const triggers = [...counters];
      await manager.query(
        `UPDATE automation_triggers t
            SET consecutive_failures = CASE WHEN v.reset THEN v.failures ELSE t.consecutive_failures + v.failures END, last_delivery_at = now()
           FROM unnest($1::uuid[], $2::boolean[], $3::int[]) AS v(id, reset, failures)
          WHERE t.id = v.id`,
        [triggers.map(([id]) => id), triggers.map(([, counter]) => counter.reset), triggers.map(([, counter]) => counter.failures)],
      );
    });
  }
}
