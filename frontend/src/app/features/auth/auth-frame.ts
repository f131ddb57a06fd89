import { ChangeDetectionStrategy, Component, inject, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { I18nService, LANGUAGES, languageName, type Language } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** The frame of the logged-out pages: brand, a language switch and a centred card. */
@Component({
  selector: 'wbx-auth-frame',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatMenuModule, TranslatePipe],
  template: `
    <header class="top">
      <div class="brand">
        <img src="favicon.svg" alt="" width="32" height="32" />
        <span>{{ 'app.name' | t }}</span>
      </div>
      <button mat-button type="button" [matMenuTriggerFor]="languages" data-testid="language-menu">
        <mat-icon>translate</mat-icon>
        {{ languageName(language()) | t }}
      </button>
      <mat-menu #languages="matMenu" xPosition="before">
        @for (option of languageOptions; track option) {
          <button mat-menu-item type="button" [attr.lang]="option" (click)="setLanguage(option)">{{ languageName(option) | t }}</button>
        }
      </mat-menu>
    </header>
    <main class="center">
      <section class="card" [attr.aria-labelledby]="'auth-title'">
        <h1 id="auth-title" class="title">{{ heading() | t }}</h1>
        <p class="tagline">{{ 'app.tagline' | t }}</p>
        <ng-content />
      </section>
    </main>
  `,
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      min-height: 100%;
      background: var(--mat-sys-surface-container-low);
    }
    .top {
      display: flex;
      align-items: center;
      justify-content: space-between;
      padding: 12px 24px;
    }
    .brand {
      display: flex;
      align-items: center;
      gap: 10px;
      font: var(--mat-sys-title-large);
    }
    .center {
      flex: 1;
      display: grid;
      place-items: start center;
      padding: 5vh 16px 48px;
    }
    .card {
      width: 100%;
      max-width: 420px;
      box-sizing: border-box;
      padding: 32px;
      border-radius: 24px;
      background: var(--mat-sys-surface);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .title {
      font: var(--mat-sys-headline-small);
      margin: 0 0 4px;
    }
    .tagline {
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 24px;
    }
  `,
})
export class AuthFrame {
  private readonly i18n = inject(I18nService);

  readonly heading = input.required<MessageKey>();

  protected readonly language = this.i18n.language;
  protected readonly languageOptions = LANGUAGES;
  protected readonly languageName = languageName;

  protected setLanguage(language: Language): void {
    this.i18n.setLanguage(language);
  }
}
