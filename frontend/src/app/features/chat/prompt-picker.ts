import { ChangeDetectionStrategy, Component, computed, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { catchError, debounceTime, distinctUntilChanged, map, of, switchMap } from 'rxjs';
import type { PromptDto } from '../../api/models';
import { PromptsService } from '../../api/services';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PromptUseDialog, type PromptUseDialogData } from '../../shared/prompts/prompt-use-dialog';

/**
 * The chat composer's `/` menu: prompts of the library matching what follows the slash. A prompt
 * without variables gives its body; one with variables asks for them first (the use dialog).
 * Driven from the composer's keyboard (`handleKey`): arrows move the highlight, Enter inserts the
 * highlighted prompt (never sends), Escape closes; with no match, Enter says so and sends nothing.
 */
let pickers = 0;

@Component({
  selector: 'wbx-prompt-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <div class="panel" data-testid="prompt-picker">
      <div role="listbox" [id]="listId" [attr.aria-label]="'prompts.picker.label' | t">
        @for (prompt of results(); track prompt.id; let index = $index) {
          <button
            type="button"
            role="option"
            class="item"
            tabindex="-1"
            [id]="listId + '-' + index"
            [class.active]="index === active()"
            [attr.aria-selected]="index === active()"
            (click)="choose(prompt)"
            (mouseenter)="active.set(index)"
            data-testid="prompt-picker-item"
          >
            <mat-icon aria-hidden="true">library_books</mat-icon>
            <span class="title">{{ prompt.title }}</span>
            @if (prompt.variables.length) {
              <span class="vars">{{ 'prompts.picker.variables' | t: { count: prompt.variables.length } }}</span>
            }
          </button>
        }
      </div>
      @if (noMatch()) {
        <p class="empty" [class.warn]="refused()" role="status" data-testid="prompt-picker-no-match">
          {{ 'prompts.picker.noMatch' | t: { query: '/' + query() } }}
          @if (refused()) {
            {{ 'prompts.picker.nothingSent' | t }}
          }
        </p>
      }
      <p class="keys">{{ 'prompts.picker.keys' | t }}</p>
    </div>
  `,
  styles: `
    .panel {
      max-height: 260px;
      overflow: auto;
      margin-bottom: 8px;
      padding: 4px;
      border-radius: 16px;
      background: var(--mat-sys-surface-container);
      border: 1px solid var(--mat-sys-outline-variant);
      box-shadow: var(--mat-sys-level2);
    }
    .item {
      display: flex;
      align-items: center;
      gap: 12px;
      width: 100%;
      padding: 8px 12px;
      border: 0;
      border-radius: 12px;
      background: none;
      color: var(--mat-sys-on-surface);
      font: var(--mat-sys-body-medium);
      text-align: left;
      cursor: pointer;
      &:hover,
      &:focus-visible,
      &.active {
        background: var(--mat-sys-surface-container-highest);
      }
      &.active {
        outline: 2px solid var(--mat-sys-primary);
        outline-offset: -2px;
      }
    }
    .title {
      flex: 1;
    }
    .vars,
    .empty,
    .keys {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .empty,
    .keys {
      margin: 8px 12px;
    }
    .empty.warn {
      color: var(--mat-sys-error);
    }
  `,
})
export class PromptPicker {
  private readonly api = inject(PromptsService);
  private readonly dialog = inject(MatDialog);

  /** What follows the `/`. */
  readonly query = input.required<string>();
  /** The text to put in the composer. */
  readonly picked = output<string>();
  /** Escape: the user wants the menu gone (the draft stays as it is). */
  readonly closed = output<void>();

  protected readonly listId = `wbx-prompt-picker-${++pickers}`;
  protected readonly results = signal<PromptDto[]>([]);
  /** The query the results are for: until they arrive for the current one, Enter waits (it neither sends nor picks a stale prompt). */
  private readonly resultsFor = signal<string | null>(null);
  protected readonly active = signal(0);
  /** Enter was pressed with nothing to insert: the message says that nothing was sent. */
  protected readonly refused = signal(false);
  protected readonly loaded = computed(() => this.resultsFor() === this.query());
  protected readonly noMatch = computed(() => this.loaded() && this.results().length === 0);
  /** The highlighted option's element id, for the composer's `aria-activedescendant`. */
  readonly activeId = computed(() => (this.results().length ? `${this.listId}-${this.active()}` : null));

  constructor() {
    toObservable(this.query)
      .pipe(
        debounceTime(200),
        distinctUntilChanged(),
        switchMap((q) =>
          this.api.listPrompts({ q: q.trim() || undefined, limit: 8, sort: 'popular' }).pipe(
            catchError(() => of({ items: [] as PromptDto[] })),
            map((page) => ({ q, items: page.items })),
          ),
        ),
        takeUntilDestroyed(),
      )
      .subscribe(({ q, items }) => {
        this.results.set(items);
        this.resultsFor.set(q);
        this.active.set(0);
        this.refused.set(false);
      });
  }

  /**
   * A key pressed in the composer while the menu is open. Answers whether the menu took it (the
   * composer then does nothing more with it): arrows, Enter and Escape always are the menu's, so
   * Enter never sends "/tra" to the models.
   */
  handleKey(event: KeyboardEvent): boolean {
    if (event.isComposing) return false;
    const count = this.results().length;
    switch (event.key) {
      case 'ArrowDown':
        if (count) this.active.update((index) => (index + 1) % count);
        return true;
      case 'ArrowUp':
        if (count) this.active.update((index) => (index - 1 + count) % count);
        return true;
      case 'Enter': {
        if (event.shiftKey) return false;
        const prompt = this.loaded() ? this.results()[this.active()] : undefined;
        if (prompt) this.choose(prompt);
        else if (this.loaded()) this.refused.set(true);
        return true;
      }
      case 'Escape':
        this.closed.emit();
        return true;
      default:
        return false;
    }
  }

  protected choose(prompt: PromptDto): void {
    if (prompt.variables.length === 0) {
      this.picked.emit(prompt.body);
      return;
    }
    const data: PromptUseDialogData = { prompt, use: (variables) => this.api.usePrompt({ id: prompt.id, body: { variables } }), confirmLabel: 'prompts.picker.insert' };
    this.dialog
      .open<PromptUseDialog, PromptUseDialogData, string>(PromptUseDialog, { data })
      .afterClosed()
      .subscribe((text) => {
        if (text !== undefined) this.picked.emit(text);
      });
  }
}
