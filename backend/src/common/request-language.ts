import { ExecutionContext, createParamDecorator } from '@nestjs/common';
import type { Request } from 'express';

/** The languages Webox writes its own texts in (the user's profile offers the same two). */
export type UiLanguage = 'en' | 'fr';

/**
 * The language of an `Accept-Language` header: the first of its languages Webox speaks, by quality
 * (`fr-CA,fr;q=0.9,en;q=0.8` → `fr`), else English. The dashboard sends the language the user
 * chose in their profile; other clients get the browser's or English.
 */
export function languageOf(header: string | undefined): UiLanguage {
  const ranked = (header ?? '')
    .split(',')
    .map((part, index) => {
      const [tag = '', ...options] = part.trim().split(';');
      const quality = options.map((option) => /^\s*q=([\d.]+)\s*$/.exec(option)?.[1]).find((value) => value !== undefined);
      return { primary: tag.trim().toLowerCase().split('-')[0], quality: quality === undefined ? 1 : Number(quality), index };
    })
    .filter((entry) => entry.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  const spoken = ranked.find((entry) => entry.primary === 'en' || entry.primary === 'fr');
  return (spoken?.primary as UiLanguage | undefined) ?? 'en';
}

/** `@RequestLanguage() language: UiLanguage`: the language to write Webox's own texts in for this request. */
export const RequestLanguage = createParamDecorator((_data: unknown, context: ExecutionContext): UiLanguage => languageOf(context.switchToHttp().getRequest<Request>().headers['accept-language']));
