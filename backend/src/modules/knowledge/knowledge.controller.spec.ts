import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { ProviderError } from '../../ai/provider-error';
import { PageQueryDto } from '../../common/pagination';
import { AddKnowledgeFilesDto, CreateKnowledgeCollectionDto, UpdateKnowledgeCollectionDto } from './dto/knowledge.dto';
import { KnowledgeController } from './knowledge.controller';
import { KnowledgeService } from './knowledge.service';
import { AiErrorCode } from '../../ai/ai.errors';
import { KnowledgeErrorCode } from './knowledge.errors';

describe(KnowledgeController.name, () => {
  const api = controllerSetup(KnowledgeController, { mocks: [KnowledgeService] });
  const knowledge = api.mock(KnowledgeService);
  const FILE = '00000000-0000-4000-8000-0000000f11e0';

  describeRouteAccess(api);

  describeValidation(api, [
    { handler: 'listKnowledgeCollections', query: { page: '2', limit: '5' }, wrong: { page: 'x' }, calls: [knowledge.listCollections, api.user, dto(PageQueryDto, { page: 2, limit: 5 })] },
    {
      handler: 'createKnowledgeCollection',
      body: { name: ' Notes ', description: 'Mine', embeddingModel: 'openai/text-embedding-3-small' },
      wrong: { name: '', description: 'x'.repeat(1001), embeddingModel: 5 },
      calls: [knowledge.createCollection, api.user, dto(CreateKnowledgeCollectionDto, { name: 'Notes', description: 'Mine', embeddingModel: 'openai/text-embedding-3-small' })],
    },
    {
      handler: 'updateKnowledgeCollection',
      body: { embeddingModel: null },
      wrong: { name: ' ', embeddingModel: 'x'.repeat(141) },
      calls: [knowledge.updateCollection, api.user, ROUTE_PARAM_ID, dto(UpdateKnowledgeCollectionDto, { embeddingModel: null })],
    },
    {
      handler: 'addKnowledgeFiles',
      body: { mediaFileIds: [FILE] },
      wrong: { mediaFileIds: [] },
      calls: [knowledge.addFiles, api.user, ROUTE_PARAM_ID, dto(AddKnowledgeFilesDto, { mediaFileIds: [FILE] })],
    },
    { handler: 'reindexKnowledgeCollection', query: { all: 'true' }, wrong: { all: '1' }, calls: [knowledge.reindex, api.user, ROUTE_PARAM_ID, true] },
    {
      handler: 'searchKnowledge',
      body: { query: ' budget 2026 ', collectionIds: [ROUTE_PARAM_ID], limit: 5, mode: 'hybrid' },
      wrong: { query: '', collectionIds: ['nope'], limit: 51, mode: 'semantic' },
      calls: [knowledge.search, api.user, 'budget 2026', { collectionIds: [ROUTE_PARAM_ID], limit: 5, mode: 'hybrid' }],
    },
  ]);

  it('reindexes only what changed unless ?all=true', async () => {
    await api.http().post(`/api/knowledge/collections/${ROUTE_PARAM_ID}/reindex`).set(api.auth.user).expect(202);
    expect(knowledge.reindex).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, false);
  });

  it('names both ids of a file route', async () => {
    await api.http().delete(`/api/knowledge/collections/${ROUTE_PARAM_ID}/files/${FILE}`).set(api.auth.user).expect(204);
    expect(knowledge.removeFile).toHaveBeenCalledWith(api.user, ROUTE_PARAM_ID, FILE);
  });

  describe('service errors', () => {
    it.each([
      ['searchKnowledge', 'invalid', KnowledgeErrorCode.NO_EMBEDDING_MODEL, 400],
      ['cancelKnowledgeIndexing', 'conflict', KnowledgeErrorCode.KNOWLEDGE_FILE_NOT_INDEXING, 409],
      ['getKnowledgeCollection', 'not_found', KnowledgeErrorCode.KNOWLEDGE_COLLECTION_NOT_FOUND, 404],
    ] as const)('%s: %s %s answers %i', async (handler, kind, code, status) => {
      const methods = { searchKnowledge: knowledge.search, cancelKnowledgeIndexing: knowledge.cancelIndexing, getKnowledgeCollection: knowledge.getCollection };
      methods[handler].mockRejectedValue(domainError(kind, code));
      const response = await api.call(handler, handler === 'searchKnowledge' ? { body: { query: 'budget' } } : {}).expect(status);
      expect(response.body).toMatchObject({ statusCode: status, code });
    });

    it('an embedding vendor failing a search answers 502 naming it', async () => {
      knowledge.search.mockRejectedValue(new ProviderError('openai', 'rate_limited', 'OpenAI is rate limiting requests (429)'));
      const response = await api.http().post('/api/knowledge/search').set(api.auth.user).send({ query: 'budget' }).expect(429);
      expect(response.body).toEqual({ statusCode: 429, code: AiErrorCode.PROVIDER_RATE_LIMITED, message: 'OpenAI is rate limiting requests (429)', params: { provider: 'openai' } });
    });
  });
});
