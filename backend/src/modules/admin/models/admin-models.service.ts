import { Injectable, OnModuleInit } from '@nestjs/common';
import { ModelAccess, OPEN_RULE, type ModelRule } from '../../../ai/model-access/model-access.service';
import { modelName, modelsWith, type ChatModel } from '../../../ai/models';
import { providerLabel } from '../../../ai/provider-error';
import { ProviderRegistry } from '../../../ai/provider-registry';
import { ROLE_NAMES, type Actor, type Role } from '../../../common/auth.decorators';
import { DomainError } from '../../../common/domain-error';
import { CacheHub, SharedCache } from '../../../common/shared-cache';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { AUTH_CACHE_TTL_MS, userTag } from '../../auth/auth.service';
import { UsersService } from '../../auth/users.service';
import { AdminModelDto, AdminModelsDto, SetDefaultChatModelDto, SetModelAccessDto } from './admin-models.dto';
import { AdminModelsErrorCode } from './admin-models.errors';

function toAdminModelDto(model: ChatModel, rule: ModelRule, isDefault: boolean): AdminModelDto {
  return {
    id: model.id,
    name: modelName(model),
    provider: model.provider,
    providerLabel: providerLabel(model.provider),
    offline: !!model.offline,
    inputPricePerMTok: model.price.inputPerMTok,
    outputPricePerMTok: model.price.outputPerMTok,
    enabled: rule.enabled,
    roles: Object.fromEntries(ROLE_NAMES.map((role) => [role, !rule.disabledRoles.includes(role)])) as Record<Role, boolean>,
    isDefault,
  };
}

/**
 * Models in the Admin page (issue 26 item 4): which chat models of the catalogue the workspace or a
 * role may call, and the workspace's default chat model. The rules live in the AI layer's
 * `ModelAccess`, which enforces them; this area changes them, audits each change, and tells the
 * layer users' roles (cached per user, dropped when their account changes).
 */
@Injectable()
export class AdminModelsService implements OnModuleInit {
  private readonly roles: SharedCache<Role>;

  constructor(
    private readonly access: ModelAccess,
    private readonly registry: ProviderRegistry,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    hub: CacheHub,
  ) {
    this.roles = hub.cache('user-roles', { ttlMs: AUTH_CACHE_TTL_MS, maxEntries: 10_000 });
  }

  onModuleInit(): void {
    this.access.useUserRoles(async (userId) => {
      const cached = this.roles.get(userId);
      if (cached) return cached;
      const ticket = this.roles.ticket();
      const { role } = await this.users.getById(userId);
      this.roles.set(userId, role, [userTag(userId)], ticket);
      return role;
    });
  }

  async list(): Promise<AdminModelsDto> {
    const { rules, defaultChatModel } = await this.access.settings();
    return { defaultChatModel, models: modelsWith('chat').map((model) => toAdminModelDto(model, rules.get(model.id) ?? OPEN_RULE, model.id === defaultChatModel)) };
  }

  async setAccess(actor: Actor, dto: SetModelAccessDto): Promise<AdminModelDto> {
    const model = this.registry.chatModel(dto.model, 'model');
    const { defaultChatModel } = await this.access.settings();
    if (dto.enabled === false && defaultChatModel === model.id) {
      throw new DomainError('conflict', AdminModelsErrorCode.MODEL_IS_DEFAULT, `${model.name} is the workspace's default chat model: choose another default before turning it off`, undefined, { model: model.id });
    }
    const { before, after } = await this.access.setRule(model.id, { enabled: dto.enabled, roles: dto.roles });
    await this.audit.record({ action: AuditAction.MODEL_ACCESS_CHANGED, actor, ip: actor.ip, details: { model: model.id, enabled: after.enabled, disabledRoles: after.disabledRoles.join(',') || null, wasEnabled: before.enabled, wasDisabledRoles: before.disabledRoles.join(',') || null } });
    return toAdminModelDto(model, after, defaultChatModel === model.id);
  }

  async setDefault(actor: Actor, dto: SetDefaultChatModelDto): Promise<AdminModelsDto> {
    const { rules, defaultChatModel } = await this.access.settings();
    const model = dto.model ? this.registry.chatModel(dto.model, 'model') : null;
    if (model && !(rules.get(model.id) ?? OPEN_RULE).enabled) {
      throw new DomainError('invalid', AdminModelsErrorCode.DEFAULT_MODEL_DISABLED, `${model.name} is turned off in this workspace: enable it before making it the default`, [{ field: 'model', message: `${model.id} is disabled: the default chat model must be an enabled chat model` }], { model: model.id });
    }
    await this.access.setDefaultChatModel(model?.id ?? null);
    await this.audit.record({ action: AuditAction.DEFAULT_MODEL_CHANGED, actor, ip: actor.ip, details: { model: model?.id ?? null, was: defaultChatModel } });
    return this.list();
  }
}
