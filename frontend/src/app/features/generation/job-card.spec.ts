import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { GenerationJobDto, MediaFileDto } from '../../api/models';
import { JobCard } from './job-card';

function job(options: Partial<GenerationJobDto> = {}): GenerationJobDto {
  return {
    id: 'job-1',
    kind: 'image',
    status: 'running',
    progress: 40,
    step: 'Drawing image 2 of 4',
    input: { model: 'replicate/flux', prompt: 'A fox', count: 4 },
    outputs: [],
    failures: [],
    error: null,
    costUsd: 0.012,
    offline: false,
    createdAt: '2026-11-26T10:00:00.000Z',
    startedAt: '2026-11-26T10:00:01.000Z',
    finishedAt: null,
    ...options,
  };
}

function file(id: string, mimeType: string, kind: MediaFileDto['kind']): MediaFileDto {
  return {
    id,
    name: `${id}.${mimeType.split('/')[1]}`,
    mimeType,
    kind,
    size: 10,
    sha256: '',
    folderId: null,
    source: 'generated',
    origin: null,
    width: null,
    height: null,
    durationSeconds: null,
    previewStatus: 'none',
    contentUrl: `/api/media/files/${id}/content?token=1.abc`,
    thumbnailUrl: null,
    createdAt: '',
    updatedAt: '',
  };
}

describe('JobCard', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideRouter([])] });
  });

  afterEach(() => localStorage.clear());

  async function render(value: GenerationJobDto) {
    const fixture = TestBed.createComponent(JobCard);
    fixture.componentRef.setInput('job', value);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const text = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
    return { fixture, element, text };
  }

  it('shows a running job with its progress, step and Cancel', async () => {
    const card = await render(job());
    expect(card.text('job-status')).toBe('Running');
    expect(card.element.querySelector('[data-testid="job-progress"]')?.getAttribute('aria-valuenow')).toBe('40');
    expect(card.element.querySelector('[data-testid="job-step"] span')?.textContent).toBe('Drawing image 2 of 4');
    expect(card.element.querySelector('[data-testid="job-step"] .percent')?.textContent).toBe('40 %');
    expect(card.text('job-cost')).toBe('Cost: $0.012');
    expect(card.element.querySelector('[data-testid="job-cancel"]')).not.toBeNull();
    expect(card.element.querySelector('[data-testid="job-retry"]')).toBeNull();
    expect(card.element.querySelector('[data-testid="job-offline"]')).toBeNull();
  });

  it('says why a job failed, which outputs failed, and offers Retry', async () => {
    const card = await render(
      job({
        status: 'failed',
        error: 'Replicate: the model is overloaded',
        failures: [
          { index: 2, message: 'NSFW content detected' },
          { index: 3, message: 'timed out' },
        ],
        finishedAt: '2026-11-26T10:00:09.000Z',
      }),
    );
    expect(card.text('job-status')).toBe('Failed');
    expect(card.element.querySelector('[data-testid="job-error"] span')?.textContent).toBe('Replicate: the model is overloaded');
    expect(Array.from(card.element.querySelectorAll('[data-testid="job-failure"] span')).map((span) => span.textContent)).toEqual([
      'Image 3 of 4 failed: NSFW content detected',
      'Image 4 of 4 failed: timed out',
    ]);
    expect(card.element.querySelector('[data-testid="job-progress"]')).toBeNull();
    expect(card.element.querySelector('[data-testid="job-retry"]')).not.toBeNull();
    expect(card.element.querySelector('[data-testid="job-cancel"]')).toBeNull();
  });

  it('shows results as what they are: a PDF in a frame, an EPUB to download, links to the media manager', async () => {
    const card = await render(
      job({
        kind: 'ebook',
        status: 'succeeded',
        progress: 100,
        offline: true,
        input: { title: 'Foxes', formats: ['pdf', 'epub'] },
        outputs: [file('b00c', 'application/pdf', 'document'), file('b00c2', 'application/epub+zip', 'document')],
        finishedAt: '2026-11-26T10:00:03.500Z',
      }),
    );
    expect(card.text('job-status')).toBe('Done');
    expect(card.element.querySelector('[data-testid="job-offline"]')).not.toBeNull();
    expect(card.element.querySelector('iframe[data-testid="result-pdf"]')?.getAttribute('src')).toBe('/api/media/files/b00c/content?token=1.abc');
    expect(card.element.querySelector('[data-testid="result-download-button"]')?.getAttribute('href')).toBe('/api/media/files/b00c2/content?token=1.abc&download=true');
    expect(Array.from(card.element.querySelectorAll('[data-testid="result-media-link"]')).map((link) => link.getAttribute('href'))).toEqual(['/media?file=b00c', '/media?file=b00c2']);
    expect(card.element.textContent).toContain('took 2.5 s');
  });
});
