import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import type { ArticleDto } from '../../api/models';
import { toApiProblem } from '../../core/http/api-error';
import { problemMessage } from '../../core/http/problem-message';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { Markdown } from '../../shared/markdown/markdown';
import { BlogStore } from './blog.store';

type Loaded = { state: 'loading' } | { state: 'ready'; article: ArticleDto } | { state: 'failed'; message: string };

/** The reading view (the audit's modal): the article rendered through the shared, sanitised Markdown view; closes with its slug to edit it. */
@Component({
  selector: 'wbx-blog-reader-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatDialogModule, MatIconModule, MatProgressSpinnerModule, TranslatePipe, Markdown],
  template: `
    @switch (loaded().state) {
      @case ('loading') {
        <mat-dialog-content><mat-spinner diameter="32" [attr.aria-label]="'common.loading' | t" /></mat-dialog-content>
      }
      @case ('failed') {
        @let failed = loaded();
        <mat-dialog-content>
          @if (failed.state === 'failed') {
            <div class="wbx-error-banner" role="alert">{{ failed.message }}</div>
          }
        </mat-dialog-content>
      }
      @default {
        @let ready = loaded();
        @if (ready.state === 'ready') {
          <h2 mat-dialog-title data-testid="blog-reader-title">{{ ready.article.title }}</h2>
          <mat-dialog-content>
            <p class="byline">
              {{ ready.article.category }} · {{ ready.article.author.name }} · {{ 'blog.readingTime' | t: { minutes: ready.article.readingMinutes } }}
            </p>
            @if (ready.article.coverUrl) {
              <img class="cover" [src]="ready.article.coverUrl" alt="" />
            }
            @if (ready.article.excerpt) {
              <p class="excerpt">{{ ready.article.excerpt }}</p>
            }
            <wbx-markdown [text]="ready.article.body" data-testid="blog-reader-body" />
          </mat-dialog-content>
          <mat-dialog-actions align="end">
            @if (ready.article.publicUrl) {
              <a mat-button [href]="ready.article.publicUrl" target="_blank" rel="noopener" data-testid="blog-reader-public"><mat-icon>public</mat-icon>{{ 'blog.publicPage' | t }}</a>
            }
            @if (ready.article.canEdit) {
              <button mat-button type="button" (click)="ref.close(ready.article.slug)" data-testid="blog-reader-edit"><mat-icon>edit</mat-icon>{{ 'blog.edit' | t }}</button>
            }
            <button mat-flat-button type="button" mat-dialog-close>{{ 'common.close' | t }}</button>
          </mat-dialog-actions>
        }
      }
    }
  `,
  styles: `
    .byline,
    .excerpt {
      color: var(--mat-sys-on-surface-variant);
    }
    .excerpt {
      font: var(--mat-sys-body-large);
    }
    .cover {
      width: 100%;
      max-height: 360px;
      object-fit: cover;
      border-radius: 12px;
    }
  `,
})
export class BlogReaderDialog {
  private readonly data = inject<{ slug: string }>(MAT_DIALOG_DATA);
  protected readonly ref = inject<MatDialogRef<BlogReaderDialog, string>>(MatDialogRef);
  private readonly i18n = inject(I18nService);
  protected readonly loaded = signal<Loaded>({ state: 'loading' });

  constructor() {
    inject(BlogStore)
      .bySlug(this.data.slug)
      .subscribe({
        next: (article) => this.loaded.set({ state: 'ready', article }),
        error: (error: unknown) => this.loaded.set({ state: 'failed', message: problemMessage(this.i18n, toApiProblem(error)) }),
      });
  }
}
