import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { ROLE_NAMES, type Role } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import type { UiLanguage } from '../../common/request-language';
import { CacheHub, SharedCache } from '../../common/shared-cache';
import { AiErrorCode } from '../ai.errors';
import type { ModelInfo } from '../models';
import { ModelSetting } from './model-setting.entity';

/** What an admin decided for one model (a model without a rule: enabled for every role). */
export interface ModelRule {
  enabled: boolean;
  disabledRoles: readonly Role[];
}

/** Every model rule and the workspace's default chat model, as the hot path reads them. */
export interface ModelSettings {
  rules: ReadonlyMap<string, ModelRule>;
  defaultChatModel: string | null;
}

/** A change to one model's rule: a missing field keeps its value. */
export interface ModelRuleChange {
  enabled?: boolean;
  /** Per role: false turns it off for that role. */
  roles?: Partial<Record<Role, boolean>>;
}

/** A user's role (the area that keeps users registers it, cached there: see `useUserRoles`). */
export type UserRoleLookup = (userId: string) => Promise<Role>;

export const OPEN_RULE: ModelRule = { enabled: true, disabledRoles: [] };
const SETTINGS_TAG = 'model-settings';
const SETTINGS_TTL_MS = 30_000;

/** Why a model an admin turned off cannot be called, in the user's language (the listings' `unavailableReason`). */
export function disabledReason(language: UiLanguage = 'en'): string {
  return language === 'fr' ? 'Désactivé par un administrateur' : 'Disabled by an administrator';
}

/** The refusal of a call to a model an admin turned off (403 `MODEL_DISABLED`, naming it). */
export function modelDisabled(model: Pick<ModelInfo, 'id' | 'name'>, field = 'model'): DomainError {
  return new DomainError('forbidden', AiErrorCode.MODEL_DISABLED, `${model.name} (${model.id}) is disabled by an administrator in this workspace`, [{ field, message: `${model.id} is disabled by an administrator` }], {
    model: model.id,
  });
}

/** Whether a rule lets a role call its model. */
export const allowsRole = (rule: ModelRule | undefined, role: Role | undefined): boolean => !rule || (rule.enabled && (!role || !rule.disabledRoles.includes(role)));

/**
 * The admin's model settings (issue 26 item 4): which catalogue models are turned off for the
 * workspace or for a role, and the workspace's default chat model. One small table, read once and
 * kept in memory (`SharedCache`, dropped on every instance when an admin changes it): the catalogue
 * listings and `ProviderRegistry` consult it on every request without a query. A user's role is
 * asked for only when a rule of the models in question names roles.
 */
@Injectable()
export class ModelAccess {
  private readonly cache: SharedCache<ModelSettings>;
  private userRole: UserRoleLookup | undefined;

  constructor(
    @InjectRepository(ModelSetting) private readonly settingsRepo: Repository<ModelSetting>,
    private readonly cacheHub: CacheHub,
  ) {
    this.cache = cacheHub.cache('model-settings', { ttlMs: SETTINGS_TTL_MS, maxEntries: 1 });
  }

  /** How to find a user's role (registered by the admin area at start-up: the layer imports no area). */
  useUserRoles(lookup: UserRoleLookup): void {
    this.userRole = lookup;
  }

  /** Every rule and the default, from memory on the hot path. */
  async settings(): Promise<ModelSettings> {
    let settings = this.cache.get('all');
    if (!settings) {
      const ticket = this.cache.ticket();
      const rows = await this.settingsRepo.find();
      settings = {
        rules: new Map(rows.filter((row) => !row.enabled || row.disabledRoles.length).map((row) => [row.modelId, { enabled: row.enabled, disabledRoles: row.disabledRoles }])),
        defaultChatModel: rows.find((row) => row.isDefault)?.modelId ?? null,
      };
      this.cache.set('all', settings, [SETTINGS_TAG], ticket);
    }
    return settings;
  }

  /** The ids among `modelIds` this user may not call (none without a query when no rule touches them). */
  async disabledFor(userId: string, modelIds: readonly string[]): Promise<Set<string>> {
    const { rules } = await this.settings();
    const touched = modelIds.filter((id) => rules.has(id));
    if (!touched.length) return new Set();
    const role = touched.some((id) => rules.get(id)!.enabled && rules.get(id)!.disabledRoles.length) && this.userRole ? await this.userRole(userId) : undefined;
    return new Set(touched.filter((id) => !allowsRole(rules.get(id), role)));
  }

  /** 403 `MODEL_DISABLED` naming the first of these models an admin turned off for this user. */
  async assertUsable(userId: string, models: ReadonlyArray<Pick<ModelInfo, 'id' | 'name'>>, field = 'models'): Promise<void> {
    const disabled = await this.disabledFor(userId, models.map((model) => model.id));
    const index = models.findIndex((model) => disabled.has(model.id));
    if (index >= 0) throw modelDisabled(models[index]!, models.length > 1 ? `${field}.${index}` : field === 'models' ? 'model' : field);
  }

  /** Changes a model's rule; every user's next request follows it (every instance's cache is dropped). */
  async setRule(modelId: string, change: ModelRuleChange): Promise<{ before: ModelRule; after: ModelRule }> {
    const before = (await this.settings()).rules.get(modelId) ?? OPEN_RULE;
    const enabled = change.enabled ?? before.enabled;
    const disabledRoles = ROLE_NAMES.filter((role) => (change.roles?.[role] === undefined ? before.disabledRoles.includes(role) : !change.roles[role]));
    await this.settingsRepo.upsert({ modelId, enabled, disabledRoles }, ['modelId']);
    await this.cacheHub.invalidate([SETTINGS_TAG]);
    return { before, after: { enabled, disabledRoles } };
  }

  /** Drops the rules of models that left the catalogue (an endpoint removed): no default may point at them. */
  async forget(modelIds: readonly string[]): Promise<void> {
    if (!modelIds.length) return;
    await this.settingsRepo.delete({ modelId: In([...modelIds]) });
    await this.cacheHub.invalidate([SETTINGS_TAG]);
  }

  /** Makes a model the workspace's default chat model (null: none); the caller checked it may be. */
  async setDefaultChatModel(modelId: string | null): Promise<void> {
    await this.settingsRepo.manager.transaction(async (tx) => {
      await tx.update(ModelSetting, { isDefault: true }, { isDefault: false });
      if (modelId) await tx.upsert(ModelSetting, { modelId, isDefault: true }, ['modelId']);
    });
    await this.cacheHub.invalidate([SETTINGS_TAG]);
  }
}
