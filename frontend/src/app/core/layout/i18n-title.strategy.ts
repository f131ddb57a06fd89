import { Injectable, effect, inject, signal } from '@angular/core';
import { Title } from '@angular/platform-browser';
import { RouterStateSnapshot, TitleStrategy } from '@angular/router';
import { I18nService } from '../i18n/i18n.service';
import type { MessageKey } from '../i18n/messages.en';

/**
 * Route titles are message keys; the document title follows the language: `<page> - Webox`. The
 * separator is ASCII: a middle dot came out as "Webox ?" where a title is shown in a legacy encoding.
 */
@Injectable({ providedIn: 'root' })
export class I18nTitleStrategy extends TitleStrategy {
  private readonly title = inject(Title);
  private readonly i18n = inject(I18nService);
  private readonly key = signal<MessageKey | null>(null);

  constructor() {
    super();
    effect(() => {
      const key = this.key();
      const appName = this.i18n.t('app.name');
      this.title.setTitle(key ? `${this.i18n.t(key)} - ${appName}` : appName);
    });
  }

  override updateTitle(snapshot: RouterStateSnapshot): void {
    this.key.set((this.buildTitle(snapshot) as MessageKey | undefined) ?? null);
  }
}
