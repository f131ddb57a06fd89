import type { ProviderId } from './capabilities';
import type { CredentialsService } from './credentials.service';
import { ModelCatalogue } from './model-catalogue.service';
import { AppConfig } from '../config/app-config';
import type { ModelAccess } from './model-access/model-access.service';

/** An admin's settings: `disabled` models turned off for this user, `defaultChatModel` the workspace's. */
const settings = (disabled: string[] = [], defaultChatModel: string | null = null) =>
  ({ disabledFor: async () => new Set(disabled), settings: async () => ({ rules: new Map(), defaultChatModel }) }) as unknown as ModelAccess;

describe('ModelCatalogue', () => {
  const asked: string[] = [];
  const catalogue = (providers: ProviderId[], env: Record<string, string> = {}, access = settings()) =>
    new ModelCatalogue({
      availableProviders: async (userId: string) => {
        asked.push(userId);
        return new Set<ProviderId>(['local', ...providers]);
      },
    } as unknown as CredentialsService, new AppConfig({ NODE_ENV: 'test', WEBOX_SECRET_KEY: 'a'.repeat(64), ...env }), access);

  it('lists the models of the asked capabilities, each available when its provider has a key in reach', async () => {
    const chat = await catalogue(['anthropic']).forUser('user-1', 'chat');
    expect(chat.map((choice) => choice.model.id)).toContain('openai/gpt-5.4');
    expect(chat.find((choice) => choice.model.id === 'anthropic/claude-sonnet-4-6')).toEqual({ model: expect.objectContaining({ provider: 'anthropic' }), available: true });
    expect(chat.find((choice) => choice.model.id === 'local/webox-mini')?.available).toBe(true);
    expect(chat.find((choice) => choice.model.id === 'openai/gpt-5.4')).toMatchObject({ available: false, unavailableReason: 'No OpenAI API key: add one in your profile', unavailableCode: 'PROVIDER_MISSING_CREDENTIALS' });
    expect(chat.every((choice) => choice.model.capabilities.includes('chat'))).toBe(true);
  });

  it('knows which chat models take images; an OpenAI-compatible model does when its endpoint says so', async () => {
    const vision = (choices: Awaited<ReturnType<ModelCatalogue['forUser']>>, id: string) => choices.find((choice) => choice.model.id === id)?.model.vision;
    const plain = await catalogue([]).forUser('user-3', 'chat');
    expect(vision(plain, 'openai/gpt-5.4')).toBe(true);
    expect(vision(plain, 'local/webox-mini')).toBe(false);
    expect(vision(plain, 'openai-compatible/llama3.2')).toBe(false);
    const declared = await catalogue([], { OPENAI_COMPATIBLE_VISION_MODELS: 'llama3.2, qwen2.5-vl' }).forUser('user-3', 'chat');
    expect(vision(declared, 'openai-compatible/llama3.2')).toBe(true);
    expect(vision(declared, 'openai-compatible/mistral-large-latest')).toBe(false);
  });

  it('takes several capabilities at once, with one credentials lookup', async () => {
    asked.length = 0;
    const made = await catalogue([]).forUser('user-2', 'image', 'speech', 'music', 'video');
    expect(asked).toEqual(['user-2']);
    expect(made.filter((choice) => choice.available).map((choice) => choice.model.id)).toEqual(['local/webox-draw', 'local/webox-voice', 'local/webox-music', 'local/webox-slideshow']);
    expect(made.some((choice) => choice.model.capabilities.includes('chat'))).toBe(false);
  });

  it('marks a model an admin turned off unavailable, with its reason before a missing key, and flags the workspace default', async () => {
    const chat = await catalogue(['anthropic'], {}, settings(['anthropic/claude-sonnet-4-6', 'openai/gpt-5.4'], 'local/webox-mini')).forUser('user-4', 'chat');
    expect(chat.find((choice) => choice.model.id === 'anthropic/claude-sonnet-4-6')).toMatchObject({ available: false, unavailableCode: 'MODEL_DISABLED', unavailableReason: 'Disabled by an administrator' });
    expect(chat.find((choice) => choice.model.id === 'openai/gpt-5.4')).toMatchObject({ available: false, unavailableCode: 'MODEL_DISABLED' });
    expect(chat.find((choice) => choice.model.id === 'local/webox-mini')).toMatchObject({ available: true, workspaceDefault: true });
    expect(chat.filter((choice) => choice.workspaceDefault)).toHaveLength(1);
  });
});
