/** The job queue's error codes (every area's jobs answer them: cancel, retry, a queue that is down). */
export enum QueueErrorCode {
  JOB_NOT_FOUND = 'JOB_NOT_FOUND',
  /** Cancel of a job that is no longer queued or running. */
  JOB_FINISHED = 'JOB_FINISHED',
  /** Retry of a job that neither failed nor was cancelled. */
  JOB_NOT_RETRYABLE = 'JOB_NOT_RETRYABLE',
  /** Discard of a job that has not failed (administration). */
  JOB_NOT_DISCARDABLE = 'JOB_NOT_DISCARDABLE',
  /** Retry by an administrator of a job of the server's own (it runs again on its schedule). */
  SYSTEM_JOB = 'SYSTEM_JOB',
  /** Redis could not be reached in time: the job was not queued. */
  QUEUE_UNAVAILABLE = 'QUEUE_UNAVAILABLE',
}

declare module '../common/error-codes' {
  interface ErrorCodeLists {
    QueueErrorCode: QueueErrorCode;
  }
}
