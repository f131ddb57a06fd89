import { ChangeDetectionStrategy, Component, DestroyRef, effect, inject, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { RouterLink, RouterOutlet } from '@angular/router';
import { Subject, debounceTime } from 'rxjs';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { DOCUMENTATION_TABS, DocumentationStore, type DocumentationTab } from './documentation.store';

export const DOCUMENTATION_SEARCH_DEBOUNCE_MS = 200;

/** `/documentation`: the four tabs, the search over the guides, and the page of the tab or guide below. */
@Component({
  selector: 'wbx-documentation-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, RouterOutlet, MatFormFieldModule, MatIconModule, MatInputModule, TranslatePipe],
  templateUrl: './documentation.page.html',
  styleUrl: './documentation.page.scss',
})
export default class DocumentationPage {
  protected readonly store = inject(DocumentationStore);
  private readonly i18n = inject(I18nService);
  private readonly typed = new Subject<string>();
  protected readonly tabs = DOCUMENTATION_TABS;

  constructor() {
    this.typed.pipe(debounceTime(DOCUMENTATION_SEARCH_DEBOUNCE_MS), takeUntilDestroyed(inject(DestroyRef))).subscribe((query) => this.store.search(query));
    // The guides come in the UI language: a language switch loads them (and the search) again.
    effect(() => {
      this.i18n.language();
      untracked(() => {
        this.store.loadTree();
        if (this.store.searching()) this.store.search(this.store.query());
      });
    });
  }

  protected tabKey(tab: DocumentationTab): MessageKey {
    return `documentation.tab.${tab}`;
  }

  protected tabLink(tab: DocumentationTab): { path: string[]; query: Record<string, string> | null } {
    return tab === 'api' ? { path: ['/documentation', 'api'], query: null } : { path: ['/documentation'], query: { tab } };
  }

  protected onSearch(value: string): void {
    this.typed.next(value);
  }

  protected clear(input: HTMLInputElement): void {
    input.value = '';
    this.store.clearSearch();
  }
}
