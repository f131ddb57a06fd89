import { HttpEventType, provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { MediaFileDto } from '../../api/models';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { MAX_PARALLEL_UPLOADS, UploadQueue } from './upload-queue';

function file(name: string, size = 10): File {
  return new File([new Uint8Array(size)], name, { type: 'application/octet-stream' });
}

function stored(name: string): MediaFileDto {
  return {
    id: `id-${name}`,
    name,
    mimeType: 'image/png',
    kind: 'image',
    size: 10,
    sha256: 'x',
    folderId: null,
    source: 'uploaded',
    origin: null,
    width: 1,
    height: 1,
    durationSeconds: null,
    previewStatus: 'pending',
    contentUrl: '/c',
    thumbnailUrl: null,
    createdAt: '',
    updatedAt: '',
  };
}

describe('UploadQueue', () => {
  let http: HttpTestingController;
  let queue: UploadQueue;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), MediaTransfer, UploadQueue] });
    http = TestBed.inject(HttpTestingController);
    queue = TestBed.inject(UploadQueue);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  const uploads = () => http.match((request) => request.url === '/api/media/upload');
  const entry = (name: string) => queue.entries().find((candidate) => candidate.name === name)!;

  it('sends one multipart request per file, into the folder, in a field named files', () => {
    queue.add([file('a.png')], 'folder-1');
    const [request] = uploads() as [TestRequest];
    expect(request.request.method).toBe('POST');
    expect(request.request.params.get('folderId')).toBe('folder-1');
    expect(request.request.reportProgress).toBe(true);
    const body = request.request.body as FormData;
    expect((body.getAll('files')[0] as File).name).toBe('a.png');
    request.flush([stored('a.png')]);
  });

  it('sends no folderId for the top of the library', () => {
    queue.add([file('a.png')], null);
    const [request] = uploads() as [TestRequest];
    expect(request.request.params.has('folderId')).toBe(false);
    request.flush([stored('a.png')]);
  });

  it('follows each file’s progress and hands over what the server kept', () => {
    const kept: string[] = [];
    queue.uploaded.subscribe((media) => kept.push(media.name));
    queue.add([file('a.png', 200)], null);
    const [request] = uploads() as [TestRequest];
    expect(entry('a.png')).toMatchObject({ status: 'uploading', progress: 0 });
    request.event({ type: HttpEventType.UploadProgress, loaded: 50, total: 200 });
    expect(entry('a.png').progress).toBe(25);
    request.event({ type: HttpEventType.UploadProgress, loaded: 200, total: 200 });
    expect(entry('a.png')).toMatchObject({ status: 'uploading', progress: 100 });
    expect(queue.busy()).toBe(true);
    request.flush([stored('a.png')], { status: 201, statusText: 'Created' });
    expect(entry('a.png')).toMatchObject({ status: 'done', progress: 100, error: null });
    expect(queue.busy()).toBe(false);
    expect(kept).toEqual(['a.png']);
  });

  it(`sends at most ${MAX_PARALLEL_UPLOADS} files at once, the others waiting in order`, () => {
    const sentName = (request: TestRequest) => ((request.request.body as FormData).get('files') as File).name;
    queue.add([file('1'), file('2'), file('3'), file('4')], null);
    const [first, second] = uploads() as [TestRequest, TestRequest];
    expect([sentName(first), sentName(second)]).toEqual(['1', '2']);
    expect(queue.entries().map((candidate) => `${candidate.name}:${candidate.status}`)).toEqual(['1:uploading', '2:uploading', '3:queued', '4:queued']);
    first.flush([stored('1')]);
    const [third] = uploads() as [TestRequest];
    expect(sentName(third)).toBe('3');
    expect(uploads()).toHaveLength(0);
    third.flush([stored('3')]);
    const [fourth] = uploads() as [TestRequest];
    expect(sentName(fourth)).toBe('4');
    fourth.flush([stored('4')]);
    second.flush([stored('2')]);
    expect(queue.entries().every((candidate) => candidate.status === 'done')).toBe(true);
  });

  it('shows the server’s message for a refused file and goes on with the others', () => {
    queue.add([file('x.png'), file('ok.png')], null);
    const [refused, accepted] = uploads() as [TestRequest, TestRequest];
    const message = '"x.png" is not an accepted type: its content is not one of images, audio, video';
    refused.flush({ statusCode: 415, code: 'UNSUPPORTED_TYPE', message }, { status: 415, statusText: 'Unsupported Media Type' });
    accepted.flush([stored('ok.png')]);
    expect(entry('x.png')).toMatchObject({ status: 'failed', error: message });
    expect(entry('ok.png').status).toBe('done');
  });

  it('says so when the server cannot be reached', () => {
    queue.add([file('a.png')], null);
    (uploads()[0] as TestRequest).error(new ProgressEvent('error'), { status: 0 });
    expect(entry('a.png').error).toBe('The server cannot be reached. Check your connection and try again.');
  });

  it('refuses a file over the per-file limit without sending it', () => {
    queue.add([file('big.bin', 2048), file('small.png', 10)], null, 1024);
    expect(entry('big.bin')).toMatchObject({ status: 'failed', error: '“big.bin” is larger than the 1 KB limit per file.' });
    const requests = uploads();
    expect(requests).toHaveLength(1);
    requests[0]!.flush([stored('small.png')]);
  });

  it('cancels a file being sent, and lets the next one start', () => {
    queue.add([file('1'), file('2'), file('3')], null);
    const [first, second] = uploads() as [TestRequest, TestRequest];
    queue.cancel(entry('1').id);
    expect(first.cancelled).toBe(true);
    expect(entry('1')).toMatchObject({ status: 'failed', error: 'Upload cancelled.' });
    const [third] = uploads() as [TestRequest];
    expect(((third.request.body as FormData).get('files') as File).name).toBe('3');
    second.flush([stored('2')]);
    third.flush([stored('3')]);
  });

  it('clears finished entries but keeps the ones still going', () => {
    queue.add([file('1'), file('2'), file('3')], null);
    const [first, second] = uploads() as [TestRequest, TestRequest];
    first.flush([stored('1')]);
    expect(queue.finished()).toBe(1);
    queue.clearFinished();
    expect(queue.entries().map((candidate) => candidate.name)).toEqual(['2', '3']);
    // Dismiss leaves a file that is still going.
    queue.dismiss(entry('2').id);
    expect(queue.entries()).toHaveLength(2);
    second.flush([]);
    (uploads()[0] as TestRequest).flush([]);
  });
});
