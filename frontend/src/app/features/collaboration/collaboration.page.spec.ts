import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { Subject } from 'rxjs';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { CollaborationMessageDto, CollaborationNotificationDto, ProjectDto, ProjectSummaryDto } from '../../api/models';
import { SessionStore } from '../../core/auth/session.store';
import { RealtimeService } from '../../core/realtime/realtime.service';
import CollaborationPage from './collaboration.page';

const ME = 'u-me';
const BOB = 'u-bob';
const summary = (options: Partial<ProjectSummaryDto> = {}): ProjectSummaryDto => ({ id: 'p1', name: 'Moonshot', role: 'editor', channelId: 'c1', memberCount: 2, unread: 3, lastMessageId: 'm2', createdAt: '2026-12-01T10:00:00Z', ...options });
const project = (role: ProjectDto['role'] = 'editor'): ProjectDto => ({
  ...summary({ role }),
  members: [
    { userId: BOB, name: 'Bob', email: 'bob@example.com', role: 'owner' },
    { userId: ME, name: 'Me', email: 'me@example.com', role },
  ],
});
let seq = 0;
const message = (id: string, text: string | null, options: Partial<CollaborationMessageDto> = {}): CollaborationMessageDto => ({
  id,
  channelId: 'c1',
  projectId: 'p1',
  recipientId: null,
  senderId: BOB,
  senderName: 'Bob',
  text,
  replyToId: null,
  attachments: [],
  replyCount: 0,
  editedAt: null,
  deletedAt: null,
  createdAt: new Date(Date.UTC(2026, 11, 1, 10, 0, ++seq)).toISOString(),
  ...options,
});

describe('CollaborationPage', { timeout: 20_000 }, () => {
  let http: HttpTestingController;
  let events: Record<string, Subject<unknown>>;
  let connected: ReturnType<typeof signal<boolean>>;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    events = Object.fromEntries(['collaboration.message', 'collaboration.message_changed', 'collaboration.membership', 'collaboration.typing', 'collaboration.mention', 'collaboration.presence', 'collaboration.notification', 'collaboration.notifications_read'].map((name) => [name, new Subject<unknown>()]));
    connected = signal(true);
    const realtime = { on: (name: string) => events[name]!.asObservable(), connected, send: vi.fn(() => Promise.resolve({ ok: true })) };
    TestBed.configureTestingModule({
      providers: [provideRouter([]), provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: RealtimeService, useValue: realtime }, { provide: SessionStore, useValue: { user: signal({ id: ME }) } }],
    });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    localStorage.clear();
    document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
  });

  /** Answers every pending list call (projects, direct conversations, contacts). */
  function flushLists(projects: ProjectSummaryDto[] = [summary()]) {
    for (const request of http.match('/api/collaboration/projects')) request.flush(projects);
    for (const request of http.match('/api/collaboration/direct')) request.flush([]);
    for (const request of http.match('/api/collaboration/contacts')) request.flush([]);
  }
  const notification = (id: string, options: Partial<CollaborationNotificationDto> = {}): CollaborationNotificationDto => ({
    id,
    kind: 'message',
    actorId: BOB,
    actorName: 'Bob',
    messageId: `msg-${id}`,
    channelId: null,
    projectId: null,
    conversationId: null,
    excerpt: 'Hello there',
    readAt: null,
    createdAt: '2026-12-01T10:00:00Z',
    ...options,
  });

  async function openChannel(role: ProjectDto['role'] = 'editor', items: CollaborationMessageDto[] = []) {
    const fixture = TestBed.createComponent(CollaborationPage);
    fixture.detectChanges();
    flushLists([summary({ role })]);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="collab-unread"]')?.textContent?.trim()).toBe('3');
    element.querySelector<HTMLButtonElement>('[data-testid="collab-projects"] button')!.click();
    http.expectOne('/api/collaboration/projects/p1').flush(project(role));
    http.expectOne((r) => r.url === '/api/collaboration/channels/c1/messages').flush({ items: [...items].reverse(), hasMore: false });
    http.expectOne({ method: 'POST', url: '/api/collaboration/messages/m2/read' }).flush(null, { status: 204, statusText: 'No Content' });
    flushLists([summary({ role, unread: 0 })]);
    await fixture.whenStable();
    return { fixture, element };
  }
  const texts = (element: HTMLElement) => Array.from(element.querySelectorAll('[data-testid="collab-messages"] [data-testid="collab-message"] .wbx-markdown, [data-testid="collab-messages"] [data-testid="collab-message"] p.flag')).map((n) => n.textContent?.trim());

  it('opens a channel: messages oldest first, Markdown rendered and sanitised, the unread badge cleared', async () => {
    const { element } = await openChannel('editor', [message('m1', 'Hello **team**'), message('m2', '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>ok', { senderId: ME, senderName: 'Me' })]);
    expect(texts(element)).toEqual(['Hello team', 'ok']);
    expect(element.querySelector('[data-testid="collab-messages"] strong')?.textContent).toBe('Bob');
    expect(element.querySelector('.wbx-markdown strong')?.textContent).toBe('team');
    expect(element.querySelector('[data-testid="collab-messages"] script, [data-testid="collab-messages"] img[onerror]')).toBeNull();
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    expect(element.querySelector('[data-testid="collab-unread"]')).toBeNull();
    // Only my own message offers edit and delete.
    const own = element.querySelectorAll('[data-testid="collab-message"]')[1]!;
    expect(own.querySelector('[aria-label="Edit the message"]')).not.toBeNull();
    expect(element.querySelectorAll('[data-testid="collab-message"]')[0]!.querySelector('[aria-label="Edit the message"]')).toBeNull();
  });

  it('shows a live message once, even when it also comes back after a reconnection, and asks after its newest message', async () => {
    const { fixture, element } = await openChannel('editor', [message('m1', 'first')]);
    const live = message('m3', 'live one');
    events['collaboration.message']!.next(live);
    // Another's message arriving in the open conversation is read at once.
    http.expectOne({ method: 'POST', url: '/api/collaboration/messages/m3/read' }).flush(null, { status: 204, statusText: 'No Content' });
    flushLists();
    await fixture.whenStable();
    expect(texts(element)).toEqual(['first', 'live one']);

    connected.set(false);
    await fixture.whenStable();
    connected.set(true);
    await fixture.whenStable();
    const catchUp = http.expectOne((r) => r.url === '/api/collaboration/channels/c1/messages');
    expect(catchUp.request.params.get('after')).toBe('m3');
    catchUp.flush({ items: [live, message('m4', 'missed')], hasMore: false });
    for (const read of http.match((r) => r.url.endsWith('/read'))) read.flush(null, { status: 204, statusText: 'No Content' });
    flushLists();
    await fixture.whenStable();
    expect(texts(element)).toEqual(['first', 'live one', 'missed']);
  });

  it('shows an edit and a deletion live, and who is typing', async () => {
    const { fixture, element } = await openChannel('editor', [message('m1', 'draft')]);
    events['collaboration.message_changed']!.next({ ...message('m1', 'final'), editedAt: '2026-12-01T11:00:00Z' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="collab-message"] header .flag')?.textContent).toBe('(edited)');
    events['collaboration.typing']!.next({ channelId: 'c1', userId: BOB, name: 'Bob' });
    events['collaboration.typing']!.next({ channelId: 'elsewhere', userId: 'u-eve', name: 'Eve' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="collab-typing"]')?.textContent?.trim()).toBe('Bob is typing…');
    events['collaboration.message_changed']!.next({ ...message('m1', null), deletedAt: '2026-12-01T11:01:00Z' });
    await fixture.whenStable();
    expect(texts(element)).toEqual(['This message was deleted.']);
  });

  it('gives a viewer no composer, and says why', async () => {
    const { element } = await openChannel('viewer');
    expect(element.querySelector('[data-testid="collab-composer"]')).toBeNull();
    expect(element.textContent).toContain('you can read its channel but not post');
  });

  it('sends with Enter and shows the coded error of a refusal in the page language', async () => {
    const { fixture, element } = await openChannel('editor');
    const composer = element.querySelector<HTMLTextAreaElement>('[data-testid="collab-composer"]')!;
    composer.value = 'Hi @bob';
    composer.dispatchEvent(new Event('input'));
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    const sent = http.expectOne({ method: 'POST', url: '/api/collaboration/messages' });
    expect(sent.request.body).toEqual({ channelId: 'c1', text: 'Hi @bob' });
    sent.flush({ statusCode: 403, code: 'VIEWER_CANNOT_POST', message: 'A viewer of the project cannot post in its channel' }, { status: 403, statusText: 'Forbidden' });
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toBe('Viewers cannot post in this project.');
  });

  it('shows presence in the lists and the members, from the API and then live', async () => {
    const fixture = TestBed.createComponent(CollaborationPage);
    fixture.detectChanges();
    for (const request of http.match('/api/collaboration/projects')) request.flush([summary()]);
    for (const request of http.match('/api/collaboration/direct')) request.flush([{ user: { id: BOB, name: 'Bob', email: 'bob@example.com' }, unread: 0, lastMessageId: null, lastMessageAt: '2026-12-01T10:00:00Z' }]);
    for (const request of http.match('/api/collaboration/contacts')) request.flush([]);
    for (const request of http.match('/api/collaboration/presence'))
      request.flush([
        { userId: ME, status: 'online' },
        { userId: BOB, status: 'away' },
      ]);
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const dot = () => element.querySelector<HTMLElement>('[data-testid="collab-directs"] [data-testid="collab-presence"]')!;
    expect(dot().dataset['presence']).toBe('away');
    expect(dot().getAttribute('aria-label')).toBe('Away');
    events['collaboration.presence']!.next({ userId: BOB, status: 'online' });
    await fixture.whenStable();
    expect(dot().dataset['presence']).toBe('online');
    expect(dot().classList).toContain('online');
    events['collaboration.presence']!.next({ userId: BOB, status: 'offline' });
    await fixture.whenStable();
    expect(dot().getAttribute('aria-label')).toBe('Offline');
  });

  it('lists notifications with the unread count, adds live ones, opens one and marks it read, and marks all read', async () => {
    const fixture = TestBed.createComponent(CollaborationPage);
    fixture.detectChanges();
    flushLists();
    const first = http.expectOne((r) => r.url === '/api/collaboration/notifications');
    expect(first.request.params.get('page')).toBe('1');
    first.flush({ items: [notification('n1', { kind: 'mention', excerpt: 'Look @me', channelId: 'c1', projectId: 'p1' })], total: 1, page: 1, limit: 20, unread: 1 });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const toggle = element.querySelector<HTMLButtonElement>('[data-testid="collab-notifications-toggle"]')!;
    expect(toggle.querySelector('.badge')?.textContent?.trim()).toBe('1');
    toggle.click();
    await fixture.whenStable();
    const items = () => Array.from(element.querySelectorAll('[data-testid="collab-notification"]'));
    expect(items().map((n) => n.querySelector('strong')?.textContent?.trim())).toEqual(['Bob mentioned you']);

    events['collaboration.notification']!.next({ notification: notification('n2', { excerpt: 'A direct word' }), unread: 2 });
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')?.textContent?.trim()).toBe('2');
    expect(items().map((n) => n.querySelector('small')?.textContent?.trim())).toEqual(['A direct word', 'Look @me']);
    expect(items()[0]!.classList).toContain('unread');

    // Opening the direct message's notification marks it read and opens the conversation with Bob.
    (items()[0] as HTMLButtonElement).click();
    http.expectOne({ method: 'POST', url: '/api/collaboration/notifications/n2/read' }).flush({ unread: 1 });
    http.expectOne((r) => r.url === `/api/collaboration/direct/${BOB}/messages`).flush({ items: [], hasMore: false });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="collab-title"]')?.textContent?.trim()).toBe('Bob');
    expect(toggle.querySelector('.badge')?.textContent?.trim()).toBe('1');

    toggle.click();
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('[data-testid="collab-notifications-read-all"]')!.click();
    http.expectOne({ method: 'POST', url: '/api/collaboration/notifications/read-all' }).flush({ unread: 0 });
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')).toBeNull();
    expect(items().some((n) => n.classList.contains('unread'))).toBe(false);
    // Read on another device: the count follows.
    events['collaboration.notification']!.next({ notification: notification('n3'), unread: 1 });
    events['collaboration.notifications_read']!.next({ unread: 0 });
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')).toBeNull();
  });
});
