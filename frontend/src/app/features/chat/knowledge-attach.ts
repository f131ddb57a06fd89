import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { RouterLink } from '@angular/router';
import type { KnowledgeCollectionDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';

type LoadState = 'loading' | 'ready' | 'failed';

/**
 * "Attach knowledge" above the composer: a menu of the user's collections and a chip per attached
 * one. The models may then search them and cite what they find; the conversation keeps them.
 */
@Component({
  selector: 'wbx-knowledge-attach',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatCheckboxModule, MatIconModule, MatMenuModule, MatProgressSpinnerModule, MatTooltipModule, RouterLink, TranslatePipe],
  template: `
    <button
      mat-button
      type="button"
      class="trigger"
      [matMenuTriggerFor]="menu"
      [disabled]="disabled()"
      [matTooltip]="'chat.knowledge.help' | t"
      (menuOpened)="opened.emit()"
      data-testid="knowledge-attach"
    >
      <mat-icon>menu_book</mat-icon>{{ 'chat.knowledge.attach' | t }}
    </button>
    <ul class="chips" [attr.aria-label]="'chat.knowledge.attached' | t">
      @for (chip of chips(); track chip.id) {
        <li class="chip" [attr.data-collection]="chip.id" data-testid="knowledge-chip">
          <mat-icon aria-hidden="true">folder_open</mat-icon>
          <span class="name">{{ chip.name }}</span>
          <button type="button" class="remove" (click)="toggle(chip.id)" [disabled]="disabled()" [attr.aria-label]="'chat.knowledge.detach' | t: { name: chip.name }">
            <mat-icon aria-hidden="true">close</mat-icon>
          </button>
        </li>
      }
    </ul>
    <mat-menu #menu="matMenu" class="wbx-knowledge-menu" xPosition="after" yPosition="above">
      @switch (state()) {
        @case ('loading') {
          <div class="menu-state" role="status"><mat-progress-spinner mode="indeterminate" diameter="20" />{{ 'common.loading' | t }}</div>
        }
        @case ('failed') {
          <div class="menu-state" role="alert">{{ 'chat.knowledge.failed' | t }}</div>
          <button mat-menu-item type="button" (click)="retry.emit()"><mat-icon>refresh</mat-icon>{{ 'common.retry' | t }}</button>
        }
        @default {
          @for (collection of collections(); track collection.id) {
            <button mat-menu-item type="button" role="menuitemcheckbox" [attr.aria-checked]="isAttached(collection.id)" (click)="$event.stopPropagation(); toggle(collection.id)" [attr.data-collection]="collection.id" data-testid="knowledge-option">
              <mat-checkbox [checked]="isAttached(collection.id)" tabindex="-1" aria-hidden="true" class="menu-check" (click)="$event.preventDefault()" />
              <span class="option">
                <span>{{ collection.name }}</span>
                <small>{{ 'chat.knowledge.files' | t: { count: collection.readyFileCount } }}</small>
              </span>
            </button>
          } @empty {
            <div class="menu-state">{{ 'chat.knowledge.empty' | t }}</div>
          }
          <a mat-menu-item routerLink="/knowledge"><mat-icon>library_add</mat-icon>{{ 'chat.knowledge.manage' | t }}</a>
        }
      }
    </mat-menu>
  `,
  styles: `
    :host {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 8px;
    }
    .trigger {
      --mat-button-text-container-height: 32px;
    }
    .chips {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .chip {
      display: inline-flex;
      align-items: center;
      gap: 4px;
      max-width: 260px;
      height: 28px;
      padding: 0 2px 0 8px;
      border-radius: 8px;
      background: var(--mat-sys-secondary-container);
      color: var(--mat-sys-on-secondary-container);
      font: var(--mat-sys-label-large);
      mat-icon {
        flex: none;
        font-size: 16px;
        width: 16px;
        height: 16px;
      }
    }
    .name {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .remove {
      display: inline-flex;
      align-items: center;
      justify-content: center;
      width: 24px;
      height: 24px;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: transparent;
      color: inherit;
      cursor: pointer;
      &:hover,
      &:focus-visible {
        background: color-mix(in srgb, currentColor 12%, transparent);
      }
    }
    .menu-state {
      display: flex;
      align-items: center;
      gap: 8px;
      padding: 8px 16px;
      font: var(--mat-sys-body-medium);
      color: var(--mat-sys-on-surface-variant);
    }
    .option {
      display: inline-flex;
      flex-direction: column;
      line-height: 1.2;
      small {
        font: var(--mat-sys-body-small);
        color: var(--mat-sys-on-surface-variant);
      }
    }
    .menu-check {
      margin: 0 4px 0 -8px;
      pointer-events: none;
    }
  `,
})
export class KnowledgeAttach {
  private readonly i18n = inject(I18nService);

  readonly collections = input.required<readonly KnowledgeCollectionDto[]>();
  readonly state = input<LoadState>('ready');
  readonly selected = input.required<readonly string[]>();
  readonly disabled = input(false);
  readonly selectedChange = output<string[]>();
  /** The menu opened: the list may be refreshed. */
  readonly opened = output<void>();
  readonly retry = output<void>();

  protected readonly chips = computed(() => {
    const names = new Map(this.collections().map((collection) => [collection.id, collection.name]));
    return this.selected().map((id) => ({ id, name: names.get(id) ?? this.i18n.t('chat.knowledge.unknown') }));
  });

  protected isAttached(id: string): boolean {
    return this.selected().includes(id);
  }

  protected toggle(id: string): void {
    const selected = this.selected();
    this.selectedChange.emit(selected.includes(id) ? selected.filter((other) => other !== id) : [...selected, id]);
  }
}
