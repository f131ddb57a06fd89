import { DomainError } from '../../common/domain-error';

/** The media library's error codes. */
export enum MediaErrorCode {
  MEDIA_FILE_NOT_FOUND = 'MEDIA_FILE_NOT_FOUND',
  MEDIA_FOLDER_NOT_FOUND = 'MEDIA_FOLDER_NOT_FOUND',
  /** No thumbnail yet (being made) or none for this kind of file. */
  THUMBNAIL_NOT_FOUND = 'THUMBNAIL_NOT_FOUND',
  /** An upload that is not `multipart/form-data`. */
  NOT_MULTIPART = 'NOT_MULTIPART',
  /** An upload with no part named `files`. */
  NO_FILES = 'NO_FILES',
  TOO_MANY_FILES = 'TOO_MANY_FILES',
  MALFORMED_UPLOAD = 'MALFORMED_UPLOAD',
  /** The client went away before the upload finished. */
  UPLOAD_ABORTED = 'UPLOAD_ABORTED',
  EMPTY_FILE = 'EMPTY_FILE',
  /** Over the per-file limit, or too large for what it was given to. */
  FILE_TOO_LARGE = 'FILE_TOO_LARGE',
  /**
   * Over the user's storage quota (402, the shape of `BUDGET_EXCEEDED`): `params` are `budget: 'storage'`,
   * its `limit` (bytes, also as `quotaBytes`) and no `resetsAt`: a storage quota does not reset, files must be deleted.
   */
  QUOTA_EXCEEDED = 'QUOTA_EXCEEDED',
  /** Content that is not an accepted type (judged from its bytes). */
  UNSUPPORTED_TYPE = 'UNSUPPORTED_TYPE',
  /** A byte range outside the file. */
  RANGE_NOT_SATISFIABLE = 'RANGE_NOT_SATISFIABLE',
  /** A folder moved into itself or below. */
  FOLDER_CYCLE = 'FOLDER_CYCLE',
  /** A folder of that name (case-insensitively) is already there. */
  FOLDER_EXISTS = 'FOLDER_EXISTS',
  /** Delete of a folder with content without `?recursive=true`. */
  FOLDER_NOT_EMPTY = 'FOLDER_NOT_EMPTY',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    MediaErrorCode: MediaErrorCode;
  }
}

/**
 * The storage quota refusal: 402 like a budget's (`budget: 'storage'`, `limit`), saying that it does not
 * reset. `what` is the start of the sentence (`"a.pdf" does not fit`); `extra` adds params (the file's `name`).
 */
export function storageQuotaExceeded(what: string, quotaBytes: number, quotaText: string, extra: Record<string, string | number> = {}): DomainError {
  return new DomainError(
    'payment_required',
    MediaErrorCode.QUOTA_EXCEEDED,
    `${what} in your storage quota of ${quotaText}; a storage quota does not reset: delete files to make room`,
    undefined,
    { budget: 'storage', limit: quotaBytes, quotaBytes, ...extra },
  );
}
