import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatTooltipModule } from '@angular/material/tooltip';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

/** A tool's heart: pressed when it is one of my favourites. */
@Component({
  selector: 'wbx-favorite-button',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatTooltipModule, TranslatePipe],
  template: `
    @let label = (favorite() ? 'catalog.unfavorite' : 'catalog.favorite') | t: { name: name() };
    <button mat-icon-button type="button" [class.on]="favorite()" (click)="toggled.emit()" [attr.aria-pressed]="favorite()" [attr.aria-label]="label" [matTooltip]="label" data-testid="catalog-favorite">
      <mat-icon>{{ favorite() ? 'favorite' : 'heart_plus' }}</mat-icon>
    </button>
  `,
  styles: `
    .on {
      color: var(--mat-sys-error);
    }
  `,
})
export class FavoriteButton {
  readonly favorite = input.required<boolean>();
  /** The tool's name, for the label. */
  readonly name = input.required<string>();
  readonly toggled = output();
}
