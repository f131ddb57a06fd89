import type { GenerationJobDto, JobProgressEventDto } from '../../api/models';
import { applyProgress, canCancel, canRetry, isNotOlder, jobKindOf, jobSummary, requestedOutputs, upsertJob } from './generation-jobs';

function job(id: string, options: Partial<GenerationJobDto> = {}): GenerationJobDto {
  return {
    id,
    kind: 'image',
    status: 'queued',
    progress: 0,
    step: null,
    input: { model: 'local/webox-draw', prompt: 'A fox', count: 2 },
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

function event(id: string, status: JobProgressEventDto['status'], progress: number, step: string | null = null, error: string | null = null): JobProgressEventDto {
  return { id, name: 'generation.image', status, progress, step, error };
}

describe('generation jobs', () => {
  it('reads the kind from the queue name, and nothing from other jobs', () => {
    expect(jobKindOf('generation.ebook')).toBe('ebook');
    expect(jobKindOf('generation.unknown')).toBeNull();
    expect(jobKindOf('media.thumbnail')).toBeNull();
  });

  it('offers Cancel while a job is queued or running, Retry once it failed or was cancelled', () => {
    const statuses = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
    expect(statuses.map((status) => canCancel({ status }))).toEqual([true, true, false, false, false]);
    expect(statuses.map((status) => canRetry({ status }))).toEqual([false, false, false, true, true]);
  });

  it('moves a run forward only: queued, running with growing progress, finished', () => {
    expect(isNotOlder({ status: 'queued', progress: 0 }, { status: 'running', progress: 5 })).toBe(true);
    expect(isNotOlder({ status: 'running', progress: 50 }, { status: 'running', progress: 40 })).toBe(false);
    expect(isNotOlder({ status: 'running', progress: 50 }, { status: 'queued', progress: 0 })).toBe(false);
    expect(isNotOlder({ status: 'cancelled', progress: 5 }, { status: 'running', progress: 60 })).toBe(false);
    expect(isNotOlder({ status: 'running', progress: 90 }, { status: 'failed', progress: 90 })).toBe(true);
    expect(isNotOlder({ status: 'succeeded', progress: 100 }, { status: 'succeeded', progress: 100 })).toBe(true);
  });

  it('applies a live event to its job, and ignores a late one', () => {
    const running = applyProgress(job('a'), event('a', 'running', 50, '1 of 2 images done'));
    expect(running).toMatchObject({ status: 'running', progress: 50, step: '1 of 2 images done' });
    expect(applyProgress(running, event('a', 'running', 20, 'Drawing'))).toBe(running);
    expect(applyProgress(running, event('a', 'running', 50, '1 of 2 images done'))).toBe(running);
    expect(applyProgress(running, event('a', 'failed', 50, null, 'Out of paint'))).toMatchObject({ status: 'failed', error: 'Out of paint' });
  });

  it('lists jobs newest first, updates a known one, and keeps a newer state over a late snapshot', () => {
    const older = job('older', { createdAt: '2026-11-26T09:00:00.000Z' });
    const newer = job('newer', { createdAt: '2026-11-26T11:00:00.000Z' });
    let jobs = upsertJob(upsertJob([], older), newer);
    expect(jobs.map((shown) => shown.id)).toEqual(['newer', 'older']);

    jobs = upsertJob(jobs, { ...older, status: 'running', progress: 30 });
    expect(jobs[1]).toMatchObject({ status: 'running', progress: 30 });
    // The answer to the creation arrives after the first events: still running.
    jobs = upsertJob(jobs, older);
    expect(jobs[1]).toMatchObject({ status: 'running', progress: 30 });
    // A retry's answer starts a new run: applied as it is.
    jobs = upsertJob(upsertJob(jobs, { ...older, status: 'cancelled' }), older, true);
    expect(jobs[1]!.status).toBe('queued');
  });

  it('sums up what was asked, and how many files', () => {
    expect(jobSummary(job('a'))).toBe('A fox');
    expect(jobSummary(job('b', { kind: 'ebook', input: { title: 'Foxes', subject: 'Red foxes' } }))).toBe('Foxes');
    expect(jobSummary(job('c', { kind: 'audio', input: { kind: 'speech', text: ' Hello ' } }))).toBe('Hello');
    expect(jobSummary(job('d', { input: {} }))).toBe('');
    expect(requestedOutputs(job('a'))).toBe(2);
    expect(requestedOutputs(job('b', { kind: 'ebook', input: { formats: ['pdf', 'epub'] } }))).toBe(2);
    expect(requestedOutputs(job('c', { kind: 'video', input: {} }))).toBe(1);
  });
});
