import { HttpErrorResponse, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { firstValueFrom, toArray } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { AuthSessionDto } from '../../api/models';
import { SseClient } from './sse-client';

function sseResponse(pieces: string[], options: { hold?: boolean; onCancel?: () => void } = {}): Response {
  const encoder = new TextEncoder();
  let index = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = pieces[index++];
      if (piece !== undefined) return controller.enqueue(encoder.encode(piece));
      if (options.hold) return new Promise<void>(() => undefined);
      return controller.close();
    },
    cancel: () => options.onCancel?.(),
  });
  return new Response(stream, { status: 200, headers: { 'Content-Type': 'text/event-stream' } });
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

describe('SseClient', () => {
  let fetchMock: ReturnType<typeof vi.fn>;
  let client: SseClient;
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.clear();
    localStorage.setItem('webox.accessToken', 'access-1');
    localStorage.setItem('webox.refreshToken', 'refresh-1');
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration('')] });
    client = TestBed.inject(SseClient);
    http = TestBed.inject(HttpTestingController);
    vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
  });

  afterEach(() => {
    vi.unstubAllGlobals();
    http.verify();
    localStorage.clear();
  });

  it('POSTs JSON with the access token and emits the events of the stream', async () => {
    fetchMock.mockResolvedValue(sseResponse(['event: turn\ndata: {"turn":1}\n\nevent: del', 'ta\ndata: {"text":"Hi"}\n\nevent: end\ndata: {}\n\n']));
    const events = await firstValueFrom(client.post('/api/chat', { message: 'Hi', models: ['local/webox-mini'], stream: true }).pipe(toArray()));

    expect(events).toEqual([
      { event: 'turn', data: '{"turn":1}' },
      { event: 'delta', data: '{"text":"Hi"}' },
      { event: 'end', data: '{}' },
    ]);
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/chat');
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>)['Authorization']).toBe('Bearer access-1');
    expect(JSON.parse(init.body as string)).toEqual({ message: 'Hi', models: ['local/webox-mini'], stream: true });
  });

  it('refreshes the token once on a 401 and retries with the new one', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(401, { statusCode: 401, code: 'UNAUTHENTICATED', message: 'Token expired' }));
    fetchMock.mockResolvedValueOnce(sseResponse(['data: ok\n\n']));
    const result = firstValueFrom(client.post('/api/chat', {}).pipe(toArray()));

    const refresh = await vi.waitFor(() => http.expectOne('/api/auth/refresh'));
    expect(refresh.request.body).toEqual({ refreshToken: 'refresh-1' });
    refresh.flush({ accessToken: 'access-2', refreshToken: 'refresh-2', expiresIn: 900, user: { id: 'u1', email: 'a@b.c', name: 'A', role: 'user', status: 'active', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: '2026-11-26T00:00:00.000Z' } } satisfies AuthSessionDto);

    expect(await result).toEqual([{ event: 'message', data: 'ok' }]);
    expect(fetchMock).toHaveBeenCalledTimes(2);
    const retried = fetchMock.mock.calls[1]![1] as RequestInit;
    expect((retried.headers as Record<string, string>)['Authorization']).toBe('Bearer access-2');
  });

  it("fails with the server's error body, readable by toApiProblem", async () => {
    fetchMock.mockResolvedValue(jsonResponse(400, { statusCode: 400, code: 'VALIDATION_FAILED', message: 'Invalid fields', details: [{ field: 'models', message: 'models must name at most 12 models' }] }));
    const error = await firstValueFrom(client.post('/api/chat', {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpErrorResponse);
    expect((error as HttpErrorResponse).status).toBe(400);
    expect((error as HttpErrorResponse).error.details[0].field).toBe('models');
    http.expectNone('/api/auth/refresh');
  });

  it('aborts the request when unsubscribed, which closes the stream', async () => {
    let cancelled = false;
    let signal: AbortSignal | undefined;
    fetchMock.mockImplementation((_url: string, init: RequestInit) => {
      signal = init.signal ?? undefined;
      return Promise.resolve(sseResponse(['event: start\ndata: {}\n\n'], { hold: true, onCancel: () => (cancelled = true) }));
    });
    const seen: string[] = [];
    const subscription = client.post('/api/chat', {}).subscribe((event) => seen.push(event.event));
    await vi.waitFor(() => expect(seen).toEqual(['start']));

    subscription.unsubscribe();
    expect(signal?.aborted).toBe(true);
    await vi.waitFor(() => expect(cancelled).toBe(true));
  });

  it('reports a server that cannot be reached as status 0', async () => {
    fetchMock.mockRejectedValue(new TypeError('Failed to fetch'));
    const error = await firstValueFrom(client.post('/api/chat', {})).catch((e: unknown) => e);
    expect((error as HttpErrorResponse).status).toBe(0);
  });
});
