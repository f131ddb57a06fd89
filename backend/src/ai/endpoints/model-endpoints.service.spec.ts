import type { Repository } from 'typeorm';
import { SecretBox } from '../../common/secret-box';
import { CacheHub } from '../../common/shared-cache';
import type { AppConfig } from '../../config/app-config';
import { findModel, modelsWith, setRuntimeModels } from '../models';
import type { ModelEndpoint } from './model-endpoint.entity';
import { endpointKeyContext, ModelEndpoints } from './model-endpoints.service';

const config = { queuePrefix: 'test', redisUrl: undefined, providerLimits: { maxMediaBytes: 1024 } } as unknown as AppConfig;
const box = new SecretBox(Buffer.alloc(32, 7));

function row(id: string, slug: string, key: string | null, models: string[]): ModelEndpoint {
  return {
    id,
    name: `Endpoint ${slug}`,
    slug,
    baseUrl: `http://127.0.0.1:11434/${slug}/v1`,
    apiKeySealed: key ? box.seal(key, endpointKeyContext(id)) : null,
    keyLast4: key ? key.slice(-4) : null,
    models: models.map((vendorModel) => ({ vendorModel, name: vendorModel.toUpperCase(), contextTokens: null, vision: vendorModel.includes('vl'), inputPerMTok: 1, outputPerMTok: 2 })),
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

describe('ModelEndpoints', () => {
  let rows: ModelEndpoint[];
  let hub: CacheHub;
  let endpoints: ModelEndpoints;

  beforeEach(async () => {
    rows = [row('00000000-0000-4000-8000-000000000001', 'lab', 'sk-lab-secret', ['llama3.2', 'qwen-vl'])];
    hub = new CacheHub(config);
    endpoints = new ModelEndpoints({ find: async () => rows } as unknown as Repository<ModelEndpoint>, box, hub, config);
    await endpoints.onModuleInit();
  });
  afterEach(() => setRuntimeModels([]));

  it('puts the endpoints’ chat models into the catalogue at start, priced and named after their endpoint', () => {
    const model = findModel('endpoint/lab/llama3.2', 'chat');
    expect(model).toMatchObject({ provider: 'openai-compatible', vendorModel: 'llama3.2', name: 'LLAMA3.2 (Endpoint lab)', contextTokens: 128_000, vision: false, price: { per: 'token', inputPerMTok: 1, outputPerMTok: 2 }, endpoint: { slug: 'lab' } });
    expect(findModel('endpoint/lab/qwen-vl', 'chat')?.vision).toBe(true);
    expect(findModel('endpoint/lab/llama3.2', 'embedding')).toBeUndefined();
    expect(modelsWith('chat').map((entry) => entry.id)).toEqual(expect.arrayContaining(['openai/gpt-5.4', 'endpoint/lab/llama3.2', 'endpoint/lab/qwen-vl']));
    expect(findModel('endpoint/other/llama3.2')).toBeUndefined();
  });

  it('gives calls the endpoint’s URL, its decrypted key and the local-network fetch; none once it is gone', async () => {
    const model = findModel('endpoint/lab/llama3.2', 'chat')!;
    const lookup = endpoints.credentialsFor(model);
    expect(lookup).toEqual({ found: true, credentials: { apiKey: 'sk-lab-secret', baseUrl: 'http://127.0.0.1:11434/lab/v1', source: 'workspace', operatorFetch: endpoints.fetch } });
    rows = [];
    await endpoints.changed();
    expect(findModel('endpoint/lab/llama3.2')).toBeUndefined();
    expect(endpoints.credentialsFor(model)).toMatchObject({ found: false, reason: expect.stringContaining('removed') });
  });

  it('an endpoint without a key still gets a placeholder the SDK needs; a key sealed for another row does not open', async () => {
    const keyless = row('00000000-0000-4000-8000-000000000002', 'ollama', null, ['llama3.2']);
    const moved = { ...row('00000000-0000-4000-8000-000000000003', 'moved', null, ['x']), apiKeySealed: rows[0]!.apiKeySealed };
    rows = [...rows, keyless, moved];
    await endpoints.reload();
    expect(endpoints.credentialsFor(findModel('endpoint/ollama/llama3.2')!)).toMatchObject({ found: true, credentials: { apiKey: 'none' } });
    expect(endpoints.credentialsFor(findModel('endpoint/moved/x')!)).toMatchObject({ found: true, credentials: { apiKey: 'none' } });
  });

  it('reloads when a change to the endpoints is heard (another instance’s, through the hub)', async () => {
    rows = [...rows, row('00000000-0000-4000-8000-000000000004', 'gpu', null, ['mistral'])];
    expect(findModel('endpoint/gpu/mistral')).toBeUndefined();
    await hub.invalidate(['model-endpoints']);
    // The listener's reload is not awaited by the hub: let it run.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(findModel('endpoint/gpu/mistral', 'chat')).toBeDefined();
  });
});
