import { Pipe, PipeTransform, inject } from '@angular/core';
import { I18nService, type MessageParams } from './i18n.service';
import type { MessageKey } from './messages.en';

/**
 * `{{ 'auth.login.title' | t }}`. Impure so that it re-runs when the language signal changes
 * (the signal read inside `transform` also marks the view for refresh in zoneless mode).
 */
@Pipe({ name: 't', pure: false })
export class TranslatePipe implements PipeTransform {
  private readonly i18n = inject(I18nService);

  transform(key: MessageKey, params?: MessageParams): string {
    return this.i18n.t(key, params);
  }
}
