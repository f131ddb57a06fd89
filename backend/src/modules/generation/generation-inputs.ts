/** The generation jobs: what each was asked for, as stored on its job row (validated before enqueue). */

declare module '../../queue/job-types' {
  interface JobPayloads {
    'generation.image': ImageJobInput;
    'generation.video': VideoJobInput;
    'generation.audio': AudioJobInput;
    'generation.ebook': EbookJobInput;
    'generation.short': ShortJobInput;
  }
}

/** The Generation page's jobs, one per tab (GenerationProcessors registers a processor for each). */
export const GENERATION_JOB_NAMES = ['generation.image', 'generation.video', 'generation.audio', 'generation.ebook', 'generation.short'] as const;

/**
 * The budget hold a job was admitted with (`BudgetGate.hold`, taken before it was queued; given back
 * when it ends). Absent on jobs queued without one (another area's, or before budgets held jobs).
 */
export interface BudgetHeld {
  budgetHold?: string;
}

export interface ImageJobInput extends BudgetHeld {
  model: string;
  prompt: string;
  size: string;
  count: number;
  style?: string;
  negativePrompt?: string;
  seed?: number;
}

export interface VideoJobInput extends BudgetHeld {
  model: string;
  prompt: string;
  durationSeconds: number;
  aspectRatio: '16:9' | '9:16' | '1:1';
  startImageId?: string;
}

export type AudioJobInput = BudgetHeld & ({ kind: 'speech'; model: string; text: string; voice: string; language?: string } | { kind: 'music'; model: string; prompt: string; durationSeconds: number });

export interface EbookJobInput extends BudgetHeld {
  title: string;
  subject: string;
  chapters: number;
  tone: string;
  language: string;
  textModel: string;
  coverModel: string;
  formats: Array<'pdf' | 'epub'>;
}

export interface ShortJobInput extends BudgetHeld {
  subject: string;
  durationSeconds: number;
  format: '9:16' | '16:9' | '1:1';
  voice: string;
  language: string;
  textModel: string;
  imageModel: string;
  speechModel: string;
}

/** What a finished (or partly finished) generation job made. */
export interface GenerationOutput {
  /** Media files, in the order they were asked for. */
  files: string[];
  /** Outputs that could not be made, and why (for example image 3 of 4). */
  failures: Array<{ index: number; message: string }>;
  offline: boolean;
}
