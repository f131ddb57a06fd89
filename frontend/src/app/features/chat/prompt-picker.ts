import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { catchError, debounceTime, distinctUntilChanged, of, switchMap } from 'rxjs';
import type { PromptDto } from '../../api/models';
import { PromptsService } from '../../api/services';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PromptUseDialog, type PromptUseDialogData } from '../../shared/prompts/prompt-use-dialog';

/**
 * The chat composer's `/` menu: prompts of the library matching what follows the slash. A prompt
 * without variables gives its body; one with variables asks for them first (the use dialog).
 */
@Component({
  selector: 'wbx-prompt-picker',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatIconModule, TranslatePipe],
  template: `
    <div class="panel" role="group" [attr.aria-label]="'prompts.picker.label' | t" data-testid="prompt-picker">
      @for (prompt of results(); track prompt.id) {
        <button type="button" class="item" (click)="choose(prompt)" data-testid="prompt-picker-item">
          <mat-icon aria-hidden="true">library_books</mat-icon>
          <span class="title">{{ prompt.title }}</span>
          @if (prompt.variables.length) {
            <span class="vars">{{ 'prompts.picker.variables' | t: { count: prompt.variables.length } }}</span>
          }
        </button>
      } @empty {
        <p class="empty">{{ 'prompts.picker.empty' | t }}</p>
      }
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
      &:focus-visible {
        background: var(--mat-sys-surface-container-highest);
      }
    }
    .title {
      flex: 1;
    }
    .vars,
    .empty {
      color: var(--mat-sys-on-surface-variant);
      font: var(--mat-sys-body-small);
    }
    .empty {
      margin: 8px 12px;
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

  protected readonly results = signal<PromptDto[]>([]);

  constructor() {
    toObservable(this.query)
      .pipe(
        debounceTime(200),
        distinctUntilChanged(),
        switchMap((q) => this.api.listPrompts({ q: q.trim() || undefined, limit: 8, sort: 'popular' }).pipe(catchError(() => of({ items: [] as PromptDto[] })))),
        takeUntilDestroyed(),
      )
      .subscribe((page) => this.results.set(page.items));
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
