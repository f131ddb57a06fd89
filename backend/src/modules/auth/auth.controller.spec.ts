import { ThrottlerModule } from '@nestjs/throttler';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto } from '../../../test/support/controller-setup';
import { authThrottlers } from './auth-throttler.guard';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { LoginDto, RegisterDto, ResetPasswordDto } from './dto/auth.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';
import { AuthErrorCode } from './auth.errors';
import { CommonErrorCode } from '../../common/error-codes';

const RATE_LIMIT = 25;

describe(AuthController.name, () => {
  const api = controllerSetup(AuthController, {
    mocks: [AuthService, UsersService],
    imports: [ThrottlerModule.forRoot(authThrottlers(RATE_LIMIT))],
  });
  const auth = api.mock(AuthService);
  const users = api.mock(UsersService);
  const refreshToken = 'r'.repeat(43);

  describeRouteAccess(api, { public: ['register', 'login', 'refresh', 'logout', 'resetPassword'] });

  describeValidation(api, [
    {
      handler: 'register',
      body: { email: ' Ada@Example.COM ', password: 'correct horse 1', name: ' Ada ' },
      wrong: { email: 'not-an-address', password: 'short1', name: '', unexpected: 'x', setupToken: 'short', invitationToken: 42 },
      calls: [auth.register, dto(RegisterDto, { email: 'ada@example.com', password: 'correct horse 1', name: 'Ada' }), { userAgent: undefined, ip: expect.any(String) }],
    },
    {
      handler: 'login',
      body: { email: 'ada@example.com', password: 'anything' },
      wrong: { email: 42, password: '' },
      calls: [auth.login, dto(LoginDto, { email: 'ada@example.com', password: 'anything' }), { userAgent: undefined, ip: expect.any(String) }],
    },
    { handler: 'refresh', body: { refreshToken }, wrong: { refreshToken: 'short' }, calls: [auth.refresh, refreshToken, expect.any(String)] },
    {
      handler: 'resetPassword',
      body: { token: refreshToken, password: 'brand new 123' },
      wrong: { token: 'short', password: 'weak' },
      calls: [auth.resetPassword, dto(ResetPasswordDto, { token: refreshToken, password: 'brand new 123' }), expect.any(String)],
    },
    { handler: 'logout', body: { refreshToken }, wrong: { refreshToken: 7 }, calls: [auth.logout, refreshToken] },
  ]);

  it('gives the service the caller’s User-Agent and address', async () => {
    await api.http().post('/api/auth/login').set('user-agent', 'Firefox/140').send({ email: 'ada@example.com', password: 'x' }).expect(200);
    expect(auth.login).toHaveBeenCalledWith(expect.any(LoginDto), { userAgent: 'Firefox/140', ip: expect.stringMatching(/127\.0\.0\.1/) });
  });

  it('GET /api/auth/me answers the caller as a DTO, never the password hash', async () => {
    users.getById.mockResolvedValue({ id: api.user.id, email: api.user.email, name: 'Ada', role: 'user', status: 'active', language: 'en', theme: 'system', passwordHash: '$argon2id$secret', createdAt: new Date(0) } as User);
    const response = await api.http().get('/api/auth/me').set(api.auth.user).expect(200);
    expect(users.getById).toHaveBeenCalledWith(api.user.id);
    expect(response.body).toEqual({ id: api.user.id, email: api.user.email, name: 'Ada', role: 'user', status: 'active', language: 'en', theme: 'system', defaultChatModel: null, favoriteModels: [], createdAt: new Date(0).toISOString() });
  });

  it.each([
    ['an expired token', () => api.token(api.user, -10)],
    ['the token of a closed session', () => api.token({ ...api.user, sessionId: '00000000-0000-4000-8000-00000000dead' })],
    ['a token signed with another key', () => `${api.token(api.user).slice(0, -4)}AAAA`],
  ])('GET /api/auth/me refuses %s with 401 UNAUTHENTICATED', async (_what, token) => {
    const response = await api.http().get('/api/auth/me').set('authorization', `Bearer ${token()}`).expect(401);
    expect(response.body).toEqual({ statusCode: 401, code: CommonErrorCode.UNAUTHENTICATED, message: 'A valid access token is required' });
    expect(users.getById).not.toHaveBeenCalled();
  });

  describe('service errors', () => {
    it.each([
      ['login', { email: 'ada@example.com', password: 'wrong' }, 'unauthenticated', AuthErrorCode.INVALID_CREDENTIALS, 401],
      ['register', { email: 'ada@example.com', password: 'correct horse 1', name: 'Ada' }, 'conflict', AuthErrorCode.EMAIL_TAKEN, 409],
      ['refresh', { refreshToken }, 'unauthenticated', AuthErrorCode.REFRESH_TOKEN_REUSED, 401],
      ['login', { email: 'ada@example.com', password: 'right' }, 'forbidden', AuthErrorCode.ACCOUNT_PENDING, 403],
      ['register', { email: 'ada@example.com', password: 'correct horse 1', name: 'Ada', invitationToken: refreshToken }, 'gone', AuthErrorCode.INVITATION_USED, 410],
    ] as const)('%s: %s %s answers %i', async (handler, body, kind, code, status) => {
      auth[handler].mockRejectedValue(domainError(kind, code, 'As the service says'));
      const response = await api.http().post(`/api/auth/${handler}`).send(body).expect(status);
      expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
    });
  });

  it('rate-limits login per address, answering 429 RATE_LIMITED with Retry-After', async () => {
    let last = await api.http().post('/api/auth/login').send({ email: 'ada@example.com', password: 'x' });
    for (let attempt = 0; attempt < RATE_LIMIT && last.status !== 429; attempt++) last = await api.http().post('/api/auth/login').send({ email: 'ada@example.com', password: 'x' });
    expect(last.status).toBe(429);
    expect(last.body).toMatchObject({ statusCode: 429, code: CommonErrorCode.RATE_LIMITED });
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
  });
});
