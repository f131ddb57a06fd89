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
  styleUrl: './auth-frame.scss',
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
