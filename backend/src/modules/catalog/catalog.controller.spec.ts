import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { PageQueryDto } from '../../common/pagination';
import { CatalogController } from './catalog.controller';
import { CatalogErrorCode } from './catalog.errors';
import { CatalogService } from './catalog.service';
import { CatalogQueryDto, CatalogToolInputDto, ReviewInputDto } from './dto/catalog.dto';

describe(CatalogController.name, () => {
  const api = controllerSetup(CatalogController, { mocks: [CatalogService] });
  const catalog = api.mock(CatalogService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });
  const tool = {
    slug: 'acme-writer',
    name: ' Acme Writer ',
    vendor: 'Acme',
    category: 'text',
    descriptionEn: 'Writes copy.',
    descriptionFr: 'Rédige.',
    website: 'https://acme.example.com',
    pricing: 'usage',
    entryPriceUsd: null,
    publicApi: true,
    webox: { page: 'chat', models: ['openai/gpt-5.4-mini'] },
  };

  describeRouteAccess(api, { admin: ['createCatalogTool', 'updateCatalogTool', 'deleteCatalogTool'] });

  describeValidation(api, [
    {
      handler: 'listCatalogTools',
      query: { search: 'midjorney', category: 'image', integrated: 'true', favorites: 'false', sort: 'rating', limit: '5' },
      wrong: { page: '0', limit: '1000', category: 'astrology', integrated: 'maybe', favorites: 'yes', sort: 'random', search: 'x'.repeat(101) },
      calls: [catalog.list, api.user, dto(CatalogQueryDto, { search: 'midjorney', category: 'image', integrated: true, favorites: false, sort: 'rating', page: 1, limit: 5 }), 'en'],
    },
    {
      handler: 'createCatalogTool',
      as: 'admin',
      body: tool,
      wrong: { slug: 'Not A Slug', name: ' ', category: 'astrology', website: 'javascript:alert(1)', pricing: 'cheap', entryPriceUsd: -1, publicApi: 'yes', webox: 'chat' },
      calls: [catalog.create, api.admin, actor(), dto(CatalogToolInputDto, { ...tool, name: 'Acme Writer' }), 'en'],
    },
    {
      handler: 'reviewCatalogTool',
      body: { rating: 4, text: ' Good ' },
      wrong: { rating: 4.5, text: 'x'.repeat(1001) },
      calls: [catalog.review, api.user, ROUTE_PARAM_ID, dto(ReviewInputDto, { rating: 4, text: 'Good' })],
    },
    {
      handler: 'listCatalogReviews',
      query: { page: '2' },
      wrong: { limit: '0' },
      calls: [catalog.reviewsOf, api.user, ROUTE_PARAM_ID, dto(PageQueryDto, { page: 2, limit: 20 })],
    },
  ]);

  it.each([
    ['not_found', CatalogErrorCode.CATALOG_TOOL_NOT_FOUND, 404],
    ['conflict', CatalogErrorCode.CATALOG_TOOL_BUILT_IN, 409],
    ['invalid', CatalogErrorCode.CATALOG_UNKNOWN_MODEL, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    catalog.update.mockRejectedValue(domainError(kind, code, 'As the service says'));
    const response = await api.http().put(`/api/catalog/tools/${ROUTE_PARAM_ID}`).set(api.auth.admin).send(tool).expect(status);
    expect(response.body).toEqual({ statusCode: status, code, message: 'As the service says' });
  });

  it('gives the service the language of Accept-Language for descriptions', async () => {
    catalog.get.mockResolvedValue({} as never);
    await api.http().get(`/api/catalog/tools/${ROUTE_PARAM_ID}`).set(api.auth.user).set('Accept-Language', 'fr-FR,fr;q=0.9').expect(200);
    expect(catalog.get).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, 'fr');
  });

  it('toggles a favourite and answers the new state', async () => {
    catalog.toggleFavorite.mockResolvedValue({ favorite: true });
    expect((await api.http().post(`/api/catalog/tools/${ROUTE_PARAM_ID}/favorite`).set(api.auth.user).expect(200)).body).toEqual({ favorite: true });
    expect(catalog.toggleFavorite).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID);
  });
});
