/** Server-to-client events and their payloads; the Angular realtime service mirrors this map. */
import type { JobChange } from '../queue/job-types';

/** A job's progress, sent to its owner only. */
export type JobProgressEvent = Omit<JobChange, 'ownerId'>;

export interface ClientEventMap {
  'job.progress': JobProgressEvent;
}

export const userRoom = (userId: string) => `user:${userId}`;
