import type { Repository } from 'typeorm';
import type { Role } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { CacheHub } from '../../common/shared-cache';
import type { AppConfig } from '../../config/app-config';
import { AiErrorCode } from '../ai.errors';
import { ModelAccess } from './model-access.service';
import type { ModelSetting } from './model-setting.entity';

/** The table in memory, counting the reads the hot path must not make. */
function fakeRepository() {
  const rows = new Map<string, ModelSetting>();
  const reads = { count: 0 };
  const row = (modelId: string) => rows.get(modelId) ?? ({ modelId, enabled: true, disabledRoles: [], isDefault: false } as unknown as ModelSetting);
  const repository = {
    find: async () => {
      reads.count++;
      return [...rows.values()].map((entry) => ({ ...entry }));
    },
    upsert: async (values: Partial<ModelSetting>) => void rows.set(values.modelId!, { ...row(values.modelId!), ...values }),
    manager: {
      transaction: async (work: (tx: unknown) => Promise<void>) =>
        work({
          update: async (_entity: unknown, _where: unknown, values: Partial<ModelSetting>) => rows.forEach((entry) => Object.assign(entry, values)),
          upsert: async (_entity: unknown, values: Partial<ModelSetting>) => void rows.set(values.modelId!, { ...row(values.modelId!), ...values }),
        }),
    },
  } as unknown as Repository<ModelSetting>;
  return { repository, reads };
}

describe('ModelAccess', () => {
  const setup = () => {
    const { repository, reads } = fakeRepository();
    const access = new ModelAccess(repository, new CacheHub({ queuePrefix: 'test', redisUrl: undefined } as unknown as AppConfig));
    const roleLookups: string[] = [];
    const roles: Record<string, Role> = { ada: 'user', eve: 'editor', root: 'admin' };
    access.useUserRoles(async (userId) => {
      roleLookups.push(userId);
      return roles[userId]!;
    });
    return { access, reads, roleLookups };
  };
  const gpt = { id: 'openai/gpt-5.4', name: 'GPT-5.4' };
  const mini = { id: 'local/webox-mini', name: 'Webox mini' };

  it('reads the table once and then answers from memory until an admin changes a rule', async () => {
    const { access, reads } = setup();
    await access.disabledFor('ada', [gpt.id]);
    await access.disabledFor('ada', [gpt.id, mini.id]);
    await access.assertUsable('ada', [gpt]);
    expect(reads.count).toBe(1);
    await access.setRule(gpt.id, { enabled: false });
    expect(await access.disabledFor('ada', [gpt.id, mini.id])).toEqual(new Set([gpt.id]));
    expect(reads.count).toBe(2);
  });

  it('refuses a model turned off for the workspace with 403 MODEL_DISABLED naming it, for every role', async () => {
    const { access } = setup();
    await access.setRule(gpt.id, { enabled: false });
    for (const userId of ['ada', 'eve', 'root']) {
      const refusal = await access.assertUsable(userId, [mini, gpt]).catch((error: unknown) => error);
      expect(refusal).toBeInstanceOf(DomainError);
      expect(refusal).toMatchObject({ kind: 'forbidden', code: AiErrorCode.MODEL_DISABLED, params: { model: gpt.id }, details: [{ field: 'models.1' }] });
    }
    await expect(access.assertUsable('ada', [mini])).resolves.toBeUndefined();
  });

  it('turns a model off for one role only, asking for the role only when a rule names roles', async () => {
    const { access, roleLookups } = setup();
    await access.setRule(gpt.id, { roles: { user: false } });
    expect(await access.disabledFor('ada', [gpt.id])).toEqual(new Set([gpt.id]));
    expect(await access.disabledFor('eve', [gpt.id])).toEqual(new Set());
    expect(roleLookups).toEqual(['ada', 'eve']);
    await access.disabledFor('ada', [mini.id]);
    expect(roleLookups).toHaveLength(2);
    // Enabling the role again, and a change that names another role, keep the rest of the rule.
    const { before, after } = await access.setRule(gpt.id, { roles: { editor: false } });
    expect(before).toEqual({ enabled: true, disabledRoles: ['user'] });
    expect(after).toEqual({ enabled: true, disabledRoles: ['user', 'editor'] });
    expect((await access.setRule(gpt.id, { roles: { user: true } })).after.disabledRoles).toEqual(['editor']);
  });

  it('keeps one workspace default chat model', async () => {
    const { access } = setup();
    expect((await access.settings()).defaultChatModel).toBeNull();
    await access.setDefaultChatModel(gpt.id);
    await access.setDefaultChatModel(mini.id);
    expect((await access.settings()).defaultChatModel).toBe(mini.id);
    await access.setDefaultChatModel(null);
    expect((await access.settings()).defaultChatModel).toBeNull();
  });
});
