/** Narrowing helpers for request bodies, which arrive as `unknown` JSON. */

export type JsonRecord = Record<string, unknown>;

export function asRecord(value: unknown): JsonRecord | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as JsonRecord) : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Joins the non-empty strings with newlines, so absent parts leave no blank lines. */
export function joinText(parts: Array<string | undefined>): string {
  return parts.filter((part): part is string => !!part).join('\n');
}
