import busboy from 'busboy';
import type { Readable } from 'node:stream';
import { fromBuffer } from 'file-type';
import { DomainError, withParams } from '../../../common/domain-error';
import { GenerationErrorCode } from '../generation.errors';

/** OpenAI's own limit on one transcription upload. */
export const MAX_AUDIO_BYTES = 25 * 1024 * 1024;

/** The headers that describe a multipart body (busboy reads its boundary from `content-type`). */
// A type alias: busboy takes it as `IncomingHttpHeaders`, which an interface without an index signature is not.
export type AudioUploadHeaders = { 'content-type'?: string | undefined; 'content-length'?: string | undefined };

/** A recording as it is sent on: its bytes, the type its bytes prove, and a name with the matching extension. */
export interface AudioUpload {
  data: Buffer;
  mimeType: string;
  fileName: string;
}

/**
 * The formats speech to text takes, by the type file-type reads from the bytes. A browser's
 * MediaRecorder makes WebM (Chrome, Firefox: file-type names any WebM `video/webm`), Ogg or MP4 (Safari).
 */
const AUDIO_FORMATS: Record<string, { mimeType: string; extension: string }> = {
  'video/webm': { mimeType: 'audio/webm', extension: 'webm' },
  'audio/webm': { mimeType: 'audio/webm', extension: 'webm' },
  'audio/ogg': { mimeType: 'audio/ogg', extension: 'ogg' },
  'audio/opus': { mimeType: 'audio/ogg', extension: 'ogg' },
  'application/ogg': { mimeType: 'audio/ogg', extension: 'ogg' },
  'audio/mpeg': { mimeType: 'audio/mpeg', extension: 'mp3' },
  'audio/vnd.wave': { mimeType: 'audio/wav', extension: 'wav' },
  'audio/wav': { mimeType: 'audio/wav', extension: 'wav' },
  'audio/x-m4a': { mimeType: 'audio/mp4', extension: 'm4a' },
  'audio/mp4': { mimeType: 'audio/mp4', extension: 'm4a' },
  'video/mp4': { mimeType: 'audio/mp4', extension: 'm4a' },
  'audio/x-flac': { mimeType: 'audio/flac', extension: 'flac' },
  'audio/flac': { mimeType: 'audio/flac', extension: 'flac' },
};

export const AUDIO_FORMAT_NAMES = 'WebM, Ogg, MP3, WAV, M4A and FLAC';

const tooLarge = (maxBytes: number) => withParams('too_large', GenerationErrorCode.AUDIO_TOO_LARGE, `The recording is over ${Math.round(maxBytes / 1024 / 1024)} MB`, { limitBytes: maxBytes });

/**
 * Reads the one recording of a multipart body (field `file`) into memory, never more than `maxBytes`:
 * a body announcing more is refused before a byte is read, one that does not is stopped as it passes.
 * Its type is judged from its bytes; the rest of the body is drained so the client gets its answer.
 */
export async function receiveAudio(body: Readable, headers: AudioUploadHeaders, maxBytes = MAX_AUDIO_BYTES): Promise<AudioUpload> {
  const announced = Number(headers['content-length']);
  // A little room for the boundaries and part headers.
  if (Number.isSafeInteger(announced) && announced > maxBytes + 64 * 1024) {
    body.resume();
    throw tooLarge(maxBytes);
  }
  const data = await readFilePart(body, headers, maxBytes);
  if (data.length === 0) throw new DomainError('invalid', GenerationErrorCode.NO_AUDIO, 'The recording is empty', [{ field: 'file', message: 'file is empty' }]);
  const detected = await fromBuffer(data.subarray(0, 4100));
  const format = detected ? AUDIO_FORMATS[detected.mime] : undefined;
  if (!format) {
    throw new DomainError('invalid', GenerationErrorCode.UNSUPPORTED_AUDIO, `The file is not a recording Webox can transcribe (${AUDIO_FORMAT_NAMES})`, [
      { field: 'file', message: `file must be audio: ${AUDIO_FORMAT_NAMES}${detected ? ` (it is ${detected.mime})` : ''}` },
    ]);
  }
  return { data, mimeType: format.mimeType, fileName: `recording.${format.extension}` };
}

function readFilePart(body: Readable, headers: AudioUploadHeaders, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      body.resume();
      reject(new DomainError('invalid', GenerationErrorCode.NO_AUDIO, 'Send the recording as multipart/form-data in a field named "file"'));
      return;
    }
    const chunks: Buffer[] = [];
    let seen = false;
    let failure: unknown;
    parser.on('file', (field, stream) => {
      // A form cut short fails the file's stream too: the parser's own 'error' below answers it, and
      // an 'error' with no listener would take the whole process down.
      stream.on('error', () => undefined);
      if (field !== 'file' || seen) {
        stream.resume();
        return;
      }
      seen = true;
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => (failure ??= tooLarge(maxBytes)));
    });
    parser.on('error', (error: Error) => {
      failure ??= new DomainError('invalid', GenerationErrorCode.NO_AUDIO, `The upload could not be read: ${error.message}`);
      body.unpipe(parser);
      body.resume();
      reject(failure);
    });
    parser.on('close', () => {
      if (failure) return reject(failure);
      if (!seen) return reject(new DomainError('invalid', GenerationErrorCode.NO_AUDIO, 'The upload holds no recording (send it in a field named "file")', [{ field: 'file', message: 'file is required' }]));
      resolve(Buffer.concat(chunks));
    });
    body.pipe(parser);
  });
}
