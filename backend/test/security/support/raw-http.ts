import { request } from 'node:http';
import type { ResponseLike } from './contract';

export interface RawResponse extends ResponseLike {
  text: string;
}

/**
 * One HTTP request exactly as given: the path is not re-encoded or normalised (unlike fetch or
 * supertest), so broken percent-encodings and raw bytes reach the server as an attacker sends them.
 */
export function rawRequest(base: string, method: string, path: string, headers: Record<string, string>, body?: string | Buffer, timeoutMs = 20_000): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const call = request(
      { host: url.hostname, port: url.port, method: method.toUpperCase(), path, headers: { ...headers, ...(payload ? { 'Content-Length': String(payload.length) } : {}) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = undefined;
          if (/^application\/json/.test(String(response.headers['content-type'] ?? ''))) {
            try {
              parsed = JSON.parse(text);
            } catch {
              parsed = Symbol.for('unparsable JSON');
            }
          }
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: parsed, text });
        });
        response.on('error', reject);
      },
    );
    call.setTimeout(timeoutMs, () => call.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    call.on('error', reject);
    call.end(payload);
  });
}

/** A multipart/form-data body with files under one field, as browsers send it. */
export function multipartBody(files: Array<{ name: string; data: Buffer }>, field = 'files'): { body: Buffer; contentType: string } {
  const boundary = `----webox-attack-${Math.random().toString(16).slice(2)}`;
  const parts = files.map((file) =>
    Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.name.replace(/"/g, '%22')}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file.data,
      Buffer.from('\r\n'),
    ]),
  );
  return { body: Buffer.concat([...parts, Buffer.from(`--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}
