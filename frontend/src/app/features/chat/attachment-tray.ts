import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatIconModule } from '@angular/material/icon';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressSpinnerModule } from '@angular/material/progress-spinner';
import { MatTooltipModule } from '@angular/material/tooltip';
import type { MediaFileDto } from '../../api/models';
import { I18nService } from '../../core/i18n/i18n.service';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { BytesPipe } from '../../shared/media/media-format';
import { ACCEPTED_FILES, ChatAttachments, MAX_ATTACHMENTS } from './chat-attachments.store';
import { MediaLibraryPicker } from './media-library-picker';

/**
 * "Attach" above the composer: files from the computer or from the media library, and a chip per
 * attached file (a thumbnail for pictures, its upload state, a remove button). Dropping and pasting
 * files on the composer land here too (the page hands them to `ChatAttachments`).
 */
@Component({
  selector: 'wbx-attachment-tray',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [MatButtonModule, MatIconModule, MatMenuModule, MatProgressSpinnerModule, MatTooltipModule, TranslatePipe, BytesPipe],
  templateUrl: './attachment-tray.html',
  styleUrl: './attachment-tray.scss',
})
export class AttachmentTray {
  protected readonly attachments = inject(ChatAttachments);
  private readonly dialog = inject(MatDialog);
  private readonly i18n = inject(I18nService);

  readonly disabled = input(false);

  protected readonly accept = ACCEPTED_FILES;
  /** Said when files were left out (more than ten). */
  protected readonly notice = signal<string | null>(null);

  /** Files from anywhere (the picker, a drop, a paste). */
  add(files: Iterable<File>): void {
    const skipped = this.attachments.addFiles(files);
    this.notice.set(skipped ? this.i18n.t('chat.attachments.tooMany', { max: MAX_ATTACHMENTS }) : null);
  }

  protected fromComputer(input: HTMLInputElement): void {
    if (input.files?.length) this.add(Array.from(input.files));
    input.value = '';
  }

  protected fromLibrary(): void {
    this.dialog
      .open<MediaLibraryPicker, void, MediaFileDto[]>(MediaLibraryPicker, { width: '720px', maxWidth: '96vw', autoFocus: 'first-tabbable' })
      .afterClosed()
      .subscribe((files) => files?.forEach((file) => this.attachments.addFromLibrary(file)));
  }
}
