import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { Router, RouterLink } from '@angular/router';
import type { Observable } from 'rxjs';
import type { PromptDto, PromptInputDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { FormSubmission } from '../../core/http/form-submission';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { PromptPreview } from '../../shared/prompts/prompt-preview';
import { PROMPT_CATEGORIES, PromptsStore, type PromptCategory } from './prompts.store';
import { problemMessage } from '../../core/http/problem-message';

/** `/prompts/new` and `/prompts/:id/edit`: a prompt of mine, with a live preview of its variables. */
/** The server's limit on a prompt's title (`CreatePromptDto`). */
export const PROMPT_TITLE_MAX = 120;

@Component({
  selector: 'wbx-prompt-editor-page',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, RouterLink, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, PromptPreview],
  templateUrl: './prompt-editor.page.html',
  styleUrl: './prompt-editor.page.scss',
})
export default class PromptEditorPage {
  private readonly store = inject(PromptsStore);
  private readonly router = inject(Router);
  private readonly i18n = inject(I18nService);

  /** From the route; absent for a new prompt. */
  readonly id = input<string>();

  protected readonly categories = PROMPT_CATEGORIES;
  protected readonly titleMax = PROMPT_TITLE_MAX;
  protected readonly submission = new FormSubmission();
  protected readonly values = signal<Record<string, string>>({});
  protected readonly form = inject(FormBuilder).nonNullable.group({
    title: ['', [Validators.required, Validators.maxLength(PROMPT_TITLE_MAX)]],
    body: ['', [Validators.required]],
    category: ['writing' as PromptCategory, [Validators.required]],
    visibility: ['private' as 'private' | 'shared'],
    tags: [''],
  });
  protected readonly body = toSignal(this.form.controls.body.valueChanges, { initialValue: '' });

  constructor() {
    effect(() => {
      const id = this.id();
      if (id) untracked(() => this.store.get(id).subscribe({ next: (prompt) => this.fill(prompt), error: (error: unknown) => this.submission.error.set(problemMessage(this.i18n, toApiProblem(error))) }));
    });
  }

  protected categoryKey(category: PromptCategory): MessageKey {
    return `prompts.category.${category}`;
  }

  protected submit(): void {
    this.submission.submit(this.form, () => this.save(), { leaves: true, messageWithFieldErrors: true, saved: () => void this.router.navigate(['/prompts']) });
  }

  private save(): Observable<PromptDto> {
    const value = this.form.getRawValue();
    const body: PromptInputDto = {
      title: value.title.trim(),
      body: value.body,
      category: value.category,
      visibility: value.visibility,
      tags: value.tags
        .split(',')
        .map((tag) => tag.trim())
        .filter(Boolean),
    };
    const id = this.id();
    return id ? this.store.update(id, body) : this.store.create(body);
  }

  private fill(prompt: PromptDto): void {
    this.form.patchValue({ title: prompt.title, body: prompt.body, category: prompt.category, visibility: prompt.visibility, tags: prompt.tags.join(', ') });
  }
}
