import type { AutomationHook, AutomationTrigger, DeliveryAttempt, HookCall, TriggerDelivery } from './automation.entities';
import type { DeliveryDto, HookCallDto, HookDto, TriggerDto } from './dto/automation.dto';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function toTriggerDto(row: AutomationTrigger): TriggerDto {
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    events: row.events,
    enabled: row.enabled,
    consecutiveFailures: row.consecutiveFailures,
    lastDeliveryAt: iso(row.lastDeliveryAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toDeliveryDto(row: TriggerDelivery, attempts: DeliveryAttempt[]): DeliveryDto {
  return {
    id: row.id,
    triggerId: row.triggerId,
    messageId: row.messageId,
    eventType: row.eventType,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? iso(row.nextAttemptAt) : null,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    body: row.body,
    redeliveryOf: row.redeliveryOf,
    createdAt: row.createdAt.toISOString(),
    finishedAt: iso(row.finishedAt),
    attemptLog: attempts
      .sort((a, b) => a.attempt - b.attempt)
      .map((attempt) => ({ attempt: attempt.attempt, statusCode: attempt.statusCode, durationMs: attempt.durationMs, responseExcerpt: attempt.responseExcerpt, error: attempt.error, createdAt: attempt.createdAt.toISOString() })),
  };
}

export function toHookDto(row: AutomationHook): HookDto {
  return {
    id: row.id,
    name: row.name,
    workflowId: row.workflowId,
    secretHint: row.secretHint,
    revoked: row.revokedAt !== null,
    lastCalledAt: iso(row.lastCalledAt),
    createdAt: row.createdAt.toISOString(),
    path: `/api/automation/hooks/${row.id}`,
  };
}

export function toHookCallDto(row: HookCall): HookCallDto {
  return { id: row.id, statusCode: row.statusCode, runId: row.runId, error: row.error, durationMs: row.durationMs, createdAt: row.createdAt.toISOString() };
}
