import { Injectable, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { Observable, finalize, interval, map, tap } from 'rxjs';
import type {
  ChatModelDto,
  GenerateAudioDto,
  GenerateEbookDto,
  GenerateImageDto,
  GenerateShortDto,
  GenerateVideoDto,
  GenerationCatalogDto,
  GenerationJobDto,
  JobProgressEventDto,
  MediaFileDto,
} from '../../api/models';
import { ChatService, GenerationService, MediaService } from '../../api/services';
import { RealtimeService } from '../../core/realtime/realtime.service';
import { applyProgress, isFinal, jobKindOf, upsertJob } from './generation-jobs';
import type { JobKind, Selectable } from './generation-options';

export const JOBS_PAGE_SIZE = 20;
/** Without the WebSocket, running jobs are asked for this often. */
export const POLL_MS = 3000;

type LoadState = 'loading' | 'ready' | 'failed';

export type GenerationRequest =
  | { kind: 'image'; body: GenerateImageDto }
  | { kind: 'video'; body: GenerateVideoDto }
  | { kind: 'audio'; body: GenerateAudioDto }
  | { kind: 'ebook'; body: GenerateEbookDto }
  | { kind: 'short'; body: GenerateShortDto };

/**
 * The Generation page's state over the generated client: the models each form offers, and the
 * jobs of the current tab, newest first, kept up to date by the server's `job.progress` events
 * (and by asking again while the WebSocket is down). A job that finishes is fetched once more
 * for its outputs.
 */
@Injectable()
export class GenerationStore {
  private readonly api = inject(GenerationService);
  private readonly chat = inject(ChatService);
  private readonly media = inject(MediaService);
  private readonly realtime = inject(RealtimeService);

  readonly catalog = signal<GenerationCatalogDto | null>(null);
  readonly catalogState = signal<LoadState>('loading');
  readonly models = computed(() => this.catalog()?.models ?? []);
  /** Chat models, for the text of eBooks and shorts. */
  readonly textModels = signal<ChatModelDto[]>([]);

  readonly kind = signal<JobKind>('image');
  readonly jobs = signal<GenerationJobDto[]>([]);
  readonly total = signal(0);
  readonly jobsState = signal<LoadState>('loading');
  readonly hasMore = computed(() => this.jobs().length < this.total());

  /** The model the address asked for (`?model=`, the catalog's "Try in Webox"): the form that offers it usable takes it once. */
  private requestedModel: string | null = null;
  private page = 1;
  private request = 0;
  /** Creations waiting for their answer: events of unknown jobs may be theirs. */
  private creating = 0;
  /** The latest event of each job of this tab that is not listed yet. */
  private readonly early = new Map<string, JobProgressEventDto>();
  private readonly fetching = new Set<string>();
  private readonly drafts = new Map<string, unknown>();

  constructor() {
    this.realtime
      .on('job.progress')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.onProgress(event));
    interval(POLL_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (this.realtime.connected()) return;
        for (const job of this.jobs()) if (!isFinal(job.status)) this.refresh(job.id);
      });
  }

  requestModel(id: string | null): void {
    this.requestedModel = id;
  }

  /** The requested model when `models` (a form's list) offers it usable, then used up; else null (the form keeps its default). */
  takeRequestedModel(models: readonly Selectable[]): string | null {
    const id = this.requestedModel;
    if (!id || !models.some((model) => model.id === id && model.available)) return null;
    this.requestedModel = null;
    return id;
  }

  loadCatalog(): void {
    if (this.catalogState() === 'ready') return;
    this.catalogState.set('loading');
    this.api.listGenerationModels().subscribe({
      next: (catalog) => {
        this.catalog.set(catalog);
        this.catalogState.set('ready');
      },
      error: () => this.catalogState.set('failed'),
    });
  }

  loadTextModels(): void {
    if (this.textModels().length) return;
    this.chat.listChatModels().subscribe({ next: (models) => this.textModels.set(models), error: () => this.textModels.set([]) });
  }

  /** Shows the jobs of another kind (or the same, fresh). */
  showKind(kind: JobKind): void {
    this.kind.set(kind);
    this.early.clear();
    this.jobs.set([]);
    this.total.set(0);
    this.load(1);
  }

  showMore(): void {
    if (this.hasMore() && this.jobsState() !== 'loading') this.load(this.page + 1);
  }

  reload(): void {
    this.load(1);
  }

  generate(request: GenerationRequest): Observable<GenerationJobDto> {
    this.creating++;
    return this.call(request).pipe(
      tap((job) => this.insert(job)),
      finalize(() => {
        this.creating--;
        this.fetchEarly();
      }),
    );
  }

  cancel(job: GenerationJobDto): Observable<GenerationJobDto> {
    return this.api.cancelGenerationJob({ id: job.id }).pipe(tap({ next: (cancelled) => this.put(cancelled, true), error: () => this.refresh(job.id) }));
  }

  /** Runs a failed or cancelled job again; asks for it once more in case its new run raced the answer. */
  retry(job: GenerationJobDto): Observable<GenerationJobDto> {
    return this.api.retryGenerationJob({ id: job.id }).pipe(
      tap({
        next: (queued) => {
          this.put(queued, true);
          this.refresh(job.id);
        },
        error: () => this.refresh(job.id),
      }),
    );
  }

  /** The pictures of the media library, newest first, to start a video from. */
  imageFiles(): Observable<MediaFileDto[]> {
    return this.media.listMediaFiles({ kind: 'image', limit: 60, sort: 'recent' }).pipe(map((page) => page.items));
  }

  /** What a form held when its tab was left, to put back when it comes back. */
  draft<T>(key: string): T | undefined {
    return this.drafts.get(key) as T | undefined;
  }

  saveDraft(key: string, value: unknown): void {
    this.drafts.set(key, value);
  }

  private call(request: GenerationRequest): Observable<GenerationJobDto> {
    switch (request.kind) {
      case 'image':
        return this.api.generateImage({ body: request.body });
      case 'video':
        return this.api.generateVideo({ body: request.body });
      case 'audio':
        return this.api.generateAudio({ body: request.body });
      case 'ebook':
        return this.api.generateEbook({ body: request.body });
      case 'short':
        return this.api.generateShort({ body: request.body });
    }
  }

  private load(page: number): void {
    const kind = this.kind();
    const request = ++this.request;
    this.jobsState.set('loading');
    this.api.listGenerationJobs({ kind, page, limit: JOBS_PAGE_SIZE }).subscribe({
      next: (answer) => {
        if (request !== this.request) return;
        this.page = page;
        let jobs = page === 1 ? answer.items : answer.items.reduce((list, job) => upsertJob(list, job), this.jobs());
        jobs = jobs.map((job) => this.withEarly(job));
        this.jobs.set(jobs);
        this.total.set(answer.total);
        this.jobsState.set('ready');
      },
      error: () => {
        if (request === this.request) this.jobsState.set('failed');
      },
    });
  }

  private onProgress(event: JobProgressEventDto): void {
    if (jobKindOf(event.name) !== this.kind()) return;
    const shown = this.jobs().find((job) => job.id === event.id);
    if (!shown) {
      this.early.set(event.id, event);
      if (!this.creating) this.fetch(event.id);
      return;
    }
    const updated = applyProgress(shown, event);
    if (updated !== shown) this.jobs.update((jobs) => jobs.map((job) => (job.id === event.id ? updated : job)));
    // The event carries no outputs: the finished job is asked for once more.
    if (isFinal(event.status) && updated.status === event.status) this.refresh(event.id);
  }

  /** A job of this tab answered by a creation. */
  private insert(job: GenerationJobDto): void {
    if (job.kind !== this.kind()) return;
    const early = this.early.get(job.id);
    this.put(this.withEarly(job));
    if (early && isFinal(early.status)) this.refresh(job.id);
  }

  /** Adds or updates a job of this tab. */
  private put(job: GenerationJobDto, replace = false): void {
    if (job.kind !== this.kind()) return;
    const known = this.jobs().some((shown) => shown.id === job.id);
    this.jobs.update((jobs) => upsertJob(jobs, job, replace));
    if (!known) this.total.update((total) => total + 1);
  }

  /** The job with the event that came before it was listed, if that one is newer. */
  private withEarly(job: GenerationJobDto): GenerationJobDto {
    const early = this.early.get(job.id);
    if (!early) return job;
    this.early.delete(job.id);
    return applyProgress(job, early);
  }

  /** Events of jobs still not listed once the creations have answered: jobs started elsewhere. */
  private fetchEarly(): void {
    if (this.creating) return;
    for (const id of this.early.keys()) this.fetch(id);
  }

  private fetch(id: string): void {
    if (this.fetching.has(id)) return;
    this.fetching.add(id);
    this.api.getGenerationJob({ id }).subscribe({
      next: (job) => {
        this.fetching.delete(id);
        const early = this.early.get(id);
        this.put(this.withEarly(job));
        if (early && isFinal(early.status) && !isFinal(job.status)) this.refresh(id);
      },
      error: () => {
        this.fetching.delete(id);
        this.early.delete(id);
      },
    });
  }

  private refresh(id: string): void {
    this.api.getGenerationJob({ id }).subscribe({ next: (job) => this.put(job), error: () => undefined });
  }
}
