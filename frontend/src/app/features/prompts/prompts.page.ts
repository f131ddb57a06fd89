import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatSelectModule } from '@angular/material/select';
import { MatSlideToggleModule } from '@angular/material/slide-toggle';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTooltipModule } from '@angular/material/tooltip';
import { Router, RouterLink } from '@angular/router';
import { Subject, debounceTime, distinctUntilChanged } from 'rxjs';
import type { ImportResultDto, PromptDto, PromptInputDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { saveBlob } from '../../core/http/download';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { ChatDraftService } from '../../shared/chat-draft/chat-draft.service';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { PromptUseDialog, type PromptUseDialogData } from '../../shared/prompts/prompt-use-dialog';
import { PromptsStore, type PromptCategory, type PromptScope, type PromptSort } from './prompts.store';
import { problemMessage } from '../../core/http/problem-message';
import { HelpLink } from '../../shared/help-link/help-link';

export const SEARCH_DEBOUNCE_MS = 300;

/** `/prompts`: the library, filtered as you type, with import, export and "use in chat". */
@Component({
  selector: 'wbx-prompts-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HelpLink, 
    RouterLink,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatIconModule,
    MatInputModule,
    MatProgressSpinnerModule,
    MatSelectModule,
    MatSlideToggleModule,
    MatTooltipModule,
    TranslatePipe,
  ],
  templateUrl: './prompts.page.html',
  styleUrl: './prompts.page.scss',
})
export default class PromptsPage {
  protected readonly store = inject(PromptsStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);
  private readonly router = inject(Router);
  private readonly chatDraft = inject(ChatDraftService);

  protected readonly error = signal<string | null>(null);
  protected readonly importResult = signal<ImportResultDto | null>(null);
  private readonly query = new Subject<string>();
  private readonly tag = new Subject<string>();

  constructor() {
    this.store.load();
    this.store.loadCategories();
    const destroyRef = inject(DestroyRef);
    this.query.pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(destroyRef)).subscribe((q) => this.store.setFilters({ q }));
    this.tag.pipe(debounceTime(SEARCH_DEBOUNCE_MS), distinctUntilChanged(), takeUntilDestroyed(destroyRef)).subscribe((tag) => this.store.setFilters({ tag }));
  }

  protected categoryKey(category: PromptCategory): MessageKey {
    return `prompts.category.${category}`;
  }

  protected search(q: string): void {
    this.query.next(q);
  }

  protected filterTag(tag: string): void {
    this.tag.next(tag);
  }

  protected setCategory(category: PromptCategory | null): void {
    this.store.setFilters({ category });
  }

  protected setScope(scope: PromptScope): void {
    this.store.setFilters({ scope });
  }

  protected setSort(sort: PromptSort): void {
    this.store.setFilters({ sort });
  }

  protected setFavorites(favorites: boolean): void {
    this.store.setFilters({ favorites });
  }

  protected use(prompt: PromptDto): void {
    const data: PromptUseDialogData = { prompt, use: (variables) => this.store.use(prompt.id, variables) };
    this.dialog
      .open<PromptUseDialog, PromptUseDialogData, string>(PromptUseDialog, { data })
      .afterClosed()
      .subscribe((text) => {
        if (text === undefined) return;
        this.chatDraft.hand(text);
        void this.router.navigate(['/chat']);
      });
  }

  protected duplicate(prompt: PromptDto): void {
    this.store.duplicate(prompt.id).subscribe({
      next: (copy) => void this.router.navigate(['/prompts', copy.id, 'edit']),
      error: (error: unknown) => this.fail(error),
    });
  }

  protected remove(prompt: PromptDto): void {
    const data = { title: this.i18n.t('prompts.deleteTitle'), message: this.i18n.t('prompts.deleteMessage', { title: prompt.title }), confirm: this.i18n.t('common.delete'), cancel: this.i18n.t('common.cancel') };
    confirmAction(this.dialog, data).subscribe((confirmed) => {
      if (!confirmed) return;
      this.store.delete(prompt.id).subscribe({
        next: () => {
          this.store.loadCategories();
          this.snackBar.open(this.i18n.t('prompts.deleted'), undefined, { duration: 3000 });
        },
        error: (error: unknown) => this.fail(error),
      });
    });
  }

  protected async importFile(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    this.error.set(null);
    this.importResult.set(null);
    let prompts: PromptInputDto[];
    try {
      prompts = readImport(JSON.parse(await file.text()));
    } catch {
      this.error.set(this.i18n.t('prompts.import.invalid'));
      return;
    }
    this.store.importPrompts(prompts).subscribe({ next: (result) => this.importResult.set(result), error: (error: unknown) => this.fail(error) });
  }

  protected exportAll(): void {
    this.store.exportPrompts().subscribe({
      next: (exported) => saveBlob(new Blob([JSON.stringify(exported, null, 2)], { type: 'application/json' }), 'webox-prompts.json'),
      error: (error: unknown) => this.fail(error),
    });
  }

  private fail(error: unknown): void {
    const problem = toApiProblem(error);
    this.error.set(problemMessage(this.i18n, problem));
  }
}

/** The prompts of an imported file: an export (`{ prompts: [...] }`) or a bare list. */
export function readImport(data: unknown): PromptInputDto[] {
  const list: unknown = Array.isArray(data) ? data : typeof data === 'object' && data !== null ? (data as { prompts?: unknown }).prompts : undefined;
  if (!Array.isArray(list)) throw new Error('Not a prompt list');
  return list as PromptInputDto[];
}
