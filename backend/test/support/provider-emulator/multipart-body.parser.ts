import busboy from 'busboy';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';

/** One file part of a multipart body, as the log keeps it: its size, not its bytes (they could be megabytes). */
export interface RecordedFilePart {
  field: string;
  filename: string;
  contentType: string;
  bytes: number;
}

/** A multipart/form-data body as the emulator records it (OpenAI's transcription uploads). */
export interface MultipartBody {
  multipart: true;
  fields: Record<string, string>;
  files: RecordedFilePart[];
}

export const isMultipart = (headers: IncomingHttpHeaders): boolean => /^multipart\/form-data/i.test(headers['content-type'] ?? '');

/** Parses a whole multipart body; undefined when it cannot be read (answered as the vendor's 400). */
export function parseMultipart(data: Buffer, headers: IncomingHttpHeaders): Promise<MultipartBody | undefined> {
  return new Promise((resolve) => {
    const body: MultipartBody = { multipart: true, fields: {}, files: [] };
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers });
    } catch {
      resolve(undefined);
      return;
    }
    parser.on('field', (name, value) => (body.fields[name] = value));
    parser.on('file', (field, stream, info) => {
      const part: RecordedFilePart = { field, filename: info.filename ?? '', contentType: info.mimeType, bytes: 0 };
      body.files.push(part);
      stream.on('data', (chunk: Buffer) => (part.bytes += chunk.length));
    });
    parser.on('error', () => resolve(undefined));
    parser.on('close', () => resolve(body));
    Readable.from([data]).pipe(parser);
  });
}
