import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ApplicationRef, Injector } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { MediaFileDto } from '../../api/models';
import { openPreview } from './media-preview-dialog';
import { MediaTransfer, TEXT_PREVIEW_BYTES } from './media-transfer';

function media(id: string, options: Partial<MediaFileDto>): MediaFileDto {
  return {
    id,
    name: id,
    mimeType: 'image/png',
    kind: 'image',
    size: 100,
    sha256: 'ab'.repeat(32),
    folderId: null,
    source: 'uploaded',
    origin: null,
    width: null,
    height: null,
    durationSeconds: null,
    previewStatus: 'ready',
    contentUrl: `/api/media/files/${id}/content?token=1.sig`,
    thumbnailUrl: `/api/media/files/${id}/thumbnail?token=1.sig`,
    createdAt: '2026-11-26T09:00:00.000Z',
    updatedAt: '2026-11-26T09:00:00.000Z',
    ...options,
  };
}

describe('MediaPreviewDialog', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), MediaTransfer] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    TestBed.inject(MatDialog).closeAll();
    http.verify();
    localStorage.clear();
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
  });

  async function open(files: MediaFileDto[], index = 0): Promise<HTMLElement> {
    openPreview(TestBed.inject(MatDialog), { files, index, folders: [] }, TestBed.inject(Injector));
    await settle();
    // A dialog closed just before may still be leaving: the newest one is the last.
    return Array.from(document.querySelectorAll<HTMLElement>('mat-dialog-container')).at(-1)!;
  }

  async function settle(): Promise<void> {
    TestBed.tick();
    await TestBed.inject(ApplicationRef).whenStable();
  }

  it('shows a picture full size from its signed link, with its metadata', async () => {
    const dialog = await open([media('photo.png', { width: 640, height: 480 })]);
    expect(dialog.querySelector<HTMLImageElement>('[data-testid="preview-image"]')?.getAttribute('src')).toBe('/api/media/files/photo.png/content?token=1.sig');
    expect(dialog.querySelector('[data-testid="preview-dimensions"]')?.textContent?.trim()).toBe('640 × 480');
    expect(dialog.querySelector('[data-testid="preview-sha256"]')?.textContent?.trim()).toBe('ab'.repeat(32));
    expect(dialog.querySelector('[data-testid="preview-download-action"]')?.getAttribute('href')).toBe('/api/media/files/photo.png/content?token=1.sig&download=true');
  });

  it('never puts an SVG in an img: its server-made thumbnail and a download instead', async () => {
    const dialog = await open([media('logo.svg', { mimeType: 'image/svg+xml' })]);
    const images = Array.from(dialog.querySelectorAll('img')).map((image) => image.getAttribute('src'));
    expect(images).toEqual(['/api/media/files/logo.svg/thumbnail?token=1.sig']);
    expect(dialog.querySelector('iframe')).toBeNull();
    expect(dialog.querySelector('[data-testid="preview-download"]')?.getAttribute('href')).toContain('download=true');
    expect(dialog.textContent).toContain('can hold scripts');
  });

  it('never frames HTML', async () => {
    const dialog = await open([media('page.html', { kind: 'document', mimeType: 'text/html', thumbnailUrl: null, previewStatus: 'none' })]);
    expect(dialog.querySelector('iframe')).toBeNull();
    expect(dialog.querySelector('[data-testid="preview-fallback"]')).not.toBeNull();
  });

  it('shows text as text, never as markup', async () => {
    const dialog = await open([media('notes.txt', { kind: 'text', mimeType: 'text/plain', thumbnailUrl: null })]);
    const request = http.expectOne('/api/media/files/notes.txt/content?token=1.sig');
    expect(request.request.responseType).toBe('text');
    expect(request.request.headers.has('Range')).toBe(false);
    request.flush('<b>bold?</b><img src=x onerror=alert(1)>');
    await settle();
    const pre = dialog.querySelector('[data-testid="preview-text"]')!;
    expect(pre.textContent).toBe('<b>bold?</b><img src=x onerror=alert(1)>');
    expect(pre.querySelector('b, img')).toBeNull();
  });

  it('fetches only the start of a large text file', async () => {
    const dialog = await open([media('big.log', { kind: 'text', mimeType: 'text/plain', size: TEXT_PREVIEW_BYTES * 4 })]);
    const request = http.expectOne('/api/media/files/big.log/content?token=1.sig');
    expect(request.request.headers.get('Range')).toBe(`bytes=0-${TEXT_PREVIEW_BYTES - 1}`);
    request.flush('start of the log', { status: 206, statusText: 'Partial Content' });
    await settle();
    expect(dialog.textContent).toContain('Only the first 256 KB are shown.');
  });

  it('frames a PDF from its signed link only', async () => {
    const id = '0b5c7a4e-8f1d-4c2a-9e3b-1a2b3c4d5e6f';
    const dialog = await open([media(id, { name: 'doc.pdf', kind: 'document', mimeType: 'application/pdf' })]);
    expect(dialog.querySelector('iframe')?.getAttribute('src')).toBe(`/api/media/files/${id}/content?token=1.sig`);
    TestBed.inject(MatDialog).closeAll();
    await settle();
    const elsewhere = await open([media(id, { kind: 'document', mimeType: 'application/pdf', contentUrl: 'https://evil.test/x.pdf' })]);
    expect(elsewhere.querySelector('iframe')).toBeNull();
  });

  it('steps through the list with the arrow keys, and says a generated file was made offline', async () => {
    const generated = media('gen.png', { source: 'generated', origin: { generator: 'image', model: 'local/webox-draw', prompt: 'a cat', offline: true } });
    const dialog = await open([media('first.png', {}), generated], 0);
    expect(dialog.querySelector('[data-testid="preview-title"]')?.textContent?.trim()).toBe('first.png');
    expect(dialog.querySelector('[data-testid="offline-badge"]')).toBeNull();
    document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    await settle();
    expect(dialog.querySelector('[data-testid="preview-title"]')?.textContent?.trim()).toBe('gen.png');
    expect(dialog.querySelector('[data-testid="offline-badge"]')?.textContent?.trim()).toBe('Offline');
    expect(dialog.textContent).toContain('local/webox-draw');
    expect(dialog.textContent).toContain('a cat');
  });
});
