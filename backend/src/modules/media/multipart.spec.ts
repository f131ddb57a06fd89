import { PassThrough, Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { IncomingFile, receiveFiles } from './multipart';

const BOUNDARY = 'webox-test-boundary';
const headers = { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` };
const limits = { maxFiles: 5, maxFileBytes: 1024 };

function part(name: string, content: string): string {
  return `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="${name}"\r\nContent-Type: text/plain\r\n\r\n${content}\r\n`;
}

const read = async ({ name, stream }: IncomingFile) => ({ name, content: await text(stream) });

describe('receiveFiles', () => {
  it('streams each file of a multipart body, from any readable stream, through the handler in order', async () => {
    const body = Readable.from(Buffer.from(`${part('a.txt', 'first')}${part('b.txt', 'second')}--${BOUNDARY}--\r\n`));

    const outcome = await receiveFiles(body, headers, limits, read);

    expect(outcome).toEqual({ results: [{ name: 'a.txt', content: 'first' }, { name: 'b.txt', content: 'second' }] });
  });

  it('refuses a body whose headers do not say multipart', async () => {
    const outcome = await receiveFiles(Readable.from(Buffer.from('{}')), { 'content-type': 'application/json' }, limits, read);

    expect(outcome.failure).toMatchObject({ code: 'NOT_MULTIPART' });
  });

  it('fails the upload when the body closes before its end (the client went away)', async () => {
    const body = new PassThrough();
    const outcome = receiveFiles(body, headers, limits, (file) => read(file).catch(() => undefined));
    body.write(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nthe first half`);
    setImmediate(() => body.destroy());

    expect((await outcome).failure).toMatchObject({ code: 'UPLOAD_ABORTED' });
  });
});
