import { ChangeDetectionStrategy, Component, computed, effect, inject, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DocumentationStore, type GuideTab } from './documentation.store';

const GUIDE_TABS: readonly GuideTab[] = ['getting-started', 'guides', 'faq'];

/** A tab of guides (`/documentation?tab=guides`; getting started by default): each guide with its summary. */
@Component({
  selector: 'wbx-guide-list-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, TranslatePipe],
  template: `
    @switch (store.treeState()) {
      @case ('loading') {
        <p class="hint">{{ 'documentation.loading' | t }}</p>
      }
      @case ('failed') {
        <p class="hint">{{ 'documentation.loadFailed' | t }}</p>
      }
      @default {
        <div class="guides" data-testid="documentation-guides" [attr.data-tab]="current()">
          @for (guide of store.guidesOf(current()); track guide.slug) {
            <a class="guide" [routerLink]="['/documentation', guide.slug]" data-testid="documentation-guide" [attr.data-slug]="guide.slug">
              <span class="title">{{ guide.title }}</span>
              <span class="summary">{{ guide.summary }}</span>
            </a>
          }
        </div>
      }
    }
  `,
  styles: `
    .guides {
      display: grid;
      grid-template-columns: repeat(auto-fill, minmax(280px, 1fr));
      gap: 12px;
    }
    .guide {
      display: flex;
      flex-direction: column;
      gap: 6px;
      padding: 16px;
      border-radius: 12px;
      border: 1px solid var(--mat-sys-outline-variant);
      color: inherit;
      text-decoration: none;
      &:hover,
      &:focus-visible {
        background: var(--mat-sys-surface-container);
      }
    }
    .title {
      font: var(--mat-sys-title-medium);
      color: var(--mat-sys-primary);
    }
    .summary {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-medium);
    }
    .hint {
      color: var(--mat-sys-on-surface-variant);
    }
  `,
})
export default class GuideListPage {
  protected readonly store = inject(DocumentationStore);
  /** `?tab=`: a tab of guides; anything else is getting started. */
  readonly tab = input<string>();
  protected readonly current = computed<GuideTab>(() => (GUIDE_TABS as readonly string[]).find((tab) => tab === this.tab()) as GuideTab | undefined ?? 'getting-started');

  constructor() {
    effect(() => this.store.currentTab.set(this.current()));
  }
}
