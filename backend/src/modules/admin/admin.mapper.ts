import { OwnerUsage } from '../../ai/usage.service';
import { toUserDto } from '../auth/user.mapper';
import { User } from '../auth/user.entity';
import { Invitation } from '../auth/sign-up/invitation.entity';
import { AdminUserDto, InvitationDto } from './dto/admin.dto';

export function toAdminUserDto(user: User, usage: OwnerUsage | undefined, storageBytes: number | undefined): AdminUserDto {
  return { ...toUserDto(user), usage: usage ?? { calls: 0, tokens: 0, cost: 0 }, storageBytes: storageBytes ?? 0 };
}

export function toInvitationDto(invitation: Invitation, now = new Date()): InvitationDto {
  const state = invitation.usedAt ? 'used' : invitation.revokedAt ? 'revoked' : invitation.expiresAt <= now ? 'expired' : 'open';
  return { id: invitation.id, email: invitation.email, role: invitation.role, createdAt: invitation.createdAt, expiresAt: invitation.expiresAt, usedAt: invitation.usedAt, revokedAt: invitation.revokedAt, state };
}
