import type { GenerationJobDto, JobProgressEventDto } from '../../api/models';
import type { JobKind } from './generation-options';

export type JobStatus = GenerationJobDto['status'];

const JOB_KINDS: readonly JobKind[] = ['image', 'video', 'audio', 'ebook', 'short'];
const FINAL: readonly JobStatus[] = ['succeeded', 'failed', 'cancelled'];

export function isFinal(status: string): boolean {
  return (FINAL as readonly string[]).includes(status);
}

export function canCancel(job: Pick<GenerationJobDto, 'status'>): boolean {
  return job.status === 'queued' || job.status === 'running';
}

export function canRetry(job: Pick<GenerationJobDto, 'status'>): boolean {
  return job.status === 'failed' || job.status === 'cancelled';
}

/** The kind of a generation job from its queue name (`generation.image`), or null for other jobs. */
export function jobKindOf(name: string): JobKind | null {
  const kind = name.startsWith('generation.') ? name.slice('generation.'.length) : '';
  return (JOB_KINDS as readonly string[]).includes(kind) ? (kind as JobKind) : null;
}

function rank(status: string): number {
  if (status === 'queued') return 0;
  if (status === 'running') return 1;
  return 2;
}

type JobState = Pick<GenerationJobDto, 'status' | 'progress'>;

/**
 * Whether news about a job may replace what is shown: a run only moves forward (queued, running,
 * finished) and its progress only grows, so an answer or event that arrives late is not shown
 * over a newer one. A retry starts a new run: its answer is applied as it is, not through here.
 */
export function isNotOlder(shown: JobState, incoming: JobState): boolean {
  const [before, after] = [rank(shown.status), rank(incoming.status)];
  if (after !== before) return after > before;
  return shown.status !== 'running' || incoming.progress >= shown.progress;
}

/** The job with a live progress event applied (the same object when the event is stale or changes nothing). */
export function applyProgress(job: GenerationJobDto, event: JobProgressEventDto): GenerationJobDto {
  const { status } = event;
  if (!isNotOlder(job, { status, progress: event.progress })) return job;
  if (job.status === status && job.progress === event.progress && job.step === event.step && job.error === event.error) return job;
  return { ...job, status, progress: event.progress, step: event.step, error: event.error };
}

function newestFirst(a: GenerationJobDto, b: GenerationJobDto): number {
  return b.createdAt.localeCompare(a.createdAt) || a.id.localeCompare(b.id);
}

/**
 * The list with this job added (newest first) or updated. `replace` applies it whatever it says
 * (the answer to a retry or a cancel); otherwise a snapshot older than the shown job is ignored.
 */
export function upsertJob(jobs: readonly GenerationJobDto[], job: GenerationJobDto, replace = false): GenerationJobDto[] {
  const index = jobs.findIndex((shown) => shown.id === job.id);
  if (index < 0) return [...jobs, job].sort(newestFirst);
  if (!replace && !isNotOlder(jobs[index]!, job)) return [...jobs];
  const next = [...jobs];
  next[index] = job;
  return next;
}

/** What a job was asked for, in a line: the prompt, the text spoken, the title, the subject. */
export function jobSummary(job: Pick<GenerationJobDto, 'input'>): string {
  const input = job.input;
  for (const key of ['title', 'prompt', 'text', 'subject']) {
    const value = input[key];
    if (typeof value === 'string' && value.trim()) return value.trim();
  }
  return '';
}

/** The model that made the job (the text model for eBooks and shorts). */
export function jobModel(job: Pick<GenerationJobDto, 'input'>): string | null {
  const value = job.input['model'] ?? job.input['textModel'];
  return typeof value === 'string' ? value : null;
}

/** How many outputs were asked for: images ask for `count`, eBooks for one per format, the rest for one. */
export function requestedOutputs(job: Pick<GenerationJobDto, 'kind' | 'input'>): number {
  const { count, formats } = job.input;
  if (job.kind === 'image' && typeof count === 'number') return count;
  if (job.kind === 'ebook' && Array.isArray(formats)) return formats.length;
  return 1;
}
