import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, DestroyRef, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialog, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import type { Injector } from '@angular/core';
import type { Subscription } from 'rxjs';
import type { MediaFileDto, MediaFolderDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import type { MessageKey } from '../../core/i18n/messages.en';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { BytesPipe, downloadUrl, formatDimensions, formatDuration, kindIcon, previewMode, type MediaKind } from './media-format';
import { MediaTransfer, TEXT_PREVIEW_BYTES } from './media-transfer';

export interface MediaPreviewData {
  /** The files the arrows step through, and the one shown first. */
  files: readonly MediaFileDto[];
  index: number;
  folders: readonly MediaFolderDto[];
}

type TextState = { state: 'loading' } | { state: 'ready'; text: string; truncated: boolean } | { state: 'failed' };

/** Only the API's own signed links are trusted as a frame's source. */
const CONTENT_LINK = /^\/api\/media\/files\/[0-9a-f-]+\/content\?token=[\w.-]+$/i;

/**
 * A file shown for what it is: a picture full size, a player for audio and video, a PDF in a
 * frame, text as plain text; anything else (SVG and HTML included, which may hold script) as
 * its server-made thumbnail and a download. Its metadata beside it; the arrow keys step through
 * the list it was opened from.
 */
@Component({
  selector: 'wbx-media-preview-dialog',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe, MatDialogModule, MatButtonModule, MatIconModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, BytesPipe],
  templateUrl: './media-preview-dialog.html',
  styleUrl: './media-preview-dialog.scss',
})
export class MediaPreviewDialog {
  private readonly data = inject<MediaPreviewData>(MAT_DIALOG_DATA);
  private readonly transfer = inject(MediaTransfer);
  private readonly sanitizer = inject(DomSanitizer);
  private readonly i18n = inject(I18nService);

  protected readonly index = signal(this.data.index);
  protected readonly count = this.data.files.length;
  protected readonly file = computed(() => this.data.files[this.index()]!);
  protected readonly mode = computed(() => previewMode(this.file()));
  protected readonly icon = computed(() => kindIcon(this.file().kind));
  protected readonly download = computed(() => downloadUrl(this.file()));
  protected readonly dimensions = computed(() => formatDimensions(this.file()));
  protected readonly duration = computed(() => (this.file().durationSeconds === null ? null : formatDuration(this.file().durationSeconds!)));
  protected readonly folderName = computed(() => {
    const folderId = this.file().folderId;
    return folderId ? (this.data.folders.find((folder) => folder.id === folderId)?.name ?? '—') : this.i18n.t('media.folders.top');
  });
  /** Script-capable types (SVG, HTML): said why there is no live preview. */
  protected readonly unsafe = computed(() => /^(image\/svg\+xml|text\/html)$/.test(this.file().mimeType));
  protected readonly pdfUrl = computed<SafeResourceUrl | null>(() => {
    const url = this.file().contentUrl;
    return CONTENT_LINK.test(url) ? this.sanitizer.bypassSecurityTrustResourceUrl(url) : null;
  });
  protected readonly text = signal<TextState>({ state: 'loading' });
  protected readonly textLimit = TEXT_PREVIEW_BYTES;
  protected readonly locale = this.i18n.locale;

  private textRequest: Subscription | undefined;

  constructor() {
    this.loadText();
    // The dialog's own key events: focus may be on its container, outside this component.
    inject<MatDialogRef<MediaPreviewDialog>>(MatDialogRef)
      .keydownEvents()
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.onKey(event));
    inject(DestroyRef).onDestroy(() => this.textRequest?.unsubscribe());
  }

  protected kindName(kind: MediaKind): MessageKey {
    return `media.kindName.${kind}`;
  }

  protected step(delta: number): void {
    if (this.count < 2) return;
    this.index.update((index) => (index + delta + this.count) % this.count);
    this.loadText();
  }

  private onKey(event: KeyboardEvent): void {
    // Players and the text keep their own use of the arrow keys.
    const target = event.target as HTMLElement | null;
    if (target?.closest('video, audio, input, textarea, pre')) return;
    if (event.key === 'ArrowLeft') this.step(-1);
    else if (event.key === 'ArrowRight') this.step(1);
    else return;
    event.preventDefault();
  }

  private loadText(): void {
    this.textRequest?.unsubscribe();
    const file = this.file();
    if (this.mode() !== 'text') return;
    this.text.set({ state: 'loading' });
    this.textRequest = this.transfer.text(file).subscribe({
      next: (text) => this.text.set({ state: 'ready', text, truncated: file.size > TEXT_PREVIEW_BYTES }),
      error: () => this.text.set({ state: 'failed' }),
    });
  }
}

export function openPreview(dialog: MatDialog, data: MediaPreviewData, injector: Injector): MatDialogRef<MediaPreviewDialog> {
  return dialog.open<MediaPreviewDialog, MediaPreviewData>(MediaPreviewDialog, {
    data,
    injector,
    width: 'min(1120px, 96vw)',
    maxWidth: '96vw',
    autoFocus: 'dialog',
    panelClass: 'wbx-media-preview-panel',
  });
}
