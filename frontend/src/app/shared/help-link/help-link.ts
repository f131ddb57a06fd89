import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatTooltip } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/**
 * Context help: a small icon in a page's header that opens the area's guide in the Documentation
 * page (`/documentation/<guide>`), in the app. `guide` is a slug of docs/guides (a test of the
 * backend checks every guide exists in both languages).
 */
@Component({
  selector: 'wbx-help-link',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatIconButton, MatTooltip, TranslatePipe],
  template: `<a mat-icon-button [routerLink]="['/documentation', guide()]" [matTooltip]="'documentation.help' | t" [attr.aria-label]="'documentation.help' | t" data-testid="help-link" [attr.data-guide]="guide()"><span class="wbx-symbols glyph" aria-hidden="true"></span></a>`,
  // The glyph is drawn by CSS, so the heading it sits in keeps its text ("AI tools catalog", not "AI tools cataloghelp").
  styles: `
    :host {
      display: inline-flex;
      vertical-align: middle;
      margin-left: 4px;
      color: var(--mat-sys-on-surface-variant);
    }
    .glyph {
      font-size: 20px;
    }
    .glyph::before {
      content: 'help';
    }
  `,
})
export class HelpLink {
  readonly guide = input.required<string>();
}
