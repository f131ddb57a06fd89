/**
 * Every job the application knows, by name, with the payload it carries. The queue declares none:
 * each area declares its own by merging into this interface, next to the processor it registers:
 *
 *   declare module '../../queue/job-types' {
 *     interface JobPayloads {
 *       'media.preview': { fileId: string };
 *     }
 *   }
 *
 * `JobsService.enqueue` and `register` then accept exactly those names with those payloads. At run
 * time a name is known once an area has registered its processor (see JobsService.register).
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled by the areas through declaration merging
export interface JobPayloads {}

export type JobName = keyof JobPayloads & string;

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

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
