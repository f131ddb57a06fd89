import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { Observable, firstValueFrom } from 'rxjs';
import { ApiConfiguration } from '../../api/api-configuration';
import { SessionStore } from '../auth/session.store';
import { readSseEvents, type SseEvent } from './sse-parser';

/**
 * The one API call that does not go through the generated client: a POST answered with
 * `text/event-stream`, which HttpClient can only hand over once the whole body has arrived.
 * It sends the session's access token like the auth interceptor does, refreshes it once on a
 * 401 (through the session store, so concurrent refreshes are shared) and retries once.
 *
 * Failures are `HttpErrorResponse`s, like the generated client's, so `toApiProblem` reads them:
 * the server's status and JSON error body, or status 0 when the server could not be reached or
 * the stream was cut.
 */
@Injectable({ providedIn: 'root' })
export class SseClient {
  private readonly session = inject(SessionStore);
  private readonly config = inject(ApiConfiguration);

  /**
   * POSTs `body` as JSON to `path` (an `/api/...` path) and emits the events of the answer as
   * they arrive; completes when the server ends the stream. Unsubscribing aborts the request,
   * which closes the connection: that is how the server knows to stop.
   */
  post(path: string, body: unknown): Observable<SseEvent> {
    return new Observable<SseEvent>((subscriber) => {
      const controller = new AbortController();
      this.run(path, body, controller.signal, (event) => subscriber.next(event)).then(
        () => subscriber.complete(),
        (error: unknown) => subscriber.error(error),
      );
      return () => controller.abort();
    });
  }

  private async run(path: string, body: unknown, signal: AbortSignal, emit: (event: SseEvent) => void): Promise<void> {
    const url = `${this.config.rootUrl}${path}`;
    const sentToken = this.session.accessToken();
    let response = await this.send(url, body, sentToken, signal);
    if (response.status === 401 && this.session.refreshToken()) {
      await response.body?.cancel().catch(() => undefined);
      // Another call may already have refreshed the token while this one was in flight.
      const current = this.session.accessToken();
      const token = current && current !== sentToken ? current : await firstValueFrom(this.session.refreshAccessToken());
      response = await this.send(url, body, token, signal);
    }
    if (!response.ok) throw await httpError(response, url);
    if (!response.body) throw new HttpErrorResponse({ status: 0, statusText: 'Empty stream', url });
    try {
      for await (const event of readSseEvents(response.body, signal)) emit(event);
    } catch (error) {
      if (signal.aborted) return;
      throw new HttpErrorResponse({ status: 0, statusText: 'Stream interrupted', url, error });
    }
  }

  private async send(url: string, body: unknown, token: string | null, signal: AbortSignal): Promise<Response> {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', Accept: 'text/event-stream' };
    if (token) headers['Authorization'] = `Bearer ${token}`;
    try {
      return await fetch(url, { method: 'POST', headers, body: JSON.stringify(body), signal, cache: 'no-store' });
    } catch (error) {
      if (signal.aborted) throw error;
      throw new HttpErrorResponse({ status: 0, statusText: 'Network error', url, error });
    }
  }
}

/** An error response as the generated client would report it: JSON bodies parsed, others as text. */
async function httpError(response: Response, url: string): Promise<HttpErrorResponse> {
  const text = await response.text().catch(() => '');
  let error: unknown = text;
  if ((response.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      error = JSON.parse(text);
    } catch {
      error = text;
    }
  }
  const headers = new HttpHeaders(Object.fromEntries(response.headers.entries()));
  return new HttpErrorResponse({ status: response.status, statusText: response.statusText, url, error, headers });
}
