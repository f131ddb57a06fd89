import { ChangeDetectionStrategy, Component, DestroyRef, ElementRef, afterNextRender, computed, effect, inject, input, output, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { RouterLink } from '@angular/router';
import type { Subscription } from 'rxjs';
import type { CitationDto, KnowledgeChunkDto } from '../../api/models';
import { KnowledgeService } from '../../api/services';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { passageUrl } from './reply-trace';

/**
 * The passage a citation `[n]` points to, opened in place under the reply (`GET
 * /api/knowledge/chunks/{id}`): its file, page and text with the ends of its neighbours, and a link
 * to the full passage page. The citation's snippet shows while it loads, and if loading fails.
 * Everything is bound as text. Escape or the close button closes it.
 */
@Component({
  selector: 'wbx-citation-popover',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatProgressSpinnerModule, RouterLink, TranslatePipe],
  host: { role: 'dialog', '[attr.aria-label]': 'label()', 'data-testid': 'citation-popover', tabindex: '-1', '(keydown.escape)': 'closed.emit()' },
  template: `
    @let c = citation();
    <header>
      <span class="n">[{{ c.n }}]</span>
      <mat-icon aria-hidden="true">description</mat-icon>
      <span class="file" data-testid="citation-popover-file">{{ c.fileName }}</span>
      @if (c.page !== null && c.page !== undefined) {
        <span class="page">{{ 'chat.sources.page' | t: { page: c.page } }}</span>
      }
      <button mat-icon-button type="button" class="close" (click)="closed.emit()" [attr.aria-label]="'chat.citation.close' | t" data-testid="citation-popover-close">
        <mat-icon>close</mat-icon>
      </button>
    </header>
    <p class="collection">{{ c.collectionName }}</p>
    @if (chunk(); as passage) {
      <div class="passage" data-testid="citation-popover-text">
        @if (passage.previous) {
          <p class="neighbour">…{{ passage.previous.text }}</p>
        }
        <p class="text">{{ passage.text }}</p>
        @if (passage.next) {
          <p class="neighbour">{{ passage.next.text }}…</p>
        }
      </div>
    } @else {
      <p class="text" data-testid="citation-popover-snippet">{{ c.snippet }}</p>
      @if (failed()) {
        <p class="failure" role="alert">{{ 'chat.citation.failed' | t }}</p>
      } @else {
        <mat-progress-spinner mode="indeterminate" diameter="18" [attr.aria-label]="'common.loading' | t" />
      }
    }
    <a [routerLink]="link()" class="full" data-testid="citation-popover-link">{{ 'chat.citation.openFull' | t }}<mat-icon aria-hidden="true">open_in_new</mat-icon></a>
  `,
  styleUrl: './citation-popover.scss',
})
export class CitationPopover {
  private readonly api = inject(KnowledgeService);
  private readonly i18n = inject(I18nService);
  private readonly destroyRef = inject(DestroyRef);
  private readonly host: HTMLElement = inject(ElementRef<HTMLElement>).nativeElement;

  readonly citation = input.required<CitationDto>();
  readonly closed = output<void>();

  protected readonly label = computed(() => this.i18n.t('chat.citation.title', { n: this.citation().n }));
  protected readonly chunk = signal<KnowledgeChunkDto | null>(null);
  protected readonly failed = signal(false);
  protected readonly link = computed(() => passageUrl(this.citation()));
  private loading?: Subscription;

  constructor() {
    effect(() => {
      const id = this.citation().chunkId;
      this.loading?.unsubscribe();
      this.chunk.set(null);
      this.failed.set(false);
      this.loading = this.api
        .getKnowledgeChunk({ id })
        .pipe(takeUntilDestroyed(this.destroyRef))
        .subscribe({ next: (chunk) => this.chunk.set(chunk), error: () => this.failed.set(true) });
    });
    afterNextRender(() => this.host.focus({ preventScroll: true }));
  }
}
