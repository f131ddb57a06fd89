import { Injectable } from '@nestjs/common';
import { KEY_PROVIDERS, type KeyProvider } from '../../../ai/provider-keys/provider-api-key.entity';
import { ProviderKeysService } from '../../../ai/provider-keys/provider-keys.service';
import type { Actor } from '../../../common/auth.decorators';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { ProviderAccessDto, UpdateProviderAccessDto } from './provider-access.dto';

/** The two switches an admin holds per provider: users' own keys, and the workspace's key. */
@Injectable()
export class ProviderAccessService {
  constructor(
    private readonly keys: ProviderKeysService,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ProviderAccessDto[]> {
    const [rules, counts] = await Promise.all([this.keys.accessRules(), this.keys.countByProvider('workspace')]);
    return KEY_PROVIDERS.map((provider) => ({ provider, allowOwnKeys: true, allowWorkspaceKey: true, ...rules.get(provider), workspaceKeys: counts.get(provider) ?? 0 }));
  }

  async update(actor: Actor, provider: KeyProvider, dto: UpdateProviderAccessDto): Promise<ProviderAccessDto> {
    const before = await this.keys.accessRule(provider);
    const after = await this.keys.setAccessRule(provider, dto);
    await this.audit.record({
      action: AuditAction.PROVIDER_ACCESS_CHANGED,
      actor,
      ip: actor.ip,
      details: { provider, allowOwnKeys: after.allowOwnKeys, allowWorkspaceKey: after.allowWorkspaceKey, wasOwnKeys: before.allowOwnKeys, wasWorkspaceKey: before.allowWorkspaceKey },
    });
    const counts = await this.keys.countByProvider('workspace');
    return { provider, ...after, workspaceKeys: counts.get(provider) ?? 0 };
  }
}
