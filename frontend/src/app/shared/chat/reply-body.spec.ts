import { I18nService } from '../../core/i18n/i18n.service';
import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { CitationDto, ReplyStepDto } from '../../api/models';
import { ReplyBody } from './reply-body';

const CITATION: CitationDto = { n: 1, chunkId: 'chunk-1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'budgets.md', page: 4, snippet: 'The 2026 budget grows by 5%.' };

describe('ReplyBody', () => {
  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration('')] });
  });
  afterEach(() => localStorage.clear());

  async function render(content: string, steps: ReplyStepDto[] = [], citations: CitationDto[] = []) {
    const fixture = TestBed.createComponent(ReplyBody);
    fixture.componentRef.setInput('content', content);
    fixture.componentRef.setInput('steps', steps);
    fixture.componentRef.setInput('citations', citations);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('shows each step where it happened, closed, and opens it on a click', async () => {
    const steps: ReplyStepDto[] = [
      { kind: 'tool', callId: 'c1', name: 'calculator', arguments: { expression: '17.5 / 100 * 2340' }, offset: 9, status: 'ok', summary: '17.5 / 100 * 2340 = 409.5', durationMs: 3 },
      { kind: 'tool', callId: 'c2', name: 'web_fetch', arguments: { url: 'http://10.0.0.1' }, offset: 9, status: 'error', summary: 'Refused', error: '<b>private address</b>', durationMs: 1 },
      { kind: 'tool', callId: 'c3', name: 'files__read', arguments: {}, offset: 9, status: 'running' },
      { kind: 'note', text: 'The agent reached its limit.', offset: 9 },
    ];
    const { fixture, element } = await render('Thinking.It is 409.5.', steps);
    const children = Array.from(element.children).map((child) => child.tagName.toLowerCase());
    expect(children).toEqual(['wbx-markdown', 'wbx-tool-step', 'wbx-tool-step', 'wbx-tool-step', 'wbx-tool-step', 'wbx-markdown']);

    const [calculator, fetch, mcp] = Array.from(element.querySelectorAll<HTMLElement>('[data-testid="tool-step"]'));
    expect(calculator!.dataset['status']).toBe('ok');
    expect(calculator!.querySelector('[data-testid="tool-step-name"]')!.textContent).toBe('Calculator');
    expect(calculator!.querySelector('[data-testid="tool-step-summary"]')!.textContent).toBe('17.5 / 100 * 2340 = 409.5');
    expect(calculator!.textContent).toContain('3 ms');
    expect(calculator!.querySelector('[data-testid="tool-step-details"]')).toBeNull();

    calculator!.querySelector<HTMLButtonElement>('[data-testid="tool-step-toggle"]')!.click();
    await fixture.whenStable();
    expect(calculator!.querySelector('[data-testid="tool-step-toggle"]')!.getAttribute('aria-expanded')).toBe('true');
    expect(JSON.parse(calculator!.querySelector('[data-testid="tool-step-arguments"]')!.textContent!)).toEqual({ expression: '17.5 / 100 * 2340' });

    // A failure is shown as text, in red: never as HTML.
    expect(fetch!.dataset['status']).toBe('error');
    expect(fetch!.querySelector('[data-testid="tool-step-summary"]')!.textContent).toBe('<b>private address</b>');
    expect(fetch!.querySelector('b')).toBeNull();

    expect(mcp!.querySelector('mat-progress-spinner')).not.toBeNull();
    expect(mcp!.querySelector('[data-testid="tool-step-name"]')!.textContent).toBe('files__read');
    expect(element.querySelector('[data-testid="reply-note"]')!.textContent).toContain('The agent reached its limit.');
  });

  it("says a note in the reader's language from its key, and a note stored without one in its own words", async () => {
    TestBed.inject(I18nService).setLanguage('fr');
    const { element } = await render('', [
      { kind: 'note', text: 'Stopped: this turn reached its time limit of 2.5 s.', noteKey: 'timeLimit', params: { seconds: 2.5 }, offset: 0 },
      { kind: 'note', text: 'An older note.', offset: 0 },
    ]);
    const notes = Array.from(element.querySelectorAll('[data-testid="reply-note"]')).map((note) => note.textContent!.replace('info', '').trim());
    expect(notes).toEqual(['Arrêté : ce tour a atteint sa limite de temps de 2.5 s.', 'An older note.']);
    TestBed.inject(I18nService).setLanguage('en');
  });

  it("says a built-in tool's summary in the reader's language, and an MCP tool's as it came", async () => {
    TestBed.inject(I18nService).setLanguage('fr');
    const { element } = await render('', [
      { kind: 'tool', callId: 'c1', name: 'knowledge_search', arguments: {}, offset: 0, status: 'ok', summary: '3 passages from a.pdf', summaryKey: 'passagesFound', params: { count: 3, files: 'a.pdf' } },
      { kind: 'tool', callId: 'c2', name: 'web_fetch', arguments: {}, offset: 0, status: 'ok', summary: 'Read example.com, 12,345 characters, cut', summaryKey: 'pageReadCut', params: { page: 'example.com', count: 12345 } },
      { kind: 'tool', callId: 'c3', name: 'mcp_lookup', arguments: {}, offset: 0, status: 'ok', summary: 'Found 2 rows' },
    ]);
    const lines = Array.from(element.querySelectorAll('[data-testid="tool-step-summary"]')).map((line) => line.textContent!.trim());
    expect(lines).toEqual(['3 passages de a.pdf', `example.com lu, ${new Intl.NumberFormat('fr').format(12345)} caractères, coupé`, 'Found 2 rows']);
    TestBed.inject(I18nService).setLanguage('en');
  });

  it('links the media a tool made to the media library', async () => {
    const { element } = await render('', [{ kind: 'tool', callId: 'c1', name: 'generate_image', arguments: { prompt: 'a fox' }, offset: 0, status: 'ok', summary: 'Saved', mediaFileIds: ['file-9'] }]);
    expect(element.querySelector('[data-testid="tool-step-media"]')!.getAttribute('href')).toBe('/media?file=file-9');
  });

  it('shows the thumbnail of an image a tool made, from its signed link', async () => {
    const { fixture, element } = await render('', [{ kind: 'tool', callId: 'c1', name: 'generate_image', arguments: { prompt: 'a fox' }, offset: 0, status: 'ok', summary: 'Saved', mediaFileIds: ['file-9'] }]);
    TestBed.inject(HttpTestingController).expectOne('/api/media/files/file-9').flush({ id: 'file-9', thumbnailUrl: '/api/media/files/file-9/thumbnail?token=1.sig' });
    await fixture.whenStable();
    expect(element.querySelector<HTMLImageElement>('[data-testid="tool-step-thumbnail"]')!.getAttribute('src')).toBe('/api/media/files/file-9/thumbnail?token=1.sig');
    expect(element.querySelector('[data-testid="tool-step-media"]')!.getAttribute('href')).toBe('/media?file=file-9');
  });

  it('links the cited [n] to their passages, opened in the app, and lists the sources', async () => {
    const { fixture, element } = await render('Budgets grow [1], not [2].', [], [CITATION]);
    const link = element.querySelector<HTMLAnchorElement>('wbx-markdown a.wbx-citation')!;
    expect(link.textContent).toBe('[1]');
    expect(link.getAttribute('href')).toBe('/knowledge/passages/chunk-1');
    expect(link.title).toBe('budgets.md, p. 4\nThe 2026 budget grows by 5%.');
    expect(element.querySelectorAll('a.wbx-citation')).toHaveLength(1);

    // A click opens the passage in place, under the text: no navigation.
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigateByUrl').mockResolvedValue(true);
    link.click();
    await fixture.whenStable();
    expect(navigate).not.toHaveBeenCalled();
    const popover = element.querySelector<HTMLElement>('[data-testid="citation-popover"]')!;
    expect(popover.getAttribute('role')).toBe('dialog');
    expect(popover.getAttribute('aria-label')).toBe('Passage [1]');
    expect(popover.querySelector('[data-testid="citation-popover-snippet"]')!.textContent).toBe('The 2026 budget grows by 5%.');
    expect(popover.querySelector('[data-testid="citation-popover-link"]')!.getAttribute('href')).toBe('/knowledge/passages/chunk-1');
    const http = TestBed.inject(HttpTestingController);
    http.expectOne('/api/knowledge/chunks/chunk-1').flush({
      id: 'chunk-1', collectionId: 'col1', collectionName: 'Notes', fileId: 'f1', fileName: 'budgets.md', ordinal: 3, page: 4,
      text: 'The 2026 budget grows by 5% <img src=x onerror=alert(1)>.', previous: { id: 'c0', ordinal: 2, page: 4, text: 'End of the last one' },
    });
    await fixture.whenStable();
    const text = popover.querySelector('[data-testid="citation-popover-text"]')!;
    expect(text.textContent).toContain('…End of the last one');
    expect(text.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(text.querySelector('img')).toBeNull();
    popover.querySelector<HTMLButtonElement>('[data-testid="citation-popover-close"]')!.click();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="citation-popover"]')).toBeNull();

    const sources = element.querySelector('[data-testid="reply-sources"]')!;
    expect(sources.querySelector('a')!.getAttribute('href')).toBe('/knowledge/passages/chunk-1');
    expect(sources.textContent).toContain('budgets.md');
    expect(sources.textContent).toContain('p. 4');
    expect(sources.textContent).toContain('Notes');
    expect(sources.textContent).toContain('The 2026 budget grows by 5%.');
  });

  it('shows a structured tool result as a card, never as raw JSON in its line', async () => {
    const summary = JSON.stringify({ city: 'Paris', url: 'https://example.test/a', rows: [{ a: 1 }] });
    const { element } = await render('', [{ kind: 'tool', callId: 'c1', name: 'files__stat', arguments: {}, offset: 0, status: 'ok', summary }]);
    expect(element.querySelector('[data-testid="tool-step-summary"]')!.textContent).toBe('Result below');
    const card = element.querySelector('[data-testid="tool-step-card"]')!;
    expect(card.querySelector('[data-testid="tool-result-pairs"]')).not.toBeNull();
    expect(card.querySelector('a')!.getAttribute('href')).toBe('https://example.test/a');
    expect(element.textContent).not.toContain('{"city"');
  });
});
