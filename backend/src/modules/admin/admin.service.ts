import { Injectable } from '@nestjs/common';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import type { Actor } from '../../common/auth.decorators';
import { Page, PageQueryDto } from '../../common/pagination';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import { AuditEventDto, AuditQueryDto } from '../audit/dto/audit.dto';
import { SignUpService } from '../auth/sign-up/sign-up.service';
import { ApiKeyDto, CreateOwnApiKeyDto } from '../profile/dto/profile.dto';
import { verificationFailed } from '../profile/profile.service';
import { KeyVerifier } from '../../ai/provider-keys/key-verifier';
import { toApiKeyDto, toApiKeyPage } from '../profile/profile.mapper';
import { CreatedInvitationDto, CreateInvitationDto, InvitationDto, RegistrationSettingsDto, UpdateRegistrationDto } from './dto/admin.dto';
import { toInvitationDto } from './admin.mapper';

/** The workspace's settings that admins hold: provider keys, the sign-up policy and invitations; and the audit trail. */
@Injectable()
export class AdminService {
  constructor(
    private readonly keys: ProviderKeysService,
    private readonly verifier: KeyVerifier,
    private readonly signUp: SignUpService,
    private readonly audit: AuditService,
  ) {}

  async listWorkspaceApiKeys(query: PageQueryDto): Promise<Page<ApiKeyDto>> {
    return toApiKeyPage(await this.keys.list('workspace', query));
  }

  /** Verified like a user's key (one cheap call to the vendor); a failing one is stored, marked failing, only with saveIfFailing. */
  async createWorkspaceApiKey(actor: Actor, dto: CreateOwnApiKeyDto): Promise<ApiKeyDto> {
    const { saveIfFailing, ...input } = dto;
    await this.keys.assertAcceptable('workspace', input);
    const check = await this.verifier.verify(input);
    if (check.status === 'failing' && !saveIfFailing) throw verificationFailed(check, input.provider);
    const key = toApiKeyDto(await this.keys.create('workspace', input, check));
    await this.audit.record({ action: AuditAction.WORKSPACE_KEY_CREATED, actor, ip: actor.ip, details: { provider: key.provider, keyId: key.id } });
    return key;
  }

  async deleteWorkspaceApiKey(actor: Actor, id: string): Promise<void> {
    await this.keys.delete('workspace', id);
    await this.audit.record({ action: AuditAction.WORKSPACE_KEY_DELETED, actor, ip: actor.ip, details: { keyId: id } });
  }

  getRegistration(): Promise<RegistrationSettingsDto> {
    return this.signUp.registration();
  }

  async setRegistration(actor: Actor, dto: UpdateRegistrationDto): Promise<RegistrationSettingsDto> {
    const before = await this.signUp.registration();
    const after = await this.signUp.setRegistration(dto.policy);
    await this.audit.record({ action: AuditAction.REGISTRATION_POLICY_CHANGED, actor, ip: actor.ip, details: { from: before.policy, to: dto.policy } });
    return after;
  }

  async listInvitations(query: PageQueryDto): Promise<Page<InvitationDto>> {
    const page = await this.signUp.listInvitations(query);
    return { ...page, items: page.items.map((row) => toInvitationDto(row)) };
  }

  async createInvitation(actor: Actor, dto: CreateInvitationDto): Promise<CreatedInvitationDto> {
    const { invitation, token } = await this.signUp.createInvitation(actor.id, dto);
    await this.audit.record({ action: AuditAction.INVITATION_CREATED, actor, ip: actor.ip, details: { invitationId: invitation.id, email: invitation.email, role: invitation.role } });
    return { ...toInvitationDto(invitation), token, path: `/register?invitation=${token}` };
  }

  async revokeInvitation(actor: Actor, id: string): Promise<InvitationDto> {
    const invitation = await this.signUp.revokeInvitation(id);
    await this.audit.record({ action: AuditAction.INVITATION_REVOKED, actor, ip: actor.ip, details: { invitationId: invitation.id, email: invitation.email, role: invitation.role } });
    return toInvitationDto(invitation);
  }

  searchAudit(query: AuditQueryDto): Promise<Page<AuditEventDto>> {
    return this.audit.search(query);
  }
}
