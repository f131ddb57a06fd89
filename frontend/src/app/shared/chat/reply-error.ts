import type { I18nService } from '../../core/i18n/i18n.service';
import { problemMessage } from '../../core/http/problem-message';
import type { ApiProblemCode } from '../../core/http/api-error';

/** Why a reply failed, as the server says it: a code with its values, and its English sentence. */
export interface ReplyFailure {
  code: string | null;
  params: Readonly<Record<string, string | number>>;
  /** The server's English sentence: shown only for a code this client cannot translate. */
  message: string | null;
}

/** The vendor failures a stream's `error` event names in lower case (`rate_limited`): the API's code is `PROVIDER_RATE_LIMITED`. */
const VENDOR_CODE = /^[a-z_]+$/;

/**
 * A stream's `error` event as a failure: a vendor's code becomes the API's `PROVIDER_…` code with
 * the vendor as its `provider`, the others (`MODEL_CANNOT_SEE_IMAGES`, `INTERNAL_ERROR`) stay.
 */
export function streamFailure(event: { code: string; message: string; provider?: string; params?: Record<string, string | number> }): ReplyFailure {
  const vendor = VENDOR_CODE.test(event.code);
  return { code: vendor ? `PROVIDER_${event.code.toUpperCase()}` : event.code, params: { ...(vendor && event.provider ? { provider: event.provider } : {}), ...event.params }, message: event.message };
}

/** What a failed reply says in the reader's language: its code translated (`error.<CODE>`), else the server's sentence, else a generic one. */
export function replyErrorText(i18n: I18nService, failure: ReplyFailure): string {
  if (!failure.code) return failure.message ?? i18n.t('common.unexpectedError');
  return problemMessage(i18n, { status: 502, code: failure.code as ApiProblemCode, message: failure.message, fieldErrors: {}, params: { ...failure.params } });
}
