import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/**
 * The honest page of an area that is not built yet: its name, what it will do, and nothing
 * that pretends to work. Routes give it `title` and `description` (message keys) as data.
 */
@Component({
  selector: 'wbx-not-available-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, TranslatePipe],
  template: `
    <section class="wbx-page" aria-labelledby="not-available-title">
      <h1 id="not-available-title" class="wbx-page-title">{{ title() | t }}</h1>
      <p class="wbx-page-subtitle" data-testid="area-description">{{ description() | t }}</p>
      <div class="notice" role="status">
        <mat-icon class="notice-icon" aria-hidden="true">construction</mat-icon>
        <div>
          <h2 class="notice-heading">{{ 'notAvailable.heading' | t }}</h2>
          <p class="notice-body">{{ 'notAvailable.body' | t }}</p>
          <a mat-stroked-button routerLink="/">{{ 'notAvailable.back' | t }}</a>
        </div>
      </div>
    </section>
  `,
  styles: `
    .notice {
      display: flex;
      gap: 16px;
      align-items: flex-start;
      padding: 24px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container);
      border: 1px solid var(--mat-sys-outline-variant);
    }
    .notice-icon {
      font-size: 40px;
      width: 40px;
      height: 40px;
      color: var(--mat-sys-tertiary);
    }
    .notice-heading {
      font: var(--mat-sys-title-large);
      margin: 4px 0 8px;
    }
    .notice-body {
      font: var(--mat-sys-body-large);
      color: var(--mat-sys-on-surface-variant);
      margin: 0 0 16px;
    }
  `,
})
export class NotAvailablePage {
  readonly title = input.required<MessageKey>();
  readonly description = input.required<MessageKey>();
}
