import { AiErrorCode } from '../../ai/ai.errors';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, namedFields, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { AccessTokensService } from './access-tokens.service';
import { ProfileExportService } from './profile-export.service';
import { ChangePasswordDto, CreateAccessTokenDto, CreateOwnApiKeyDto, UpdateProfileDto } from './dto/profile.dto';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { AuthErrorCode } from '../auth/auth.errors';
import { ProfileErrorCode } from './profile.errors';

describe(ProfileController.name, () => {
  const api = controllerSetup(ProfileController, { mocks: [ProfileService, AccessTokensService, ProfileExportService] });
  const exports = api.mock(ProfileExportService);
  const profile = api.mock(ProfileService);
  const tokens = api.mock(AccessTokensService);

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'updateProfile',
      body: { name: ' Ada ', language: 'fr', theme: 'dark', defaultChatModel: 'anthropic/claude-haiku-4-5', favoriteModels: ['local/webox-mini'] },
      wrong: { name: '', language: 'de', theme: 'sepia', defaultChatModel: 42, favoriteModels: ['a', 'a'] },
      calls: [profile.update, api.user, dto(UpdateProfileDto, { name: 'Ada', language: 'fr', theme: 'dark', defaultChatModel: 'anthropic/claude-haiku-4-5', favoriteModels: ['local/webox-mini'] })],
    },
    {
      handler: 'changePassword',
      body: { currentPassword: 'old one', newPassword: 'new password 2' },
      wrong: { currentPassword: '', newPassword: 'lettersonly' },
      calls: [profile.changePassword, api.user, dto(ChangePasswordDto, { currentPassword: 'old one', newPassword: 'new password 2' })],
    },
    { handler: 'listApiKeys', query: { page: '2' }, wrong: { page: 'two', limit: '0' }, calls: [profile.listApiKeys, api.user, dto(PageQueryDto, { page: 2, limit: 20 })] },
    {
      handler: 'createApiKey',
      body: { provider: 'openai-compatible', key: ' sk-local-123456 ', baseUrl: 'http://localhost:11434/v1', saveIfFailing: true },
      wrong: { provider: 'skynet', key: 'short', baseUrl: 'ftp://example.com', saveIfFailing: 'please' },
      calls: [profile.createApiKey, api.user, dto(CreateOwnApiKeyDto, { provider: 'openai-compatible', key: 'sk-local-123456', baseUrl: 'http://localhost:11434/v1', saveIfFailing: true })],
    },
    { handler: 'listAccessTokens', query: { limit: '100' }, wrong: { limit: '500' }, calls: [tokens.list, api.user, dto(PageQueryDto, { page: 1, limit: 100 })] },
    {
      handler: 'createAccessToken',
      body: { name: 'n8n', expiresInDays: 30 },
      wrong: { name: '', expiresInDays: 0 },
      calls: [tokens.create, api.user, dto(CreateAccessTokenDto, { name: 'n8n', expiresInDays: 30 })],
    },
  ]);

  it('requires a base URL for an OpenAI-compatible key only', async () => {
    const refused = await api.http().post('/api/profile/api-keys').set(api.auth.user).send({ provider: 'openai-compatible', key: 'sk-local-123456' }).expect(400);
    expect(namedFields(refused.body)).toEqual(['baseUrl']);
    await api.http().post('/api/profile/api-keys').set(api.auth.user).send({ provider: 'openai', key: 'sk-test-123456' }).expect(201);
  });

  it('checks a stored key again', async () => {
    profile.checkApiKey.mockResolvedValue({ id: ROUTE_PARAM_ID, provider: 'openai', label: 'openai', maskedKey: 'sk-…3456', status: 'ok', createdAt: new Date(0), allowed: true });
    const response = await api.http().post(`/api/profile/api-keys/${ROUTE_PARAM_ID}/check`).set(api.auth.user).expect(200);
    expect(response.body).toMatchObject({ status: 'ok' });
    expect(profile.checkApiKey).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });

  describe('service errors', () => {
    it('a key that fails verification answers 400 naming why, with the key field', async () => {
      profile.createApiKey.mockRejectedValue(domainError('invalid', AiErrorCode.API_KEY_REJECTED, 'The key was not saved', [{ field: 'key', message: 'OpenAI refused the API key (401)' }]));
      const response = await api.http().post('/api/profile/api-keys').set(api.auth.user).send({ provider: 'openai', key: 'sk-test-123456' }).expect(400);
      expect(response.body).toMatchObject({ code: AiErrorCode.API_KEY_REJECTED, details: [{ field: 'key', message: 'OpenAI refused the API key (401)' }] });
    });

    it('checking another user’s key answers 404', async () => {
      profile.checkApiKey.mockRejectedValue(domainError('not_found', AiErrorCode.API_KEY_NOT_FOUND));
      await api.http().post(`/api/profile/api-keys/${ROUTE_PARAM_ID}/check`).set(api.auth.user).expect(404);
    });

    it('a wrong current password answers 400 WRONG_PASSWORD naming the field', async () => {
      profile.changePassword.mockRejectedValue(domainError('invalid', AuthErrorCode.WRONG_PASSWORD, 'The current password is wrong', [{ field: 'currentPassword', message: 'wrong' }]));
      const response = await api.http().post('/api/profile/password').set(api.auth.user).send({ currentPassword: 'nope', newPassword: 'new password 2' }).expect(400);
      expect(response.body).toEqual({ statusCode: 400, code: AuthErrorCode.WRONG_PASSWORD, message: 'The current password is wrong', details: [{ field: 'currentPassword', message: 'wrong' }] });
    });

    it.each([
      ['deleteApiKey', 'api-keys', profile.deleteApiKey, AiErrorCode.API_KEY_NOT_FOUND],
      ['revokeAccessToken', 'tokens', tokens.revoke, ProfileErrorCode.ACCESS_TOKEN_NOT_FOUND],
    ])('%s: another user’s id answers 404', async (_handler, path, method, code) => {
      (method as jest.Mock).mockRejectedValue(domainError('not_found', code));
      const response = await api.http().delete(`/api/profile/${path}/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(404);
      expect(response.body).toMatchObject({ statusCode: 404, code });
      expect(method).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
    });
  });

  it('sends my export as a ZIP attachment', async () => {
    exports.export.mockResolvedValue({ filename: 'webox-export-2026-12-07.zip', body: Buffer.from('PK\x03\x04zip') });
    const response = await api.http().get('/api/profile/export').set(api.auth.user).buffer(true).expect(200);
    expect(response.headers['content-type']).toBe('application/zip');
    expect(response.headers['content-disposition']).toBe('attachment; filename="webox-export-2026-12-07.zip"');
    expect(exports.export).toHaveBeenCalledWith(api.user);
  });
});
