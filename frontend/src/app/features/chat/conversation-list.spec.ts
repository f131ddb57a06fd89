import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ConversationDto } from '../../api/models';
import { ConversationList, SEARCH_DEBOUNCE_MS } from './conversation-list';
import { ConversationsStore } from './conversations.store';

const conversation = (id: string, title: string, pinned = false, updatedAt = new Date().toISOString()): ConversationDto => ({
  id,
  title,
  pinned,
  archived: false,
  folder: null,
  models: ['local/webox-mini'],
  preview: '**Offline reply** from `Webox`',
  createdAt: updatedAt,
  updatedAt,
});
const LIST = '/api/chat/history?page=1&limit=30&archived=false';
/** Matches a list request by its query, whatever the order of its parameters. */
const list = (url: string) => {
  const wanted = new URL(url, 'http://x');
  return (request: { url: string; urlWithParams: string }) => {
    const got = new URL(request.urlWithParams, 'http://x');
    return got.pathname === wanted.pathname && [...wanted.searchParams].length === [...got.searchParams].length && [...wanted.searchParams].every(([key, value]) => got.searchParams.get(key) === value);
  };
};
const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 3600 * 1000).toISOString();

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
    http.expectOne(list(LIST)).flush({ items, total: items.length, page: 1, limit: 30 });
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('lists the conversations with a plain-text preview, pinned ones marked', async () => {
    const { element } = await render([conversation('c1', 'Pinned one', true), conversation('c2', 'Other')]);
    const titles = Array.from(element.querySelectorAll('[data-testid="conversation-title"]')).map((node) => node.textContent?.trim());
    expect(titles).toEqual(['Pinned one', 'Other']);
    expect(element.querySelectorAll('[data-testid="pinned-icon"]')).toHaveLength(1);
    expect(element.querySelector('.preview')?.textContent?.trim()).toBe('Offline reply from Webox');
    expect(element.querySelector('[data-testid="sidebar-new-chat"]')?.getAttribute('href')).toBe('/chat');
    expect(element.querySelector('.link')?.getAttribute('href')).toBe('/chat/c1');
  });

  it('marks a conversation shared with me (who shared it, read only) and offers no owner actions on it', async () => {
    const shared: ConversationDto = { ...conversation('c2', 'From Ada'), shared: { byUserId: 'u1', byName: 'Ada', permission: 'read' } };
    const { element } = await render([conversation('c1', 'Mine'), shared]);
    const items = Array.from(element.querySelectorAll('[data-testid="conversation-item"]'));
    expect(items[0]!.querySelector('[data-testid="shared-tag"]')).toBeNull();
    expect(items[0]!.querySelector('[data-testid="conversation-actions"]')).not.toBeNull();
    expect(items[1]!.querySelector('[data-testid="shared-tag"]')?.textContent).toContain('Shared by Ada · read only');
    expect(items[1]!.querySelector('[data-testid="conversation-actions"]')).toBeNull();
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
    http.expectOne(list('/api/chat/history?page=1&limit=30&archived=false&q=riv')).flush({ items: [], total: 0, page: 1, limit: 30 });
    vi.useRealTimers();
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="history-empty"]')?.textContent?.trim()).toBe('No conversation matches “riv”.');
  });

  it('renames a conversation through the dialog and reports the new title', async () => {
    const { fixture, element } = await render([conversation('c1', 'Old title')]);
    const renamed: ConversationDto[] = [];
    TestBed.inject(ConversationsStore).changes.subscribe(({ kind, conversation }) => kind === 'renamed' && renamed.push(conversation));

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

  async function chooseAction(fixture: { whenStable(): Promise<unknown> }, element: HTMLElement, action: string) {
    element.querySelector<HTMLButtonElement>('[data-testid="conversation-actions"]')!.click();
    await fixture.whenStable();
    document.querySelector<HTMLButtonElement>(`[mat-menu-item][data-action="${action}"]`)!.click();
    await fixture.whenStable();
  }

  it('shows the list in sections: Pinned, Today, Yesterday, Previous 7 days, Older', async () => {
    const { element } = await render([
      conversation('p', 'Pinned long ago', true, daysAgo(40)),
      conversation('t', 'Now', false, new Date().toISOString()),
      conversation('w', 'Three days ago', false, daysAgo(3)),
      conversation('o', 'Last month', false, daysAgo(30)),
    ]);
    const sections = Array.from(element.querySelectorAll('section.group')).map((section) => [section.querySelector('h3')?.textContent?.trim(), Array.from(section.querySelectorAll('[data-testid="conversation-title"]')).map((node) => node.textContent?.trim())]);
    expect(sections).toEqual([
      ['Pinned', ['Pinned long ago']],
      ['Today', ['Now']],
      ['Previous 7 days', ['Three days ago']],
      ['Older', ['Last month']],
    ]);
  });

  it('archives a conversation from its menu, then lists again without it', async () => {
    const { fixture, element } = await render([conversation('c1', 'To archive')]);
    await chooseAction(fixture, element, 'archive');
    const request = http.expectOne((req) => req.method === 'PATCH' && req.url === '/api/chat/conversations/c1');
    expect(request.request.body).toEqual({ archived: true });
    request.flush({ ...conversation('c1', 'To archive'), archived: true });
    http.expectOne(list(LIST)).flush({ items: [], total: 0, page: 1, limit: 30 });
    http.expectOne('/api/chat/folders').flush([]);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="history-empty"]')?.textContent?.trim()).toBe('No conversation yet. Your conversations will be listed here.');
  });

  it('the Archived view lists the archived conversations, and offers to unarchive them', async () => {
    const { fixture, element } = await render([]);
    element.querySelector<HTMLButtonElement>('[data-testid="archived-toggle"]')!.click();
    http.expectOne(list('/api/chat/history?page=1&limit=30&archived=true')).flush({ items: [{ ...conversation('a1', 'Old plans'), archived: true }], total: 1, page: 1, limit: 30 });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="archived-toggle"]')?.getAttribute('aria-pressed')).toBe('true');
    expect(element.querySelector('[data-testid="archived-note"]')).not.toBeNull();
    element.querySelector<HTMLButtonElement>('[data-testid="conversation-actions"]')!.click();
    await fixture.whenStable();
    expect(document.querySelector('[mat-menu-item][data-action="archive"]')?.textContent).toContain('Unarchive');
  });

  it('filters by folder and moves a conversation out of its folder', async () => {
    const { fixture, element } = await render([{ ...conversation('c1', 'Budget'), folder: 'Work' }]);
    const store = TestBed.inject(ConversationsStore);
    store.folders.set([{ name: 'Work', count: 1, archivedCount: 0 }]);
    element.querySelector<HTMLButtonElement>('[data-testid="folder-filter"]')!.click();
    await fixture.whenStable();
    document.querySelector<HTMLButtonElement>('[mat-menu-item][data-folder="Work"]')!.click();
    http.expectOne(list('/api/chat/history?page=1&limit=30&archived=false&folder=Work')).flush({ items: [{ ...conversation('c1', 'Budget'), folder: 'Work' }], total: 1, page: 1, limit: 30 });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="folder-filter"]')?.textContent).toContain('Work');

    await chooseAction(fixture, element, 'move');
    document.querySelector<HTMLButtonElement>('[mat-menu-item][data-folder-remove]')!.click();
    const request = http.expectOne((req) => req.method === 'PATCH' && req.url === '/api/chat/conversations/c1');
    expect(request.request.body).toEqual({ folder: null });
    request.flush(conversation('c1', 'Budget'));
    http.expectOne(list('/api/chat/history?page=1&limit=30&archived=false&folder=Work')).flush({ items: [], total: 0, page: 1, limit: 30 });
    http.expectOne('/api/chat/folders').flush([]);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="history-empty"]')?.textContent?.trim()).toBe('No conversation in “Work”.');
  });
});
