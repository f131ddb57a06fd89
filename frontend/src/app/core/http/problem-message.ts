import { formatBytes } from '../../shared/media/media-format';
import type { I18nService, MessageParams } from '../i18n/i18n.service';
import type { MessageKey } from '../i18n/messages.en';
import type { ApiProblem } from './api-error';

/** Codes that say nothing more than the status: the server's message (or the caller's fallback) says more. */
const GENERIC_CODES: ReadonlySet<string> = new Set(['ERROR', 'CLIENT_ERROR']);
const UNFILLED = /\{\w+\}/;

/**
 * What to tell the user about a failed call, in their language: the translation of the problem's code
 * (`error.<CODE>`), filled with the answer's `params`; for a code this client does not know (a newer
 * server) or one that is only generic, the server's own message, else `fallback`.
 * Params are put in the user's locale: `…Bytes` numbers become sizes (`limitBytes` fills `{limit}`),
 * provider ids become the provider's name, and a validation error lists the fields its details name
 * (by their labels in the reader's language where the dictionary has them).
 */
export function problemMessage(i18n: I18nService, problem: ApiProblem, fallback: MessageKey = 'common.unexpectedError'): string {
  const key = `error.${problem.code}`;
  if (GENERIC_CODES.has(problem.code) || !i18n.has(key)) return problem.message ?? i18n.t(problem.status === 0 ? 'common.networkError' : fallback);
  const text = i18n.t(key, localizedParams(i18n, problem));
  // A server that names fewer values than this client's sentence needs: its own message is better than a hole.
  return UNFILLED.test(text) ? (problem.message ?? i18n.t(fallback)) : text;
}

function localizedParams(i18n: I18nService, problem: ApiProblem): MessageParams {
  const params: MessageParams = {};
  const locale = i18n.locale();
  for (const [name, value] of Object.entries(problem.params)) {
    if (name === 'budget' && i18n.has(`budget.name.${value}`)) params[name] = i18n.t(`budget.name.${value}` as MessageKey);
    else if (name === 'limit' && problem.params['budget'] === 'monthlyCost' && typeof value === 'number') params[name] = new Intl.NumberFormat(locale, { style: 'currency', currency: 'USD', maximumFractionDigits: 6 }).format(value);
    else if (name === 'limit' && problem.params['budget'] === 'storage' && typeof value === 'number') params[name] = formatBytes(value, locale);
    else if (name.endsWith('At') && typeof value === 'string' && !Number.isNaN(Date.parse(value))) params[name] = new Date(value).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
    else if (name.endsWith('Bytes') && typeof value === 'number') params[name.slice(0, -'Bytes'.length)] = formatBytes(value, i18n.locale());
    else if (name === 'provider' && i18n.has(`provider.${value}`)) params[name] = i18n.t(`provider.${value}` as MessageKey);
    else params[name] = value;
  }
  const fields = [...new Set(Object.keys(problem.fieldErrors).map((field) => fieldLabel(i18n, field)))];
  if (!('fields' in params) && fields.length) params['fields'] = fields.join(', ');
  return params;
}

/** A field of the API (`title`, `models.0`, `modelSettings.x.temperature`) as the reader says it: its label (`field.<name>`) where the dictionary has one, else its key. */
function fieldLabel(i18n: I18nService, field: string): string {
  const names = [field, ...field.split('.').filter((part) => !/^\d+$/.test(part)).reverse()];
  const known = names.find((name) => i18n.has(`field.${name}`));
  return known ? i18n.t(`field.${known}` as MessageKey) : field;
}
