import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideApiConfiguration } from '../../api/api-configuration';
import { MediaTransfer } from '../../shared/media/media-transfer';
import { AttachmentTray } from './attachment-tray';
import { ChatAttachments } from './chat-attachments.store';

describe('AttachmentTray', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), ChatAttachments, MediaTransfer] });
    http = TestBed.inject(HttpTestingController);
  });
  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render() {
    const fixture = TestBed.createComponent(AttachmentTray);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const chips = () => Array.from(element.querySelectorAll<HTMLElement>('[data-testid="attachment-chip"]'));
    return { fixture, element, chips };
  }

  it('uploads the files it is given, shows a chip per file with its state and a thumbnail for pictures, and removes one', async () => {
    const { fixture, element, chips } = await render();
    // jsdom has no object URLs: the browser's give the local picture its thumbnail.
    URL.createObjectURL = vi.fn(() => 'blob:kite');
    URL.revokeObjectURL = vi.fn();
    expect(element.querySelector<HTMLInputElement>('[data-testid="attach-input"]')!.accept).toContain('image/png');
    fixture.componentInstance.add([new File(['png'], 'kite.png', { type: 'image/png' }), new File(['# Plan'], 'plan.md', { type: 'text/markdown' })]);
    await fixture.whenStable();

    expect(chips().map((chip) => chip.getAttribute('data-status'))).toEqual(['uploading', 'uploading']);
    expect(chips()[0]!.textContent).toContain('Uploading…');
    expect(chips()[0]!.querySelector('[data-testid="attachment-thumb"]')).not.toBeNull();
    expect(chips()[1]!.querySelector('[data-testid="attachment-thumb"]')).toBeNull();
    const [image, text] = http.match('/api/media/upload');
    image!.flush([{ id: 'img-1', name: 'kite.png', mimeType: 'image/png', size: 3 }]);
    text!.flush({ statusCode: 400, code: 'UNSUPPORTED_TYPE', message: 'plan.md is not a type the library takes' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();

    expect(chips().map((chip) => chip.getAttribute('data-status'))).toEqual(['ready', 'failed']);
    expect(chips()[1]!.textContent).toContain('plan.md is not a type the library takes');
    chips()[1]!.querySelector<HTMLButtonElement>('[data-testid="attachment-remove"]')!.click();
    await fixture.whenStable();
    expect(chips()).toHaveLength(1);
    expect(TestBed.inject(ChatAttachments).take().ids).toEqual(['img-1']);
  });

  it('takes at most ten files, and says when it left some out', async () => {
    const { fixture, element, chips } = await render();
    fixture.componentInstance.add(Array.from({ length: 12 }, (_, i) => new File(['x'], `f${i}.txt`, { type: 'text/plain' })));
    await fixture.whenStable();

    expect(chips()).toHaveLength(10);
    expect(element.textContent).toContain('At most 10 files per message: the others were left out.');
    expect(element.querySelector<HTMLButtonElement>('[data-testid="attach-button"]')!.disabled).toBe(true);
    http.match('/api/media/upload').forEach((upload, i) => upload.flush([{ id: `f${i}`, name: `f${i}.txt`, mimeType: 'text/plain', size: 1 }]));
  });
});
