import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { MatIconButton } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
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
  imports: [RouterLink, MatIconButton, MatIconModule, MatTooltip, TranslatePipe],
  template: `<a mat-icon-button [routerLink]="['/documentation', guide()]" [matTooltip]="'documentation.help' | t" [attr.aria-label]="'documentation.help' | t" data-testid="help-link" [attr.data-guide]="guide()"><mat-icon>help</mat-icon></a>`,
  styles: ':host { display: inline-flex; vertical-align: middle; }',
})
export class HelpLink {
  readonly guide = input.required<string>();
}
