import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { GenerationJobDto, MediaFileDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { downloadUrl, kindIcon, previewMode, type PreviewMode } from '../../shared/media/media-format';
import type { IconName } from '../../core/icons/icons';

/** Only the API's own signed links are trusted as a frame's source. */
const CONTENT_LINK = /^\/api\/media\/files\/[0-9a-f-]+\/content\?token=[\w.-]+$/i;

interface ResultFile {
  file: MediaFileDto;
  mode: PreviewMode;
  icon: IconName;
  download: string;
  /** The PDF's frame source, when it is one of our signed links. */
  frame: SafeResourceUrl | null;
}

export interface PreviewRequest {
  files: MediaFileDto[];
  index: number;
}

/**
 * A job's outputs shown as what they are: pictures as a gallery (a click opens the full image),
 * players for video and audio, a PDF in a frame, anything else (EPUB) as a download; each with a
 * link to the file in the media manager.
 */
@Component({
  selector: 'wbx-job-results',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [RouterLink, MatButtonModule, MatIconModule, TranslatePipe],
  templateUrl: './job-results.html',
  styleUrl: './job-results.scss',
})
export class JobResults {
  private readonly sanitizer = inject(DomSanitizer);

  readonly job = input.required<GenerationJobDto>();
  readonly preview = output<PreviewRequest>();

  protected readonly results = computed<ResultFile[]>(() =>
    this.job().outputs.map((file) => {
      const mode = previewMode(file);
      return {
        file,
        mode,
        icon: kindIcon(file.kind),
        download: downloadUrl(file),
        frame: mode === 'pdf' && CONTENT_LINK.test(file.contentUrl) ? this.sanitizer.bypassSecurityTrustResourceUrl(file.contentUrl) : null,
      };
    }),
  );
  protected readonly images = computed(() => this.results().filter((result) => result.mode === 'image'));
  protected readonly imageFiles = computed(() => this.images().map((result) => result.file));
  protected readonly others = computed(() => this.results().filter((result) => result.mode !== 'image'));
}
