import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { MAT_DIALOG_DATA } from '@angular/material/dialog';
import { provideApiConfiguration } from '../../api/api-configuration';
import type { ConversationSharesDto } from '../../api/models';
import { ShareDialog } from './share-dialog';

const CONVERSATION = '00000000-0000-4000-8000-000000000001';
const BOB = '00000000-0000-4000-8000-000000000002';
const SHARES = `/api/collaboration/share/${CONVERSATION}`;
const none: ConversationSharesDto = { conversationId: CONVERSATION, shares: [], link: null };
const withBob: ConversationSharesDto = {
  conversationId: CONVERSATION,
  shares: [{ id: 's1', conversationId: CONVERSATION, userId: BOB, projectId: null, name: 'Bob', email: 'bob@example.com', permission: 'continue', createdAt: new Date(0).toISOString() }],
  link: null,
};

describe('ShareDialog', () => {
  let http: HttpTestingController;

  beforeEach(() => {
    localStorage.setItem('webox.language', 'en');
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideApiConfiguration(''), { provide: MAT_DIALOG_DATA, useValue: { conversationId: CONVERSATION } }] });
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => {
    http.verify();
    localStorage.clear();
  });

  async function render(shares: ConversationSharesDto) {
    const fixture = TestBed.createComponent(ShareDialog);
    http.expectOne(SHARES).flush(shares);
    http.expectOne('/api/collaboration/projects').flush([]);
    await fixture.whenStable();
    return { fixture, element: fixture.nativeElement as HTMLElement };
  }

  it('finds a person by e-mail and shares with them, with the chosen permission', async () => {
    const { fixture, element } = await render(none);
    expect(element.textContent).toContain('Not shared with anyone yet.');
    const email = element.querySelector<HTMLInputElement>('[data-testid="share-email"]')!;
    email.value = 'bob@example.com';
    email.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('[data-testid="share-person"]')!.click();
    http.expectOne('/api/collaboration/contacts/lookup?email=bob%40example.com').flush({ id: BOB, name: 'Bob', email: 'bob@example.com' });
    const share = http.expectOne('/api/collaboration/share');
    expect(share.request.method).toBe('POST');
    expect(share.request.body).toEqual({ conversationId: CONVERSATION, userIds: [BOB], permission: 'read' });
    share.flush(withBob);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="share-list"]')?.textContent).toContain('bob@example.com');
    expect(email.value).toBe('');
  });

  it('says in words why sharing was refused', async () => {
    const { fixture, element } = await render(none);
    const email = element.querySelector<HTMLInputElement>('[data-testid="share-email"]')!;
    email.value = 'nobody@example.com';
    email.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    element.querySelector<HTMLButtonElement>('[data-testid="share-person"]')!.click();
    http.expectOne('/api/collaboration/contacts/lookup?email=nobody%40example.com').flush({ statusCode: 400, code: 'SHARE_WITH_SELF', message: 'x' }, { status: 400, statusText: 'Bad Request' });
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="share-error"]')?.textContent?.trim()).toBe('You cannot share a conversation with yourself.');
  });

  it('makes a public link and shows its address once; revoking forgets it', async () => {
    const { fixture, element } = await render(withBob);
    element.querySelector<HTMLButtonElement>('[data-testid="share-link-create"]')!.click();
    const create = http.expectOne(`${SHARES}/link`);
    expect(create.request.body).toEqual({ expiresAt: null });
    create.flush({ token: 'T'.repeat(43), expiresAt: null, createdAt: new Date().toISOString() });
    http.expectOne(SHARES).flush({ ...withBob, link: { expiresAt: null, createdAt: new Date().toISOString() } });
    await fixture.whenStable();
    expect(element.querySelector<HTMLInputElement>('[data-testid="share-link-url"]')?.value).toBe(`${location.origin}/shared/${'T'.repeat(43)}`);

    element.querySelector<HTMLButtonElement>('[data-testid="share-link-revoke"]')!.click();
    const revoke = http.expectOne(`${SHARES}/link`);
    expect(revoke.request.method).toBe('DELETE');
    revoke.flush(null, { status: 204, statusText: 'No Content' });
    http.expectOne(SHARES).flush(withBob);
    await fixture.whenStable();
    expect(element.querySelector('[data-testid="share-link-url"]')).toBeNull();
    expect(element.querySelector('[data-testid="share-link-active"]')).toBeNull();
  });
});
