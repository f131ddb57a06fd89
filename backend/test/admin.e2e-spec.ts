import { io, Socket } from 'socket.io-client';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Issue 26, items 1, 2 and 7: the first admin's setup token, the sign-up policies, invitations,
 * the admin's hold on accounts (roles, approval, disabling, reset links) and the audit trail.
 */

const PASSWORD = 'correct horse 42';
let counter = 0;
const email = (tag: string) => `${tag}-${++counter}-${Date.now().toString(36)}@example.com`;
const register = (app: TestApp, body: Record<string, string>) => app.http().post('/api/auth/register').send({ password: PASSWORD, name: 'New Person', ...body });
const login = (app: TestApp, address: string, password = PASSWORD) => app.http().post('/api/auth/login').send({ email: address, password });

describe('the first administrator', () => {
  let app: TestApp;
  const logs: string[] = [];

  beforeAll(async () => {
    // No WEBOX_SETUP_TOKEN: the server makes one and prints it.
    app = await startTestApp({ WEBOX_SETUP_TOKEN: '', WEBOX_REGISTRATION: '' }, undefined, { write: (line: string) => void logs.push(line) });
  });
  afterAll(() => app.close());

  const printedToken = () => {
    const line = logs.find((entry) => entry.includes('/register?setup='));
    const token = /setup=([A-Za-z0-9_-]+)/.exec(line ?? '')?.[1];
    if (!token) throw new Error('no setup token in the log');
    return token;
  };

  it('is claimed only with the setup token printed in the log, once', async () => {
    const early = await register(app, { email: email('early') }).expect(201);
    expect(early.body.user).toMatchObject({ role: 'user', status: 'active' });

    const wrong = await register(app, { email: email('guess'), setupToken: 'not-the-token-at-all-123' }).expect(403);
    expect(wrong.body).toMatchObject({ code: 'INVALID_SETUP_TOKEN', details: [{ field: 'setupToken' }] });

    const admin = await register(app, { email: email('owner'), setupToken: printedToken() }).expect(201);
    expect(admin.body.user).toMatchObject({ role: 'admin', status: 'active' });

    const again = await register(app, { email: email('late'), setupToken: printedToken() }).expect(410);
    expect(again.body.code).toBe('SETUP_TOKEN_USED');

    // With an admin and no WEBOX_REGISTRATION, new accounts wait for approval.
    const registration = await app.http().get('/api/admin/registration').set('Authorization', `Bearer ${admin.body.accessToken}`).expect(200);
    expect(registration.body).toEqual({ policy: 'approval', source: 'default' });
    const audit = await app.http().get('/api/admin/audit').query({ action: 'auth.admin_claimed' }).set('Authorization', `Bearer ${admin.body.accessToken}`).expect(200);
    expect(audit.body.items).toEqual([expect.objectContaining({ actorEmail: admin.body.user.email, ip: expect.any(String) })]);
  });
});

describe('WEBOX_ADMIN_EMAIL', () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ WEBOX_ADMIN_EMAIL: 'Boss@Example.com' });
  });
  afterAll(() => app.close());

  it('does not make a stranger who registers the address admin without the setup token', async () => {
    const stranger = await register(app, { email: 'boss@example.com' }).expect(201);
    expect(stranger.body.user.role).toBe('user');
  });

  it('accepts the setup token only for that address', async () => {
    const response = await register(app, { email: email('other'), setupToken: app.config.setupToken! }).expect(403);
    expect(response.body.code).toBe('INVALID_SETUP_TOKEN');
    expect(response.body.message).toContain('WEBOX_ADMIN_EMAIL');
  });
});

describe('administration', () => {
  let app: TestApp;
  let admin: TestUser;
  const as = (user: { accessToken: string }) => ({ Authorization: `Bearer ${user.accessToken}` });
  const setPolicy = (policy: string) => app.http().put('/api/admin/registration').set(admin.auth).send({ policy }).expect(200);

  beforeAll(async () => {
    app = await startTestApp();
    admin = await registerUser(app, 'Admin');
  });
  afterAll(() => app.close());
  afterEach(() => setPolicy('open'));

  describe('sign-up policies', () => {
    it('approval: the account waits, its logins answer 403 saying an admin must approve, until one does', async () => {
      await setPolicy('approval');
      const address = email('pending');
      const created = await register(app, { email: address }).expect(403);
      expect(created.body).toMatchObject({ code: 'ACCOUNT_PENDING', message: expect.stringContaining('administrator') });
      const refused = await login(app, address).expect(403);
      expect(refused.body).toMatchObject({ code: 'ACCOUNT_PENDING', message: expect.stringContaining('administrator to approve') });

      const pending = await app.http().get('/api/admin/users').query({ status: 'pending' }).set(admin.auth).expect(200);
      const row = pending.body.items.find((u: { email: string }) => u.email === address);
      expect(row).toMatchObject({ status: 'pending', role: 'user' });
      const approved = await app.http().post(`/api/admin/users/${row.id}/approve`).set(admin.auth).expect(200);
      expect(approved.body.status).toBe('active');
      await login(app, address).expect(200);
      const twice = await app.http().post(`/api/admin/users/${row.id}/approve`).set(admin.auth).expect(409);
      expect(twice.body.code).toBe('USER_STATE_CONFLICT');

      const audit = await app.http().get('/api/admin/audit').query({ q: address }).set(admin.auth).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['admin.user_approved', 'auth.pending_account_attempt', 'auth.sign_up']);
    });

    it('invite: sign-up needs a single-use, expiring invitation; a used or expired one answers 410', async () => {
      await setPolicy('invite');
      const refused = await register(app, { email: email('uninvited') }).expect(403);
      expect(refused.body.code).toBe('REGISTRATION_INVITE_ONLY');

      const invitation = await app.http().post('/api/admin/invitations').set(admin.auth).send({ role: 'editor' }).expect(201);
      expect(invitation.body).toMatchObject({ state: 'open', role: 'editor', path: `/register?invitation=${invitation.body.token}` });
      const guest = await register(app, { email: email('guest'), invitationToken: invitation.body.token }).expect(201);
      expect(guest.body.user).toMatchObject({ role: 'editor', status: 'active' });
      const reused = await register(app, { email: email('second-guest'), invitationToken: invitation.body.token }).expect(410);
      expect(reused.body.code).toBe('INVITATION_USED');

      const old = await app.http().post('/api/admin/invitations').set(admin.auth).send({ email: 'late@example.com', expiresInDays: 1 }).expect(201);
      await app.dataSource.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [old.body.id]);
      const expired = await register(app, { email: 'late@example.com', invitationToken: old.body.token }).expect(410);
      expect(expired.body.code).toBe('INVITATION_EXPIRED');

      const list = await app.http().get('/api/admin/invitations').set(admin.auth).expect(200);
      expect(list.body.items.map((i: { state: string }) => i.state)).toEqual(['expired', 'used']);
      expect(list.body.items[0]).not.toHaveProperty('token');
    });

    it("revoke: an open invitation's link answers 410 from then on; unknown 404, used 410; audited", async () => {
      await setPolicy('invite');
      const invitation = await app.http().post('/api/admin/invitations').set(admin.auth).send({ email: 'revoked@example.com' }).expect(201);
      const revoked = await app.http().post(`/api/admin/invitations/${invitation.body.id}/revoke`).set(admin.auth).expect(200);
      expect(revoked.body).toMatchObject({ id: invitation.body.id, state: 'revoked', revokedAt: expect.any(String), usedAt: null });
      expect(revoked.body).not.toHaveProperty('token');
      const refused = await register(app, { email: 'revoked@example.com', invitationToken: invitation.body.token }).expect(410);
      expect(refused.body).toMatchObject({ statusCode: 410, code: 'INVITATION_REVOKED', message: expect.stringContaining('revoked') });
      // Again: nothing changes, still revoked.
      const again = await app.http().post(`/api/admin/invitations/${invitation.body.id}/revoke`).set(admin.auth).expect(200);
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);

      const unknown = await app.http().post('/api/admin/invitations/00000000-0000-4000-8000-000000000404/revoke').set(admin.auth).expect(404);
      expect(unknown.body.code).toBe('INVITATION_NOT_FOUND');
      const used = await app.http().post('/api/admin/invitations').set(admin.auth).send({}).expect(201);
      const spent = await register(app, { email: email('spent'), invitationToken: used.body.token }).expect(201);
      const late = await app.http().post(`/api/admin/invitations/${used.body.id}/revoke`).set(admin.auth).expect(410);
      expect(late.body.code).toBe('INVITATION_USED');

      await app.http().post(`/api/admin/invitations/${used.body.id}/revoke`).set(as(spent.body)).expect(403);
      await app.http().post(`/api/admin/invitations/${used.body.id}/revoke`).expect(401);

      const audit = await app.http().get('/api/admin/audit').query({ action: 'admin.invitation_revoked' }).set(admin.auth).expect(200);
      expect(audit.body.items).toHaveLength(2);
      expect(audit.body.items[0]).toMatchObject({ actorEmail: admin.email, details: { invitationId: invitation.body.id, email: 'revoked@example.com' } });
    });

    it('closed: nobody signs up; the setting wins over WEBOX_REGISTRATION and says so', async () => {
      const before = await app.http().get('/api/admin/registration').set(admin.auth).expect(200);
      const closed = await setPolicy('closed');
      expect(closed.body).toEqual({ policy: 'closed', source: 'setting' });
      expect(before.body.policy).toBe('open');
      const refused = await register(app, { email: email('closed') }).expect(403);
      expect(refused.body.code).toBe('REGISTRATION_CLOSED');
    });

    it('answers 400 naming the field for a policy that does not exist and an invitation of a bad length', async () => {
      const policy = await app.http().put('/api/admin/registration').set(admin.auth).send({ policy: 'everyone' }).expect(400);
      expect(policy.body.details.map((d: { field: string }) => d.field)).toEqual(['policy']);
      const days = await app.http().post('/api/admin/invitations').set(admin.auth).send({ expiresInDays: 90 }).expect(400);
      expect(days.body.details.map((d: { field: string }) => d.field)).toEqual(['expiresInDays']);
    });
  });

  describe('users', () => {
    it('lists and searches accounts with their usage and storage', async () => {
      const user = await registerUser(app, 'Searchable Sam');
      const list = await app.http().get('/api/admin/users').query({ q: 'searchable', limit: 5 }).set(admin.auth).expect(200);
      expect(list.body).toMatchObject({ total: 1, page: 1, limit: 5 });
      expect(list.body.items[0]).toMatchObject({ id: user.id, status: 'active', usage: { calls: 0, tokens: 0, cost: 0 }, storageBytes: 0 });
      expect(list.body.items[0]).not.toHaveProperty('passwordHash');
      const wrong = await app.http().get('/api/admin/users').query({ status: 'sleeping' }).set(admin.auth).expect(400);
      expect(wrong.body.details.map((d: { field: string }) => d.field)).toEqual(['status']);
    });

    it('changes a role, seen on the next request; the last admin cannot be demoted or disabled (409)', async () => {
      const user = await registerUser(app);
      await app.http().get('/api/auth/me').set(user.auth).expect(200);
      const editor = await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'editor' }).expect(200);
      expect(editor.body.role).toBe('editor');
      expect((await app.http().get('/api/auth/me').set(user.auth).expect(200)).body.role).toBe('editor');
      const bad = await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'owner' }).expect(400);
      expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['role']);

      const demote = await app.http().put(`/api/admin/users/${admin.id}/role`).set(admin.auth).send({ role: 'user' }).expect(409);
      expect(demote.body.code).toBe('LAST_ADMIN');
      const disable = await app.http().post(`/api/admin/users/${admin.id}/disable`).set(admin.auth).expect(409);
      expect(disable.body.code).toBe('LAST_ADMIN');

      // With a second admin, the first may step down; the new admin's rights show at once.
      await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'admin' }).expect(200);
      await app.http().get('/api/admin/users').set(user.auth).expect(200);
      await app.http().put(`/api/admin/users/${user.id}/role`).set(admin.auth).send({ role: 'user' }).expect(200);
      await app.http().get('/api/admin/users').set(user.auth).expect(403);
    });

    it('answers 404 for an account that does not exist', async () => {
      const response = await app.http().post('/api/admin/users/00000000-0000-4000-8000-000000000000/disable').set(admin.auth).expect(404);
      expect(response.body.code).toBe('USER_NOT_FOUND');
    });

    it("disabling cuts the access token, refresh token, personal token and socket at once; re-enabling lets the user sign in again", async () => {
      const user = await registerUser(app);
      const pat = (await app.http().post('/api/profile/tokens').set(user.auth).send({ name: 'script' }).expect(201)).body as { token: string };
      await app.http().get('/v1/models').set('Authorization', `Bearer ${pat.token}`).expect(200); // cached from now on
      await app.http().get('/api/auth/me').set(user.auth).expect(200);
      const socket: Socket = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
      let closed = false;
      socket.on('disconnect', () => (closed = true));
      await new Promise<void>((resolve, reject) => socket.on('connect', resolve).on('connect_error', reject));
      try {
        const disabled = await app.http().post(`/api/admin/users/${user.id}/disable`).set(admin.auth).expect(200);
        expect(disabled.body.status).toBe('disabled');

        await app.http().get('/api/auth/me').set(user.auth).expect(401);
        await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
        await app.http().get('/v1/models').set('Authorization', `Bearer ${pat.token}`).expect(401);
        for (let i = 0; i < 100 && !closed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(closed).toBe(true);
        const refused = await login(app, user.email).expect(403);
        expect(refused.body.code).toBe('ACCOUNT_DISABLED');
        const again = io(app.url, { path: '/socket.io', auth: { token: user.accessToken }, transports: ['websocket'], reconnection: false });
        await expect(new Promise<void>((resolve, reject) => again.on('connect', () => resolve()).on('connect_error', reject))).rejects.toThrow('unauthenticated');
        again.disconnect();

        await app.http().post(`/api/admin/users/${user.id}/enable`).set(admin.auth).expect(200);
        const back = await login(app, user.email).expect(200);
        await app.http().get('/api/auth/me').set(as(back.body)).expect(200);
        // The personal token stays revoked.
        await app.http().get('/v1/models').set('Authorization', `Bearer ${pat.token}`).expect(401);

        const audit = await app.http().get('/api/admin/audit').query({ userId: user.id }).set(admin.auth).expect(200);
        expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(
          expect.arrayContaining(['admin.user_disabled', 'admin.user_enabled', 'auth.disabled_account_attempt']),
        );
      } finally {
        socket.disconnect();
      }
    });

    it('resets a password through a one-time link; a used link answers 410', async () => {
      const user = await registerUser(app);
      const link = await app.http().post(`/api/admin/users/${user.id}/password-reset`).set(admin.auth).expect(201);
      expect(link.body.path).toBe(`/reset-password?token=${link.body.token}`);
      await app.http().post('/api/auth/password-reset').send({ token: link.body.token, password: 'a brand new 99' }).expect(204);
      await app.http().get('/api/auth/me').set(user.auth).expect(401);
      await login(app, user.email).expect(401);
      await login(app, user.email, 'a brand new 99').expect(200);
      const used = await app.http().post('/api/auth/password-reset').send({ token: link.body.token, password: 'another one 100' }).expect(410);
      expect(used.body.code).toBe('PASSWORD_RESET_GONE');
      const weak = await app.http().post('/api/auth/password-reset').send({ token: link.body.token, password: 'weak' }).expect(400);
      expect(weak.body.details.map((d: { field: string }) => d.field)).toEqual(['password']);
    });
  });

  describe('audit trail', () => {
    it('records failed logins and refresh-token reuse with the address they came from', async () => {
      const user = await registerUser(app);
      await login(app, user.email, 'wrong password 0').set('X-Forwarded-For', '203.0.113.9').expect(401);
      await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(200);
      await app.http().post('/api/auth/refresh').send({ refreshToken: user.refreshToken }).expect(401);
      const audit = await app.http().get('/api/admin/audit').query({ q: user.email }).set(admin.auth).expect(200);
      const actions = audit.body.items.map((e: { action: string }) => e.action);
      expect(actions).toEqual(['auth.refresh_token_reused', 'auth.login_failed', 'auth.sign_up']);
      const failed = audit.body.items[1];
      expect(failed).toMatchObject({ targetId: user.id, targetEmail: user.email, ip: expect.stringMatching(/127\.0\.0\.1/), details: { reason: 'wrong_password' } });
    });

    it('is append-only: no route changes it, and the database refuses to', async () => {
      const [event] = (await app.http().get('/api/admin/audit').query({ limit: 1 }).set(admin.auth).expect(200)).body.items;
      await app.http().delete(`/api/admin/audit/${event.id}`).set(admin.auth).expect(404);
      await app.http().put(`/api/admin/audit/${event.id}`).set(admin.auth).send({ action: 'x' }).expect(404);
      await expect(app.dataSource.query(`DELETE FROM audit_events WHERE id = $1`, [event.id])).rejects.toThrow('append-only');
      await expect(app.dataSource.query(`UPDATE audit_events SET ip = NULL WHERE id = $1`, [event.id])).rejects.toThrow('append-only');
    });

    it('is searchable by action and paginated; 400 naming the field for an unknown action', async () => {
      const page = await app.http().get('/api/admin/audit').query({ action: 'auth.sign_up', limit: 2, page: 1 }).set(admin.auth).expect(200);
      expect(page.body.items).toHaveLength(2);
      expect(page.body.total).toBeGreaterThan(2);
      expect(new Set(page.body.items.map((e: { action: string }) => e.action))).toEqual(new Set(['auth.sign_up']));
      const wrong = await app.http().get('/api/admin/audit').query({ action: 'auth.everything' }).set(admin.auth).expect(400);
      expect(wrong.body.details.map((d: { field: string }) => d.field)).toEqual(['action']);
    });

    it('records the shared MCP servers an admin adds, changes and deletes (never a token)', async () => {
      const created = await app.http().post('/api/admin/mcp-servers').set(admin.auth).send({ name: 'Audited', url: 'http://127.0.0.1:9/mcp', token: 'mcp-secret-token', allowlisted: true, enabled: false }).expect(201);
      await app.http().patch(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).send({ name: 'Audited again', token: 'mcp-other-secret' }).expect(200);
      await app.http().delete(`/api/admin/mcp-servers/${created.body.id}`).set(admin.auth).expect(204);
      const audit = await app.http().get('/api/admin/audit').query({ q: 'admin.mcp_server' }).set(admin.auth).expect(200);
      expect(audit.body.items.map((e: { action: string }) => e.action)).toEqual(['admin.mcp_server_deleted', 'admin.mcp_server_updated', 'admin.mcp_server_created']);
      expect(audit.body.items[1]).toMatchObject({ actorEmail: admin.email, details: { serverId: created.body.id, name: 'Audited again', fields: 'name, token' } });
      expect(JSON.stringify(audit.body)).not.toContain('secret');
    });

    it('answers 403 to a user and 401 without a token', async () => {
      const user = await registerUser(app);
      await app.http().get('/api/admin/audit').set(user.auth).expect(403);
      await app.http().get('/api/admin/audit').expect(401);
    });
  });
});
