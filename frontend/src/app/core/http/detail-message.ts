import type { I18nService, MessageParams } from '../i18n/i18n.service';
import type { FieldDetail } from './detail-translator';

const UNFILLED = /\{\w+\}/;

/**
 * A field's problem in the user's language (`fieldRule.<constraint>`, numbers in their locale).
 * A detail without a rule (a service's own sentence, an older server) keeps the server's sentence;
 * one with a rule this client has no words for: the server's sentence in English, a generic
 * "not valid" in other languages (never English in a French form).
 */
export function detailMessage(i18n: I18nService, detail: FieldDetail): string | undefined {
  if (!detail.constraint) return undefined;
  const key = `fieldRule.${detail.constraint}`;
  const generic = () => (i18n.language() === 'en' ? undefined : i18n.t('fieldRule.invalid'));
  if (!i18n.has(key)) return generic();
  const params: MessageParams = {};
  const numbers = new Intl.NumberFormat(i18n.locale());
  for (const [name, value] of Object.entries(detail.params)) params[name] = typeof value === 'number' ? numbers.format(value) : value;
  const text = i18n.t(key, params);
  // A rule given without the values its sentence needs (`@Length(1)` has no max): better the server's words, or the generic ones.
  return UNFILLED.test(text) ? generic() : text;
}
