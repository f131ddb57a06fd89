// The generated client cannot report upload progress nor hand back a text file's bytes: these
// two calls, and only these, use HttpClient directly.
// eslint-disable-next-line no-restricted-imports
import { HttpClient, HttpHeaders, HttpParams, type HttpEvent } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { Observable } from 'rxjs';
import { ApiConfiguration } from '../../api/api-configuration';
import type { MediaFileDto } from '../../api/models';
import { MediaService } from '../../api/services';

/** How much of a text file the preview fetches. */
export const TEXT_PREVIEW_BYTES = 256 * 1024;

/**
 * Moves bytes: one file up with its progress, or the start of a text file down. Under the media
 * routes HttpClient runs over XMLHttpRequest (see media.routes.ts), which is what reports upload
 * progress; the auth interceptor adds the bearer token as for every API call.
 */
@Injectable()
export class MediaTransfer {
  private readonly http = inject(HttpClient);
  private readonly config = inject(ApiConfiguration);

  /** `POST /api/media/upload` with one file, as a stream of progress events and then the response. */
  upload(file: File, folderId: string | null): Observable<HttpEvent<MediaFileDto[]>> {
    const body = new FormData();
    body.append('files', file, file.name);
    const params = folderId ? new HttpParams().set('folderId', folderId) : undefined;
    return this.http.post<MediaFileDto[]>(`${this.config.rootUrl}${MediaService.UploadMediaPath}`, body, { params, reportProgress: true, observe: 'events' });
  }

  /** The text of a file (its first TEXT_PREVIEW_BYTES only, for a large one), from its signed link. */
  text(file: Pick<MediaFileDto, 'contentUrl' | 'size'>): Observable<string> {
    const headers = file.size > TEXT_PREVIEW_BYTES ? new HttpHeaders({ Range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` }) : undefined;
    return this.http.get(file.contentUrl, { headers, responseType: 'text' });
  }
}
