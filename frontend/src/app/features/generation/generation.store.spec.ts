import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { GenerationJobDto, JobProgressEventDto, MediaFileDto } from '../../api/models';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { mediaFile } from '../../shared/media/media-file.fixture';
import { GenerationStore } from './generation.store';

function job(id: string, options: Partial<GenerationJobDto> = {}): GenerationJobDto {
  return {
    id,
    kind: 'image',
    status: 'queued',
    progress: 0,
    step: null,
    input: { model: 'local/webox-draw', prompt: 'A fox', size: '512x512', count: 2 },
    outputs: [],
    failures: [],
    error: null,
    costUsd: 0,
    offline: true,
    createdAt: '2026-11-26T10:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    ...options,
  };
}

/** A generated image still waiting for its preview. */
const file = (id: string): MediaFileDto =>
  mediaFile(id, { size: 10, sha256: '', source: 'generated', origin: { generator: 'image', offline: true }, width: 512, height: 512, previewStatus: 'pending', contentUrl: `/api/media/files/${id}/content?token=t`, thumbnailUrl: null });

function progress(id: string, status: JobProgressEventDto['status'], value: number, step: string | null = null, name = 'generation.image'): JobProgressEventDto {
  return { id, name, status, progress: value, step, error: status === 'failed' ? 'It broke' : null };
}

describe('GenerationStore', () => {
  let http: HttpTestingController;
  let store: GenerationStore;
  let events: Subject<JobProgressEventDto>;

  beforeEach(() => {
    events = new Subject<JobProgressEventDto>();
    const realtime = { on: () => events.asObservable(), connected: signal(true) };
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: RealtimeService, useValue: realtime }, GenerationStore],
    });
    http = TestBed.inject(HttpTestingController);
    store = TestBed.inject(GenerationStore);
  });

  afterEach(() => http.verify());

  function showImages(jobs: GenerationJobDto[], total = jobs.length): void {
    store.showKind('image');
    const request = http.expectOne((candidate) => candidate.url === '/api/generation/jobs');
    expect([request.request.params.get('kind'), request.request.params.get('page')]).toEqual(['image', '1']);
    request.flush({ items: jobs, total, page: 1, limit: 20 });
  }

  it('follows a job live, then asks for it once more when it finishes, for its outputs', () => {
    showImages([job('a')]);
    events.next(progress('a', 'running', 50, '1 of 2 images done'));
    expect(store.jobs()[0]).toMatchObject({ status: 'running', progress: 50, step: '1 of 2 images done' });

    events.next(progress('a', 'succeeded', 100, '2 of 2 images done'));
    expect(store.jobs()[0]!.status).toBe('succeeded');
    http.expectOne('/api/generation/jobs/a').flush(job('a', { status: 'succeeded', progress: 100, outputs: [file('one'), file('two')] }));
    expect(store.jobs()[0]!.outputs.map((output) => output.id)).toEqual(['one', 'two']);
  });

  it('ignores the jobs of other tabs and events that arrive late', () => {
    showImages([job('a', { status: 'running', progress: 60 })]);
    events.next(progress('v', 'running', 10, null, 'generation.video'));
    events.next(progress('x', 'running', 10, null, 'media.thumbnail'));
    events.next(progress('a', 'running', 40));
    expect(store.jobs()).toHaveLength(1);
    expect(store.jobs()[0]!.progress).toBe(60);
    http.expectNone('/api/generation/jobs/v');
  });

  it('applies events that came before the answer to the creation', () => {
    showImages([]);
    let created: GenerationJobDto | undefined;
    store.generate({ kind: 'image', body: { model: 'local/webox-draw', prompt: 'A fox', size: '512x512', count: 2 } }).subscribe((answer) => (created = answer));
    const request = http.expectOne({ method: 'POST', url: '/api/generation/image' });
    expect(request.request.body).toEqual({ model: 'local/webox-draw', prompt: 'A fox', size: '512x512', count: 2 });
    // The worker is faster than the answer: the event of a job not listed yet waits for it.
    events.next(progress('new', 'running', 50, '1 of 2 images done'));
    http.expectNone('/api/generation/jobs/new');
    request.flush(job('new', { createdAt: '2026-11-26T12:00:00.000Z' }), { status: 202, statusText: 'Accepted' });
    expect(created?.id).toBe('new');
    expect(store.jobs()[0]).toMatchObject({ id: 'new', status: 'running', progress: 50 });
    expect(store.total()).toBe(1);
  });

  it('lists a job started elsewhere (another window) from its first event', () => {
    showImages([job('a')]);
    events.next(progress('b', 'running', 25));
    http.expectOne('/api/generation/jobs/b').flush(job('b', { status: 'running', progress: 20, createdAt: '2026-11-26T11:00:00.000Z' }));
    expect(store.jobs().map((shown) => [shown.id, shown.progress])).toEqual([
      ['b', 25],
      ['a', 0],
    ]);
    expect(store.total()).toBe(2);
  });

  it('shows a cancel at once, and a retry as a new run', () => {
    showImages([job('a', { status: 'running', progress: 5 })]);
    store.cancel(store.jobs()[0]!).subscribe();
    http.expectOne({ method: 'POST', url: '/api/generation/jobs/a/cancel' }).flush(job('a', { status: 'cancelled', progress: 5, step: 'Cancelled' }));
    events.next(progress('a', 'running', 6));
    expect(store.jobs()[0]!.status).toBe('cancelled');

    store.retry(store.jobs()[0]!).subscribe();
    http.expectOne({ method: 'POST', url: '/api/generation/jobs/a/retry' }).flush(job('a'));
    expect(store.jobs()[0]!.status).toBe('queued');
    // Asked once more, in case the new run moved before the answer.
    http.expectOne('/api/generation/jobs/a').flush(job('a', { status: 'running', progress: 10 }));
    expect(store.jobs()[0]).toMatchObject({ status: 'running', progress: 10 });
  });

  it('asks for the job again when a cancel comes too late', () => {
    showImages([job('a', { status: 'running', progress: 90 })]);
    let failed = false;
    store.cancel(store.jobs()[0]!).subscribe({ error: () => (failed = true) });
    http.expectOne('/api/generation/jobs/a/cancel').flush({ statusCode: 409, code: 'JOB_FINISHED', message: 'The job is already succeeded' }, { status: 409, statusText: 'Conflict' });
    expect(failed).toBe(true);
    http.expectOne('/api/generation/jobs/a').flush(job('a', { status: 'succeeded', progress: 100, outputs: [file('one')] }));
    expect(store.jobs()[0]!.status).toBe('succeeded');
  });

  it('loads older jobs after the first page, and only the latest answer counts', () => {
    store.showKind('image');
    const stale = http.expectOne((candidate) => candidate.url === '/api/generation/jobs');
    store.showKind('ebook');
    const fresh = http.expectOne((candidate) => candidate.url === '/api/generation/jobs' && candidate.params.get('kind') === 'ebook');
    fresh.flush({ items: [job('e1', { kind: 'ebook' })], total: 2, page: 1, limit: 20 });
    stale.flush({ items: [job('i1')], total: 1, page: 1, limit: 20 });
    expect(store.jobs().map((shown) => shown.id)).toEqual(['e1']);
    expect(store.hasMore()).toBe(true);

    store.showMore();
    const more = http.expectOne((candidate) => candidate.url === '/api/generation/jobs' && candidate.params.get('page') === '2');
    more.flush({ items: [job('e0', { kind: 'ebook', createdAt: '2026-11-25T10:00:00.000Z' })], total: 2, page: 2, limit: 20 });
    expect(store.jobs().map((shown) => shown.id)).toEqual(['e1', 'e0']);
    expect(store.hasMore()).toBe(false);
  });
});
