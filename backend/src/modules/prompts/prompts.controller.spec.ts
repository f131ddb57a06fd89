import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PromptInputDto, PromptQueryDto, UsePromptDto } from './dto/prompt.dto';
import { PromptsController } from './prompts.controller';
import { PromptsService } from './prompts.service';
import { CommonErrorCode } from '../../common/error-codes';
import { PromptErrorCode } from './prompts.errors';

describe(PromptsController.name, () => {
  const api = controllerSetup(PromptsController, { mocks: [PromptsService] });
  const prompts = api.mock(PromptsService);
  const prompt = { title: ' Cold email ', body: 'Write to {{name}}', category: 'marketing', tags: ['Sales', 'sales'], visibility: 'shared' };
  const parsed = { ...prompt, title: 'Cold email', tags: ['sales'] };

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'listPrompts',
      query: { q: 'email', favorites: 'true', limit: '5', sort: 'popular' },
      wrong: { page: '0', limit: '101', category: 'gossip', favorites: 'yes', scope: 'everyone', sort: 'random', q: 'x'.repeat(201) },
      calls: [prompts.list, api.user, dto(PromptQueryDto, { q: 'email', favorites: true, page: 1, limit: 5, sort: 'popular' }), 'en'],
    },
    {
      handler: 'createPrompt',
      body: prompt,
      wrong: { title: ' ', body: 42, category: 'gossip', tags: ['no/slash'], visibility: 'public' },
      calls: [prompts.create, api.user, dto(PromptInputDto, parsed)],
    },
    {
      handler: 'updatePrompt',
      body: prompt,
      wrong: { title: 'x'.repeat(121), category: undefined },
      calls: [prompts.update, api.user, ROUTE_PARAM_ID, dto(PromptInputDto, parsed)],
    },
    { handler: 'importPrompts', body: { prompts: [prompt] }, wrong: { prompts: {} }, calls: [prompts.import, api.user, [prompt]] },
    {
      handler: 'usePrompt',
      body: { variables: { name: 'Ada' } },
      wrong: { variables: 'name=Ada' },
      calls: [prompts.use, api.user, ROUTE_PARAM_ID, dto(UsePromptDto, { variables: { name: 'Ada' } }), 'en'],
    },
  ]);

  describe('service errors', () => {
    it.each([
      ['not_found', PromptErrorCode.PROMPT_NOT_FOUND, 404],
      ['forbidden', PromptErrorCode.PROMPT_BUILT_IN, 403],
      ['invalid', PromptErrorCode.MISSING_VARIABLES, 400],
    ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
      prompts.use.mockRejectedValue(domainError(kind, code, 'As the service says'));
      const response = await api.http().post(`/api/prompts/${ROUTE_PARAM_ID}/use`).set(api.auth.user).send({}).expect(status);
      expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
    });

    it('answers an unexpected failure as a plain 500 that tells nothing of it', async () => {
      prompts.delete.mockRejectedValue(new Error('database gone'));
      const response = await api.http().delete(`/api/prompts/${ROUTE_PARAM_ID}`).set(api.auth.user).expect(500);
      expect(response.body).toMatchObject({ statusCode: 500, code: CommonErrorCode.INTERNAL_ERROR });
      expect(JSON.stringify(response.body)).not.toContain('database gone');
    });
  });

  it('answers what the service gives', async () => {
    prompts.categories.mockResolvedValue([{ category: 'marketing', count: 3 }]);
    await api.http().get('/api/prompts/categories').set(api.auth.user).expect(200, [{ category: 'marketing', count: 3 }]);
  });

  it('gives the service the language of Accept-Language, English by default, for the built-ins’ texts', async () => {
    prompts.get.mockResolvedValue({} as never);
    prompts.duplicate.mockResolvedValue({} as never);
    prompts.list.mockResolvedValue({ items: [], total: 0, page: 1, limit: 20 });
    await api.http().get(`/api/prompts/${ROUTE_PARAM_ID}`).set(api.auth.user).set('Accept-Language', 'fr-FR,fr;q=0.9,en;q=0.8').expect(200);
    await api.http().get(`/api/prompts/${ROUTE_PARAM_ID}`).set(api.auth.user).set('Accept-Language', 'de').expect(200);
    await api.http().post(`/api/prompts/${ROUTE_PARAM_ID}/duplicate`).set(api.auth.user).set('Accept-Language', 'fr').expect(201);
    await api.http().get('/api/prompts').set(api.auth.user).set('Accept-Language', 'fr').expect(200);
    expect(prompts.get.mock.calls.map((call) => call[2])).toEqual(['fr', 'en']);
    expect(prompts.duplicate.mock.calls[0]?.[2]).toBe('fr');
    expect(prompts.list.mock.calls[0]?.[2]).toBe('fr');
  });

  it('favourites and unfavourites through one service method', async () => {
    await api.http().post(`/api/prompts/${ROUTE_PARAM_ID}/favorite`).set(api.auth.user).expect(204);
    await api.http().delete(`/api/prompts/${ROUTE_PARAM_ID}/favorite`).set(api.auth.user).expect(204);
    expect(prompts.setFavorite.mock.calls).toEqual([
      [api.user, ROUTE_PARAM_ID, true],
      [api.user, ROUTE_PARAM_ID, false],
    ]);
  });
});
