import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../../test/support/controller-setup';
import { AdminEndpointsController } from './admin-endpoints.controller';
import { CreateEndpointDto, UpdateEndpointDto } from './admin-endpoints.dto';
import { AdminEndpointsErrorCode } from './admin-endpoints.errors';
import { AdminEndpointsService } from './admin-endpoints.service';

describe(AdminEndpointsController.name, () => {
  const api = controllerSetup(AdminEndpointsController, { mocks: [AdminEndpointsService] });
  const endpoints = api.mock(AdminEndpointsService);
  const actor = () => ({ id: api.admin.id, email: api.admin.email, ip: expect.any(String) });
  const endpoint = {
    name: 'Ollama',
    slug: 'ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    apiKey: 'ollama',
    models: [{ vendorModel: 'llama3.2', name: 'Llama 3.2', contextTokens: 128000, vision: false, inputPricePerMTok: 0, outputPricePerMTok: 0 }],
    skipCheck: false,
  };

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'createAdminEndpoint',
      as: 'admin',
      body: endpoint,
      wrong: { name: '', slug: 'Not A Slug', baseUrl: 'file:///etc/passwd', apiKey: 42, models: [], skipCheck: 'yes' },
      calls: [endpoints.create, actor(), dto(CreateEndpointDto, endpoint)],
    },
    {
      handler: 'updateAdminEndpoint',
      as: 'admin',
      body: { name: 'Lab', apiKey: null, skipCheck: true },
      wrong: { name: '', baseUrl: 'gopher://x', models: 'all', skipCheck: 1 },
      calls: [endpoints.update, actor(), ROUTE_PARAM_ID, dto(UpdateEndpointDto, { name: 'Lab', apiKey: null, skipCheck: true })],
    },
  ]);

  it('answers 400 naming a model row’s field', async () => {
    const response = await api
      .http()
      .post('/api/admin/endpoints')
      .set(api.auth.admin)
      .send({ ...endpoint, models: [{ vendorModel: 'ok', name: 'Ok', inputPricePerMTok: -1, contextTokens: 0 }] })
      .expect(400);
    expect(response.body.details.map((detail: { field: string }) => detail.field).sort()).toEqual(['models.0.contextTokens', 'models.0.inputPricePerMTok']);
    expect(endpoints.create).not.toHaveBeenCalled();
  });

  it('answers 10 000 model rows with a 400 naming models, in well under a second', async () => {
    for (const [method, path] of [
      ['post', '/api/admin/endpoints'],
      ['patch', `/api/admin/endpoints/${ROUTE_PARAM_ID}`],
    ] as const) {
      const started = Date.now();
      const response = await api.http()[method](path).set(api.auth.admin).send({ ...endpoint, models: Array.from({ length: 10_000 }, () => ({})) }).expect(400);
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(response.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'models', constraint: 'arrayMaxSize' })]));
    }
    expect(api.serviceCalls()).toEqual([]);
  });

  it.each([
    ['not_found', AdminEndpointsErrorCode.ENDPOINT_NOT_FOUND, 404],
    ['conflict', AdminEndpointsErrorCode.ENDPOINT_SLUG_TAKEN, 409],
    ['invalid', AdminEndpointsErrorCode.ENDPOINT_KEY_REJECTED, 400],
    ['invalid', AdminEndpointsErrorCode.ENDPOINT_UNREACHABLE, 400],
    ['invalid', AdminEndpointsErrorCode.ENDPOINT_URL_BLOCKED, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    endpoints.create.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post('/api/admin/endpoints').set(api.auth.admin).send(endpoint).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });
});
