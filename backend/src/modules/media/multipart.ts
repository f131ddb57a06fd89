import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { DomainError, withParams } from '../../common/domain-error';
import { MediaErrorCode } from './media.errors';

export interface IncomingFile {
  /** The name the client sent, raw: make it safe before showing or storing it. */
  name: string | undefined;
  stream: Readable;
}

/** The headers that describe a multipart body; busboy reads its boundary from `content-type`. */
export type MultipartHeaders = { 'content-type'?: string | undefined; 'content-length'?: string | undefined };

export interface MultipartLimits {
  maxFiles: number;
  /** Bytes per file; the file handler enforces it exactly, busboy stops reading a little after. */
  maxFileBytes: number;
}

export interface MultipartOutcome<T> {
  /** What the handler made of each file that went through, in order. */
  results: T[];
  /** The first thing that went wrong: a handler's refusal, a malformed body, a client that left. */
  failure?: unknown;
}

/**
 * Streams the files of a multipart body, one after the other, through `handle`, which must
 * consume the stream it is given. Nothing is buffered whole. After a failure the rest of the body
 * is read and discarded, so the client still gets an answer instead of a reset connection. A body
 * that closes before its end (the client went away) fails the upload.
 */
export function receiveFiles<T>(body: Readable, headers: MultipartHeaders, limits: MultipartLimits, handle: (file: IncomingFile) => Promise<T>): Promise<MultipartOutcome<T>> {
  return new Promise((resolve) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers,
        defParamCharset: 'utf8',
        limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes + 1, fields: 20, fieldSize: 4096, parts: limits.maxFiles + 20 },
      });
    } catch {
      resolve({ results: [], failure: new DomainError('invalid', MediaErrorCode.NOT_MULTIPART, 'Send the files as multipart/form-data') });
      return;
    }
    const results: T[] = [];
    const handlers: Array<Promise<void>> = [];
    let failure: unknown;
    let fileCount = 0;
    let finished = false;
    const fail = (error: unknown) => {
      failure ??= error;
    };

    parser.on('file', (_field, stream, info) => {
      const index = fileCount++;
      if (failure) {
        stream.resume();
        return;
      }
      handlers.push(
        handle({ name: info.filename, stream }).then(
          (result) => void (results[index] = result),
          (error: unknown) => {
            fail(error);
            stream.resume();
          },
        ),
      );
    });
    parser.on('filesLimit', () => fail(withParams('invalid', MediaErrorCode.TOO_MANY_FILES, `At most ${limits.maxFiles} files per upload`, { max: limits.maxFiles })));
    parser.on('error', (error: Error) => {
      fail(new DomainError('invalid', MediaErrorCode.MALFORMED_UPLOAD, `The upload could not be read: ${error.message}`));
      void settle();
    });
    parser.on('close', () => void settle());
    body.on('close', () => {
      if (finished || body.readableEnded) return;
      // The client went away mid-body: stop the file in progress so its partial bytes are dropped.
      fail(new DomainError('invalid', MediaErrorCode.UPLOAD_ABORTED, 'The client disconnected before the upload finished'));
      body.unpipe(parser);
      parser.destroy(new Error('client disconnected'));
      void settle();
    });

    async function settle(): Promise<void> {
      if (finished) return;
      finished = true;
      await Promise.allSettled(handlers);
      if (!failure && fileCount === 0) fail(new DomainError('invalid', MediaErrorCode.NO_FILES, 'The upload holds no file (send them in a field named "files")'));
      resolve({ results: results.filter((result) => result !== undefined), ...(failure ? { failure } : {}) });
    }

    body.pipe(parser);
  });
}
