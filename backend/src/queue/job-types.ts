import type { AudioJobInput, EbookJobInput, ImageJobInput, ShortJobInput, VideoJobInput } from '../modules/generation/generation-inputs';

/**
 * Every job the application knows, with the payload each one carries. A process that runs
 * workers refuses to start if one of these names has no processor.
 */
export interface JobPayloads {
  /** Deletes expired refresh tokens and long-idle sessions. */
  'auth.purge-expired-tokens': Record<string, never>;
  /** Makes a media file's thumbnail or poster frame and reads its dimensions and duration. */
  'media.preview': { fileId: string };
  'generation.image': ImageJobInput;
  'generation.video': VideoJobInput;
  'generation.audio': AudioJobInput;
  'generation.ebook': EbookJobInput;
  'generation.short': ShortJobInput;
  /** Extracts, chunks and embeds one file of a knowledge collection, then replaces its passages. */
  'knowledge.index': { knowledgeFileId: string };
}

export type JobName = keyof JobPayloads;

export const GENERATION_JOB_NAMES = ['generation.image', 'generation.video', 'generation.audio', 'generation.ebook', 'generation.short'] as const;

export const JOB_NAMES: readonly JobName[] = ['auth.purge-expired-tokens', 'media.preview', ...GENERATION_JOB_NAMES, 'knowledge.index'];

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** A job's state as announced to listeners after each change (the row itself stays the truth). */
export interface JobChange {
  id: string;
  ownerId: string | null;
  name: JobName;
  status: JobStatus;
  progress: number;
  step: string | null;
  error: string | null;
}
