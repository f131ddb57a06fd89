import type { ActivitySummary } from './activity-event.entity';

/** At most this many facts of a payload are kept... */
export const SUMMARY_MAX_FIELDS = 12;
/** ...each string cut to this many characters... */
export const SUMMARY_MAX_STRING = 160;
/** ...and names longer than this are left out. */
const SUMMARY_MAX_KEY = 40;
/** An event name longer than the column is not one of ours. */
export const ACTIVITY_NAME_MAX = 100;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user an event is about: every domain event's payload names it `userId`. Null for a payload
 * without one (such events stay out of the feed).
 */
export function activityUserOf(payload: unknown): string | null {
  if (!payload || typeof payload !== 'object') return null;
  const userId = (payload as { userId?: unknown }).userId;
  return typeof userId === 'string' && UUID.test(userId) ? userId : null;
}

/** When the event happened: its `occurredAt` when it is a date, else now. */
export function activityTimeOf(payload: unknown, now = new Date()): Date {
  const value = payload && typeof payload === 'object' ? (payload as { occurredAt?: unknown }).occurredAt : undefined;
  const date = typeof value === 'string' || typeof value === 'number' ? new Date(value) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : now;
}

/**
 * A small, bounded summary of any payload, built without knowing the area: its top-level scalar
 * fields (ids, title, kind, status...; strings cut), and for each list its length as `<name>Count`.
 * `userId` and `occurredAt` are the row's own columns; nested objects are left out.
 */
export function summarizeActivity(payload: unknown): ActivitySummary {
  const summary: ActivitySummary = {};
  if (!payload || typeof payload !== 'object') return summary;
  let fields = 0;
  for (const [key, value] of Object.entries(payload as Record<string, unknown>)) {
    if (fields >= SUMMARY_MAX_FIELDS) break;
    if (key === 'userId' || key === 'occurredAt' || key.length > SUMMARY_MAX_KEY) continue;
    if (typeof value === 'string') summary[key] = value.length > SUMMARY_MAX_STRING ? `${value.slice(0, SUMMARY_MAX_STRING - 1)}…` : value;
    else if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean' || value === null) summary[key] = value;
    else if (Array.isArray(value)) summary[`${key}Count`] = value.length;
    else continue;
    fields++;
  }
  return summary;
}
