import { ChangeDetectionStrategy, Component } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** "Models without an API key are greyed out", with the way to the profile where keys are added. */
@Component({
  selector: 'wbx-key-note',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, RouterLink, TranslatePipe],
  template: `
    <mat-icon aria-hidden="true">key_off</mat-icon>
    <span>{{ 'generation.models.someNeedKey' | t }} <a routerLink="/profile">{{ 'chat.models.addKey' | t }}</a></span>
  `,
  styles: `
    :host {
      display: flex;
      align-items: flex-start;
      gap: 8px;
      margin: 0 0 16px;
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    mat-icon {
      flex: none;
      font-size: 18px;
      width: 18px;
      height: 18px;
    }
  `,
  host: { 'data-testid': 'models-need-key' },
})
export class KeyNote {}
