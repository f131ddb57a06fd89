import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatIconModule } from '@angular/material/icon';
import type { ChatModelDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { mentionMatches } from './model-order';

/** The composer's `@` menu: the usable models whose name or id starts with (or contains) what follows the `@`. */
@Component({
  selector: 'wbx-model-mention',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <div class="mentions" role="group" [attr.aria-label]="'chat.mention.label' | t" data-testid="model-mention">
      @for (model of matches(); track model.id) {
        <button type="button" class="option" (click)="picked.emit(model.id)" [attr.data-mention]="model.id">
          <mat-icon aria-hidden="true">alternate_email</mat-icon>
          <span class="name">{{ model.name }}</span>
          <span class="provider">{{ model.providerLabel }}</span>
        </button>
      } @empty {
        <p class="none">{{ 'chat.mention.none' | t: { query: query() } }}</p>
      }
    </div>
  `,
  styles: `
    .mentions {
      display: flex;
      flex-direction: column;
      margin-bottom: 8px;
      padding: 4px;
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 16px;
      background: var(--mat-sys-surface-container);
    }
    .option {
      display: grid;
      grid-template-columns: auto 1fr auto;
      align-items: center;
      gap: 8px;
      padding: 6px 12px;
      border: 0;
      border-radius: 12px;
      background: transparent;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-medium);
      text-align: start;
      cursor: pointer;
    }
    .option:hover,
    .option:focus-visible {
      background: var(--mat-sys-secondary-container);
    }
    .provider,
    .none {
      font: var(--mat-sys-body-small);
      color: var(--mat-sys-on-surface-variant);
    }
    .none {
      padding: 4px 12px;
    }
  `,
})
export class ModelMention {
  /** What follows the `@`. */
  readonly query = input.required<string>();
  readonly models = input.required<readonly ChatModelDto[]>();
  readonly favorites = input<readonly string[]>([]);
  /** The model id chosen. */
  readonly picked = output<string>();

  protected readonly matches = computed(() => mentionMatches(this.models(), this.favorites(), this.query()));
}
