import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ConversationDto } from '../../api/models';
import { ConversationList, SEARCH_DEBOUNCE_MS } from './conversation-list';
import { ConversationsStore } from './conversations.store';

const conversation = (id: string, title: string, pinned = false): ConversationDto => ({
  id,
  title,
  pinned,
  models: ['local/webox-mini'],
  preview: '**Offline reply** from `Webox`',
  createdAt: '2026-11-26T09:00:00.000Z',
  updatedAt: '2026-11-26T09:00:00.000Z',
});

describe('ConversationList', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideApiConfiguration(''), ConversationsStore] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    vi.useRealTimers();
    http.verify();
    localStorage.clear();
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
  });

  async function render(items: ConversationDto[]) {
    const fixture = TestBed.createComponent(ConversationList);
    TestBed.inject(ConversationsStore).refresh();
    http.expectOne('/api/chat/history?page=1&limit=30').flush({ items, total: items.length, page: 1, limit: 30 });
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('lists the conversations with a plain-text preview, pinned ones marked', async () => {
    const { element } = await render([conversation('c1', 'Pinned one', true), conversation('c2', 'Other')]);
    const titles = Array.from(element.querySelectorAll('[data-testid="conversation-title"]')).map((node) => node.textContent?.trim());
    expect(titles).toEqual(['Pinned one', 'Other']);
    expect(element.querySelectorAll('[data-testid="pinned-icon"]')).toHaveLength(1);
    expect(element.querySelector('.preview')?.textContent?.trim()).toBe('Offline reply from Webox');
    expect(element.querySelector('a')?.getAttribute('href')).toBe('/chat/c1');
  });

  it('searches once the typing pauses, with only the last query', async () => {
    const { fixture, element } = await render([conversation('c1', 'Rivers')]);
    vi.useFakeTimers();
    const input = element.querySelector<HTMLInputElement>('[data-testid="history-search"]')!;
    for (const value of ['r', 'ri', 'riv']) {
      input.value = value;
      input.dispatchEvent(new Event('input'));
      vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS / 3);
    }
    http.expectNone((request) => request.url === '/api/chat/history');
    vi.advanceTimersByTime(SEARCH_DEBOUNCE_MS);
    http.expectOne('/api/chat/history?page=1&limit=30&q=riv').flush({ items: [], total: 0, page: 1, limit: 30 });
    vi.useRealTimers();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="history-empty"]')?.textContent?.trim()).toBe('No conversation matches “riv”.');
  });

  it('renames a conversation through the dialog and reports the new title', async () => {
    const { fixture, element } = await render([conversation('c1', 'Old title')]);
    const renamed: ConversationDto[] = [];
    fixture.componentInstance.renamed.subscribe((dto) => renamed.push(dto));

    element.querySelector<HTMLButtonElement>('[data-testid="conversation-actions"]')!.click();
    await fixture.whenStable();
    const renameItem = Array.from(document.querySelectorAll<HTMLButtonElement>('[mat-menu-item]')).find((item) => item.textContent?.includes('Rename'))!;
    renameItem.click();
    await fixture.whenStable();

    const field = document.querySelector<HTMLInputElement>('[data-testid="rename-input"]')!;
    expect(field.value).toBe('Old title');
    field.value = '  New title  ';
    field.dispatchEvent(new Event('input'));
    const submitted = new Event('submit', { cancelable: true });
    field.form!.dispatchEvent(submitted);
    // The form is handled in the page, never sent by the browser.
    expect(submitted.defaultPrevented).toBe(true);

    // The dialog hands its result over once it has closed.
    const request = await vi.waitFor(() => http.expectOne((req) => req.method === 'PATCH' && req.url === '/api/chat/conversations/c1'));
    expect(request.request.body).toEqual({ title: 'New title' });
    request.flush(conversation('c1', 'New title'));
    await fixture.whenStable();
    expect(renamed.map((dto) => dto.title)).toEqual(['New title']);
    expect(element.querySelector('[data-testid="conversation-title"]')?.textContent?.trim()).toBe('New title');
  });
});
