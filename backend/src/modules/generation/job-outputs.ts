import type { GeneratedAsset } from '../../ai/generation-capabilities';
import type { JobContext } from '../../queue/jobs.service';
import { MediaService } from '../media/media.service';
import type { GenerationOutput } from './generation-inputs';

/**
 * The files one generation job adds to its owner's library. Each output has a stable key (job
 * id and position), so a job run again after a crash replaces its files instead of adding
 * duplicates; on cancel or failure, what was made is removed.
 */
export class JobOutputs {
  private readonly files: Array<string | undefined> = [];
  private readonly failures: GenerationOutput['failures'] = [];

  constructor(
    private readonly media: MediaService,
    private readonly job: JobContext,
    private readonly offline: boolean,
  ) {}

  async save(index: number, name: string, asset: Pick<GeneratedAsset, 'data'>, origin: { generator: string; model?: string; prompt?: string; [detail: string]: unknown }): Promise<string> {
    const file = await this.media.saveGenerated(this.job.ownerId!, {
      name,
      body: asset.data,
      origin: { ...origin, jobId: this.job.id, offline: this.offline },
      outputKey: `${this.job.id}-${index}`,
    });
    this.files[index] = file.id;
    return file.id;
  }

  fail(index: number, message: string): void {
    this.failures.push({ index, message });
  }

  get saved(): number {
    return this.files.filter(Boolean).length;
  }

  /** Removes every file this job made (cancelled, or failed as a whole). */
  async discard(): Promise<void> {
    for (const id of this.files) if (id) await this.media.remove(this.job.ownerId!, id).catch(() => undefined);
    this.files.length = 0;
  }

  result(): GenerationOutput & Record<string, unknown> {
    return { files: this.files.filter((id): id is string => Boolean(id)), failures: [...this.failures].sort((a, b) => a.index - b.index), offline: this.offline };
  }
}
