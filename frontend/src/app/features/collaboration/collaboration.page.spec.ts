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
  /** The socket's `collaboration.send`: down by default (the page then sends over HTTP). */
  let request: ReturnType<typeof vi.fn<(name: string, payload: unknown) => Promise<{ sent: false } | { sent: true; ack: unknown }>>>;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    events = Object.fromEntries(['collaboration.message', 'collaboration.message_changed', 'collaboration.membership', 'collaboration.typing', 'collaboration.mention', 'collaboration.presence', 'collaboration.notification', 'collaboration.notifications_read'].map((name) => [name, new Subject<unknown>()]));
    connected = signal(true);
    request = vi.fn((_name: string, _payload: unknown) => Promise.resolve({ sent: false } as { sent: false } | { sent: true; ack: unknown }));
    const realtime = { on: (name: string) => events[name]!.asObservable(), connected, send: vi.fn(() => Promise.resolve({ ok: true })), request };
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

  const type = (element: HTMLElement, text: string) => {
    const composer = element.querySelector<HTMLTextAreaElement>('[data-testid="collab-composer"]')!;
    composer.value = text;
    composer.dispatchEvent(new Event('input'));
    return composer;
  };
  const settle = async (fixture: { whenStable(): Promise<unknown> }) => {
    for (let i = 0; i < 3; i++) await fixture.whenStable();
  };

  it('sends over the socket when it is up: the acknowledged message shows, nothing goes over HTTP', async () => {
    const { fixture, element } = await openChannel('editor');
    const acked = message('m9', 'over the socket', { senderId: ME, senderName: 'Me' });
    request.mockResolvedValue({ sent: true, ack: { message: acked } });
    type(element, 'over the socket').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle(fixture);
    expect(request).toHaveBeenCalledWith('collaboration.send', { channelId: 'c1', text: 'over the socket' });
    http.expectNone({ method: 'POST', url: '/api/collaboration/messages' });
    expect(texts(element)).toEqual(['over the socket']);
  });

  it("shows an error acknowledgement like the HTTP answer, and does not resend when the socket never answered", async () => {
    const { fixture, element } = await openChannel('editor');
    request.mockResolvedValue({ sent: true, ack: { error: 'COLLAB_FLOOD_LIMITED', message: 'At most 20 messages every 10 s', params: { limit: 20, windowSeconds: 10, retryAfterSeconds: 7 } } });
    type(element, 'too fast').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent?.trim()).toContain('wait 7 s');
    request.mockResolvedValue({ sent: true, ack: null });
    element.querySelector<HTMLButtonElement>('[data-testid="collab-send"]')!.click();
    await settle(fixture);
    http.expectNone({ method: 'POST', url: '/api/collaboration/messages' });
    expect(element.querySelector('[role="alert"]')).not.toBeNull();
    expect(element.querySelector<HTMLTextAreaElement>('[data-testid="collab-composer"]')!.value).toBe('too fast');
  });

  it('shows attachments as previews: a picture as its thumbnail, a player for audio and video, a named download link for other files', async () => {
    const attachment = (id: string, name: string, kind: 'image' | 'audio' | 'video' | 'document', mimeType: string, thumbnailUrl: string | null = null) => ({
      id,
      name,
      kind,
      mimeType,
      size: 2048,
      width: null,
      height: null,
      durationSeconds: null,
      contentUrl: `/api/media/files/${id}/content?token=1.sig`,
      thumbnailUrl,
    });
    const { element } = await openChannel('editor', [
      message('m1', 'files', {
        attachments: [
          attachment('f1', 'diagram.png', 'image', 'image/png', '/api/media/files/f1/thumbnail?token=1.sig'),
          attachment('f2', 'tone.wav', 'audio', 'audio/wav'),
          attachment('f3', 'clip.mp4', 'video', 'video/mp4', '/api/media/files/f3/thumbnail?token=1.sig'),
          attachment('f4', 'page.html', 'document', 'text/html'),
          attachment('f5', 'icon.svg', 'image', 'image/svg+xml'),
        ],
      }),
    ]);
    const list = element.querySelector('[data-testid="collab-attachments"]')!;
    const image = list.querySelector<HTMLImageElement>('[data-testid="collab-attachment-image"]')!;
    expect(image.getAttribute('src')).toBe('/api/media/files/f1/thumbnail?token=1.sig');
    expect(image.alt).toBe('diagram.png');
    expect(list.querySelector('audio')?.getAttribute('src')).toBe('/api/media/files/f2/content?token=1.sig');
    expect(list.querySelector('video')?.getAttribute('poster')).toBe('/api/media/files/f3/thumbnail?token=1.sig');
    // HTML and SVG (which can hold script) are never shown inline: a link that asks for a download.
    const links = Array.from(list.querySelectorAll<HTMLAnchorElement>('[data-testid="collab-attachment-link"]'));
    expect(links.map((a) => [a.textContent?.includes(a.getAttribute('href')!.includes('f4') ? 'page.html' : 'icon.svg'), a.getAttribute('href')])).toEqual([
      [true, '/api/media/files/f4/content?token=1.sig&download=true'],
      [true, '/api/media/files/f5/content?token=1.sig&download=true'],
    ]);
    expect(list.querySelectorAll('img').length).toBe(1);
    expect(list.querySelector('iframe, object, embed')).toBeNull();
  });

  it('attaches files of my library to the next message, shows them pending, and sends their ids', async () => {
    const { fixture, element } = await openChannel('editor');
    element.querySelector<HTMLButtonElement>('[data-testid="collab-attach"]')!.click();
    const library = http.expectOne((r) => r.url === '/api/media/files');
    library.flush({ items: [{ id: 'f1', name: 'diagram.png', kind: 'image', mimeType: 'image/png', size: 10, sha256: 'x', folderId: null, source: 'uploaded', origin: null, width: 4, height: 4, durationSeconds: null, previewStatus: 'ready', contentUrl: '/c', thumbnailUrl: '/t', createdAt: '', updatedAt: '' }], total: 1, page: 1, limit: 60 });
    await settle(fixture);
    document.querySelector<HTMLButtonElement>('[data-testid="media-choice"]')!.click();
    // The dialog hands the file over once it has closed (after its animation).
    for (let i = 0; i < 50 && !element.querySelector('[data-testid="collab-pending"]'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      await fixture.whenStable();
    }
    expect(element.querySelector('[data-testid="collab-pending"]')?.textContent).toContain('diagram.png');
    // A message of attachments only may be sent.
    element.querySelector<HTMLButtonElement>('[data-testid="collab-send"]')!.click();
    await settle(fixture);
    const sent = http.expectOne({ method: 'POST', url: '/api/collaboration/messages' });
    expect(sent.request.body).toEqual({ channelId: 'c1', text: '', attachmentIds: ['f1'] });
    sent.flush(message('m5', '', { senderId: ME, attachments: [] }));
    await settle(fixture);
    expect(element.querySelector('[data-testid="collab-pending"]')).toBeNull();
  });

  it('sends with Enter and shows the coded error of a refusal in the page language', async () => {
    const { fixture, element } = await openChannel('editor');
    const composer = element.querySelector<HTMLTextAreaElement>('[data-testid="collab-composer"]')!;
    composer.value = 'Hi @bob';
    composer.dispatchEvent(new Event('input'));
    composer.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    await fixture.whenStable();
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

  it('counts a live message from someone else as its notification, once, and opening it reads the conversation up to it', async () => {
    const fixture = TestBed.createComponent(CollaborationPage);
    fixture.detectChanges();
    flushLists();
    http.expectOne((r) => r.url === '/api/collaboration/notifications').flush({ items: [], total: 0, page: 1, limit: 20, unread: 0 });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    const toggle = element.querySelector<HTMLButtonElement>('[data-testid="collab-notifications-toggle"]')!;
    expect(toggle.querySelector('.badge')).toBeNull();

    const direct = message('m7', 'Lunch at noon?', { channelId: null, projectId: null, recipientId: ME });
    events['collaboration.message']!.next(direct);
    events['collaboration.message']!.next(direct); // delivered again after a reconnection: counted once
    events['collaboration.message']!.next(message('m8', 'my own words', { senderId: ME, senderName: 'Me' }));
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')?.textContent?.trim()).toBe('1');
    toggle.click();
    await fixture.whenStable();
    const items = () => Array.from(element.querySelectorAll('[data-testid="collab-notification"]'));
    expect(items().map((n) => [n.querySelector('strong')?.textContent?.trim(), n.querySelector('small')?.textContent?.trim()])).toEqual([['Bob wrote', 'Lunch at noon?']]);

    // A mention of the same message replaces it rather than adding a second line.
    events['collaboration.notification']!.next({ notification: notification('n9', { kind: 'mention', messageId: 'm7', excerpt: 'Lunch at noon?' }), unread: 1 });
    await fixture.whenStable();
    expect(items().map((n) => n.querySelector('strong')?.textContent?.trim())).toEqual(['Bob mentioned you']);
    events['collaboration.message']!.next(message('m9', 'And dessert', { channelId: null, projectId: null, recipientId: ME }));
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')?.textContent?.trim()).toBe('2');

    // Opening the one known from its message reads the conversation up to that message.
    (items()[0] as HTMLButtonElement).click();
    http.expectOne({ method: 'POST', url: '/api/collaboration/messages/m9/read' }).flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne((r) => r.url === `/api/collaboration/direct/${BOB}/messages`).flush({ items: [], hasMore: false });
    events['collaboration.notifications_read']!.next({ unread: 0 });
    await fixture.whenStable();
    expect(toggle.querySelector('.badge')).toBeNull();
  });

  it('says a resource shared with a project, and opening it shows the project with its shared items', async () => {
    const fixture = TestBed.createComponent(CollaborationPage);
    fixture.detectChanges();
    flushLists();
    http
      .expectOne((r) => r.url === '/api/collaboration/notifications')
      .flush({ items: [notification('n1', { kind: 'project_share', excerpt: 'Team assets', projectId: 'p1' })], total: 1, page: 1, limit: 20, unread: 1 });
    await fixture.whenStable();
    const element = fixture.nativeElement as HTMLElement;
    element.querySelector<HTMLButtonElement>('[data-testid="collab-notifications-toggle"]')!.click();
    await fixture.whenStable();
    const item = element.querySelector<HTMLButtonElement>('[data-testid="collab-notification"]')!;
    expect(item.querySelector('strong')?.textContent?.trim()).toBe('Bob shared with your project');
    expect(item.querySelector('small')?.textContent?.trim()).toBe('Team assets');
    expect(item.querySelector('mat-icon')?.textContent?.trim()).toBe('group');

    item.click();
    http.expectOne({ method: 'POST', url: '/api/collaboration/notifications/n1/read' }).flush({ unread: 0 });
    http.expectOne('/api/collaboration/projects/p1').flush(project());
    http.expectOne((r) => r.url === '/api/collaboration/channels/c1/messages').flush({ items: [], hasMore: false });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="collab-members"]')).not.toBeNull();
    expect(http.match((r) => r.url === '/api/collaboration/projects/p1/shares').length).toBe(1);
  });
});
