import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import type { ArticleDto, ArticleInputDto, ArticleRevisionDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { confirmAction } from '../../shared/confirm-dialog/confirm-dialog';
import { Markdown } from '../../shared/markdown/markdown';
import { pickMediaFile, type MediaPickerData } from '../../shared/media/media-picker-dialog';
import { BlogAiPanel } from './blog-ai-panel';
import { BlogStore } from './blog.store';

const COVER_TEXTS: MediaPickerData['texts'] = { title: 'blog.editor.pickCover', empty: 'blog.editor.noImages', failed: 'blog.editor.imagesFailed' };
const IMAGE_TEXTS: MediaPickerData['texts'] = { title: 'blog.editor.pickImage', empty: 'blog.editor.noImages', failed: 'blog.editor.imagesFailed' };

/** `datetime-local` wants local time without a zone. */
function toLocalInput(iso: string | null): string {
  if (!iso) return '';
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/**
 * Writes or edits an article: Markdown with a live preview (the shared sanitised Markdown view),
 * a cover and inline images from the media library, status and schedule, and the revisions, each
 * restorable. Emits `closed` (true when something was saved) to go back to the list.
 */
@Component({
  selector: 'wbx-blog-editor',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatSelectModule, TranslatePipe, Markdown, BlogAiPanel],
  templateUrl: './blog-editor.html',
  styleUrl: './blog-editor.scss',
})
export class BlogEditor {
  /** The article's slug, or null for a new one. */
  readonly slug = input<string | null>(null);
  readonly closed = output<boolean>();

  private readonly store = inject(BlogStore);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly i18n = inject(I18nService);

  protected readonly form = inject(FormBuilder).nonNullable.group({
    title: ['', [Validators.required, Validators.maxLength(200)]],
    slug: ['', [Validators.pattern(/^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/)]],
    excerpt: ['', [Validators.maxLength(500)]],
    category: ['', [Validators.required, Validators.maxLength(60)]],
    tags: [''],
    language: ['en' as ArticleInputDto['language']],
    status: ['draft' as ArticleInputDto['status']],
    publishAt: [''],
    body: ['', [Validators.required]],
  });
  protected readonly body = toSignal(this.form.controls.body.valueChanges, { initialValue: '' });
  protected readonly language = toSignal(this.form.controls.language.valueChanges, { initialValue: 'en' as ArticleInputDto['language'] });
  protected readonly titleText = toSignal(this.form.controls.title.valueChanges, { initialValue: '' });
  protected readonly status = toSignal(this.form.controls.status.valueChanges, { initialValue: 'draft' as ArticleInputDto['status'] });
  protected readonly article = signal<ArticleDto | null>(null);
  protected readonly cover = signal<{ id: string; url: string | null } | null>(null);
  protected readonly revisions = signal<ArticleRevisionDto[]>([]);
  protected readonly saving = signal(false);
  protected readonly error = signal<string | null>(null);
  private saved = false;

  constructor() {
    queueMicrotask(() => {
      const slug = this.slug();
      if (!slug) {
        this.form.controls.language.setValue(this.i18n.language() === 'fr' ? 'fr' : 'en');
        return;
      }
      this.store.bySlug(slug).subscribe({ next: (article) => this.fill(article), error: (error: unknown) => this.fail(error) });
    });
  }

  private fill(article: ArticleDto): void {
    this.article.set(article);
    this.form.setValue({
      title: article.title,
      slug: article.slug,
      excerpt: article.excerpt,
      category: article.category,
      tags: article.tags.join(', '),
      language: article.language,
      status: article.status,
      publishAt: article.status === 'scheduled' ? toLocalInput(article.publishedAt) : '',
      body: article.body,
    });
    this.cover.set(article.coverMediaId ? { id: article.coverMediaId, url: article.coverUrl } : null);
    this.loadRevisions();
  }

  private loadRevisions(): void {
    const article = this.article();
    if (article) this.store.revisions(article.id).subscribe({ next: (revisions) => this.revisions.set(revisions), error: () => this.revisions.set([]) });
  }

  protected pickCover(): void {
    pickMediaFile(this.dialog, { files: this.store.imageFiles(), selectedId: this.cover()?.id ?? null, texts: COVER_TEXTS }).subscribe((file) => {
      if (file) this.cover.set({ id: file.id, url: file.thumbnailUrl ?? file.contentUrl });
    });
  }

  /** Inserts a picture of the library into the body, at the end, as Markdown. */
  protected insertImage(): void {
    pickMediaFile(this.dialog, { files: this.store.imageFiles(), selectedId: null, texts: IMAGE_TEXTS }).subscribe((file) => {
      if (!file) return;
      const body = this.form.controls.body.value;
      this.form.controls.body.setValue(`${body}${body.endsWith('\n') || !body ? '' : '\n'}\n![${file.name.replace(/[[\]]/g, '')}](${file.contentUrl})\n`);
    });
  }

  /** Text the AI wrote, added at the end of the body (the editor can change it before saving). */
  protected appendBody(text: string): void {
    this.form.controls.body.setValue(this.form.controls.body.value + text);
  }

  protected applySuggestion({ title, excerpt }: { title: string; excerpt: string }): void {
    this.form.patchValue({ title, excerpt });
  }

  protected save(): void {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return;
    }
    const value = this.form.getRawValue();
    const body: ArticleInputDto = {
      title: value.title,
      excerpt: value.excerpt,
      body: value.body,
      category: value.category,
      tags: value.tags.split(',').map((tag) => tag.trim()).filter(Boolean),
      language: value.language,
      status: value.status,
      coverMediaId: this.cover()?.id ?? null,
      publishAt: value.status === 'scheduled' && value.publishAt ? new Date(value.publishAt).toISOString() : null,
    };
    if (value.slug) body.slug = value.slug;
    this.saving.set(true);
    this.error.set(null);
    this.store.save(this.article()?.id ?? null, body).subscribe({
      next: (article) => {
        this.saving.set(false);
        this.saved = true;
        this.fill(article);
        this.snackBar.open(this.i18n.t(article.status === 'published' ? 'blog.editor.published' : article.status === 'scheduled' ? 'blog.editor.scheduled' : 'blog.editor.saved'), undefined, { duration: 3000 });
      },
      error: (error: unknown) => {
        this.saving.set(false);
        this.fail(error);
      },
    });
  }

  protected restore(revision: ArticleRevisionDto): void {
    const article = this.article();
    if (!article) return;
    this.store.restore(article.id, revision.id).subscribe({
      next: (restored) => {
        this.saved = true;
        this.fill(restored);
        this.snackBar.open(this.i18n.t('blog.editor.restored'), undefined, { duration: 3000 });
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected remove(): void {
    const article = this.article();
    if (!article) return;
    confirmAction(this.dialog, {
      title: this.i18n.t('blog.editor.deleteTitle'),
      message: this.i18n.t('blog.editor.deleteMessage', { title: article.title }),
      confirm: this.i18n.t('common.delete'),
      cancel: this.i18n.t('common.cancel'),
    }).subscribe((confirmed) => {
      if (confirmed) this.store.delete(article.id).subscribe({ next: () => this.closed.emit(true), error: (error: unknown) => this.fail(error) });
    });
  }

  protected close(): void {
    this.closed.emit(this.saved);
  }

  protected date(value: string): string {
    return new Date(value).toLocaleString(this.i18n.locale(), { dateStyle: 'medium', timeStyle: 'short' });
  }

  private fail(error: unknown): void {
    this.error.set(problemMessage(this.i18n, toApiProblem(error)));
  }
}
