import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, input, output, signal } from '@angular/core';
import { FormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatIconModule } from '@angular/material/icon';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { type Subscription, filter, switchMap, take, timer } from 'rxjs';
import type { ArticleInputDto, BlogAiDraftInputDto, BlogAiErrorEventDto, ChatModelDto, GenerationJobDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { BlogStore } from './blog.store';

type Step = 'outline' | 'draft' | 'title' | 'cover';
const FINISHED: ReadonlySet<string> = new Set(['succeeded', 'failed', 'cancelled']);
/** How often a cover job is checked while it runs. */
export const COVER_POLL_MS = 1000;

/**
 * "Write with AI" in the blog editor: from a subject, with the chat model chosen, an outline to edit,
 * then the draft streamed section by section into the editor's text, a title and an excerpt, and a
 * cover made by an image job. It only hands text and pictures to the editor (its outputs): nothing is
 * saved until the editor saves. When a model fails mid-draft, what was written stays and the error shows.
 */
@Component({
  selector: 'wbx-blog-ai-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [ReactiveFormsModule, MatButtonModule, MatFormFieldModule, MatIconModule, MatInputModule, MatProgressBarModule, MatSelectModule, TranslatePipe],
  templateUrl: './blog-ai-panel.html',
  styleUrl: './blog-ai-panel.scss',
})
export class BlogAiPanel {
  /** The article's language: the AI writes in it. */
  readonly language = input.required<ArticleInputDto['language']>();
  /** The article's text as it stands, for the title and excerpt. */
  readonly body = input('');
  /** The article's title, for the cover. */
  readonly title = input('');
  /** Markdown to add at the end of the article's text. */
  readonly append = output<string>();
  readonly suggested = output<{ title: string; excerpt: string }>();
  readonly coverMade = output<{ id: string; url: string }>();

  private readonly store = inject(BlogStore);
  private readonly i18n = inject(I18nService);

  protected readonly open = signal(false);
  protected readonly models = signal<ChatModelDto[]>([]);
  protected readonly form = inject(FormBuilder).nonNullable.group({
    subject: ['', [Validators.required, Validators.maxLength(500)]],
    model: ['', [Validators.required]],
    tone: ['', [Validators.maxLength(60)]],
    length: ['medium' as NonNullable<BlogAiDraftInputDto['length']>],
  });
  protected readonly sections = signal<string[]>([]);
  protected readonly busy = signal<Step | null>(null);
  protected readonly error = signal<string | null>(null);
  /** The section being written (its index), while the draft streams. */
  protected readonly writing = signal<number | null>(null);
  protected readonly coverProgress = signal<number | null>(null);
  protected readonly canDraft = computed(() => this.sections().some((heading) => heading.trim()) && !this.busy());
  protected readonly workingKey = (step: Step): MessageKey => `blog.ai.working.${step}`;
  private draftRun: Subscription | null = null;
  private coverRun: Subscription | null = null;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.draftRun?.unsubscribe();
      this.coverRun?.unsubscribe();
    });
  }

  protected toggle(): void {
    this.open.update((open) => !open);
    if (this.open() && !this.models().length) {
      this.store.chatModels().subscribe({
        next: (models) => {
          const usable = models.filter((model) => model.available);
          this.models.set(usable);
          if (!this.form.controls.model.value) this.form.controls.model.setValue((usable.find((model) => !model.offline) ?? usable[0])?.id ?? '');
        },
        error: (error: unknown) => this.fail(error),
      });
    }
  }

  private brief(): Omit<BlogAiDraftInputDto, 'sections'> | null {
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      return null;
    }
    const { subject, model, tone, length } = this.form.getRawValue();
    return { subject: subject.trim(), model, language: this.language(), length, ...(tone.trim() ? { tone: tone.trim() } : {}) };
  }

  protected suggestOutline(): void {
    const brief = this.brief();
    if (!brief) return;
    this.start('outline');
    this.store.outline(brief).subscribe({
      next: (outline) => {
        this.sections.set(outline.sections);
        this.busy.set(null);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  protected editSection(index: number, heading: string): void {
    this.sections.update((sections) => sections.map((current, i) => (i === index ? heading : current)));
  }

  protected removeSection(index: number): void {
    this.sections.update((sections) => sections.filter((_, i) => i !== index));
  }

  protected addSection(): void {
    this.sections.update((sections) => [...sections, '']);
  }

  /** Streams the draft into the editor's text; what arrived stays when it stops or fails. */
  protected writeDraft(): void {
    const brief = this.brief();
    const sections = this.sections().map((heading) => heading.trim()).filter(Boolean);
    if (!brief || !sections.length) return;
    this.start('draft');
    let first = true;
    this.draftRun = this.store.draft({ ...brief, sections }).subscribe({
      next: (event) => {
        if (event.event === 'section') this.writing.set(event.data.index);
        else if (event.event === 'delta') {
          // Set apart from what the editor had already written.
          this.append.emit(first && this.body().trim() ? `\n\n${event.data.text}` : event.data.text);
          first = false;
        } else if (event.event === 'error') this.error.set(this.streamError(event.data));
      },
      error: (error: unknown) => this.fail(error),
      complete: () => this.stopped(),
    });
  }

  protected stopDraft(): void {
    this.draftRun?.unsubscribe();
    this.stopped();
  }

  protected suggestTitle(): void {
    const brief = this.brief();
    if (!brief) return;
    this.start('title');
    this.store.titleAndExcerpt({ ...brief, body: this.body() }).subscribe({
      next: ({ title, excerpt }) => {
        this.suggested.emit({ title, excerpt });
        this.busy.set(null);
      },
      error: (error: unknown) => this.fail(error),
    });
  }

  /** Queues the cover as an image job and follows it; its picture becomes the editor's cover. */
  protected makeCover(): void {
    const subject = this.form.controls.subject.value.trim();
    if (!subject) {
      this.form.controls.subject.markAsTouched();
      return;
    }
    this.start('cover');
    this.coverProgress.set(0);
    const title = this.title().trim();
    this.coverRun = this.store
      .cover({ subject, ...(title ? { title } : {}) })
      .pipe(
        switchMap((job) => timer(0, COVER_POLL_MS).pipe(switchMap(() => this.store.job(job.id)))),
        filter((job) => {
          this.coverProgress.set(job.progress);
          return FINISHED.has(job.status);
        }),
        take(1),
      )
      .subscribe({ next: (job) => this.coverDone(job), error: (error: unknown) => this.fail(error) });
  }

  private coverDone(job: GenerationJobDto): void {
    this.coverProgress.set(null);
    this.busy.set(null);
    const picture = job.outputs[0];
    if (job.status === 'succeeded' && picture) this.coverMade.emit({ id: picture.id, url: picture.thumbnailUrl ?? picture.contentUrl });
    else this.error.set(job.error ?? this.i18n.t('blog.ai.coverFailed'));
  }

  private start(step: Step): void {
    this.busy.set(step);
    this.error.set(null);
  }

  private stopped(): void {
    this.draftRun = null;
    this.writing.set(null);
    this.busy.set(null);
  }

  private streamError(error: BlogAiErrorEventDto): string {
    const reason = problemMessage(this.i18n, { status: 502, code: error.code, message: error.message, fieldErrors: {}, params: error.params ?? {} });
    return this.i18n.t('blog.ai.draftFailed', { section: error.index + 1, reason });
  }

  private fail(error: unknown): void {
    this.stopped();
    this.coverProgress.set(null);
    this.error.set(problemMessage(this.i18n, toApiProblem(error)));
  }
}
