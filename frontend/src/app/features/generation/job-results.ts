import { ChangeDetectionStrategy, Component, computed, inject, input, output } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatIconModule } from '@angular/material/icon';
import { DomSanitizer, type SafeResourceUrl } from '@angular/platform-browser';
import { RouterLink } from '@angular/router';
import type { GenerationJobDto, MediaFileDto } from '../../api/models';
import { TranslatePipe } from '../../core/i18n/translate.pipe';
import { downloadUrl, kindIcon, previewMode, type PreviewMode } from '../../shared/media/media-format';

/** Only the API's own signed links are trusted as a frame's source. */
const CONTENT_LINK = /^\/api\/media\/files\/[0-9a-f-]+\/content\?token=[\w.-]+$/i;

interface ResultFile {
  file: MediaFileDto;
  mode: PreviewMode;
  icon: string;
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
  template: `
    @if (images().length) {
      <div class="gallery" data-testid="result-gallery">
        @for (result of images(); track result.file.id; let index = $index) {
          <button type="button" class="thumb" (click)="preview.emit({ files: imageFiles(), index })" [attr.aria-label]="'generation.result.openImage' | t: { name: result.file.name }">
            <img [src]="result.file.thumbnailUrl ?? result.file.contentUrl" [alt]="result.file.name" data-testid="result-image" />
          </button>
        }
      </div>
    }
    @for (result of others(); track result.file.id) {
      @switch (result.mode) {
        @case ('video') {
          <video class="player" controls preload="metadata" [src]="result.file.contentUrl" [attr.poster]="result.file.thumbnailUrl" data-testid="result-video">
            <a [href]="result.download">{{ 'media.file.download' | t }}</a>
          </video>
        }
        @case ('audio') {
          <audio class="player" controls preload="metadata" [src]="result.file.contentUrl" [attr.aria-label]="result.file.name" data-testid="result-audio"></audio>
        }
        @case ('pdf') {
          @if (result.frame; as frame) {
            <iframe class="pdf" [src]="frame" [title]="result.file.name" data-testid="result-pdf"></iframe>
          }
        }
        @default {
          <a mat-stroked-button class="download" [href]="result.download" download data-testid="result-download-button">
            <mat-icon>download</mat-icon>{{ 'generation.result.downloadFile' | t: { name: result.file.name } }}
          </a>
        }
      }
    }
    @if (results().length) {
      <ul class="files">
        @for (result of results(); track result.file.id) {
          <li data-testid="result-file" [attr.data-mime]="result.file.mimeType">
            <mat-icon aria-hidden="true">{{ result.icon }}</mat-icon>
            <span class="name">{{ result.file.name }}</span>
            <a [href]="result.download" download data-testid="result-download" [attr.aria-label]="'generation.result.downloadAria' | t: { name: result.file.name }">{{ 'media.file.download' | t }}</a>
            <a routerLink="/media" [queryParams]="{ file: result.file.id }" data-testid="result-media-link" [attr.aria-label]="'generation.result.mediaAria' | t: { name: result.file.name }">{{ 'generation.result.inMedia' | t }}</a>
          </li>
        }
      </ul>
    }
  `,
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
