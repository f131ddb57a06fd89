import { controllerSetup, describeRouteAccess, describeValidation, domainError } from '../../../test/support/controller-setup';
import { DocumentationController } from './documentation.controller';
import { DocumentationErrorCode } from './documentation.errors';
import { DocumentationService } from './documentation.service';

describe(DocumentationController.name, () => {
  const api = controllerSetup(DocumentationController, { mocks: [DocumentationService] });
  const documentation = api.mock(DocumentationService);

  describeRouteAccess(api, { public: ['getDocumentationTree', 'searchDocumentation', 'getApiReference', 'getDocumentationPage'], namedParams: ['getDocumentationPage'] });

  describeValidation(api, [
    {
      handler: 'searchDocumentation',
      query: { q: ' setup token ', lang: 'fr' },
      wrong: { q: 'x'.repeat(101), lang: 'de' },
      calls: [documentation.search, 'setup token', 'fr'],
    },
    {
      handler: 'getDocumentationTree',
      query: { lang: 'en' },
      wrong: { lang: 'english' },
      calls: [documentation.tree, 'en'],
    },
  ]);

  it('answers without a session, in the language of lang, else of Accept-Language', async () => {
    documentation.page.mockReturnValue({ slug: 'chat' } as never);
    await api.http().get('/api/documentation/chat').set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(documentation.page).toHaveBeenLastCalledWith('chat', 'fr');
    await api.http().get('/api/documentation/chat?lang=en').set('Accept-Language', 'fr').expect(200);
    expect(documentation.page).toHaveBeenLastCalledWith('chat', 'en');
  });

  it('routes search and api before a slug', async () => {
    documentation.apiReference.mockReturnValue({ groups: [] } as never);
    await api.http().get('/api/documentation/api').expect(200);
    expect(documentation.apiReference).toHaveBeenCalled();
    expect(documentation.page).not.toHaveBeenCalledWith('api', expect.anything());
    await api.http().get('/api/documentation/search').expect(400);
  });

  it('answers 404 DOCUMENTATION_PAGE_NOT_FOUND for an unknown slug', async () => {
    documentation.page.mockImplementation(() => {
      throw domainError('not_found', DocumentationErrorCode.DOCUMENTATION_PAGE_NOT_FOUND, 'Guide "nope" not found');
    });
    const response = await api.http().get('/api/documentation/nope').expect(404);
    expect(response.body).toEqual({ statusCode: 404, code: 'DOCUMENTATION_PAGE_NOT_FOUND', message: 'Guide "nope" not found' });
  });
});
