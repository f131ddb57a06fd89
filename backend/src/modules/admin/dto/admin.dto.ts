import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsString, Max, MaxLength, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { ROLE_NAMES, type Role } from '../../../common/auth.decorators';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { REGISTRATION_POLICIES, type RegistrationPolicy } from '../../../config/app-config';
import { UserDto } from '../../auth/dto/auth.dto';
import { USER_STATUSES, type UserStatus } from '../../auth/user.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AdminUserQueryDto extends PageQueryDto {
  /** Part of an e-mail address or a name. */
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: USER_STATUSES, enumName: 'UserStatus' })
  @Optional()
  @IsIn(USER_STATUSES, { message: `status must be one of ${USER_STATUSES.join(', ')}` })
  status?: UserStatus;
}

export class UserUsageDto {
  /** Model calls over the last 30 days. */
  calls: number;
  /** Input and output tokens over the last 30 days. */
  tokens: number;
  /** Cost in US dollars over the last 30 days. */
  cost: number;
}

export class AdminUserDto extends UserDto {
  usage: UserUsageDto;
  /** Bytes of media stored. */
  storageBytes: number;
}

export class AdminUserPageDto extends PageDtoOf(AdminUserDto) {}

export class ChangeRoleDto {
  @ApiProperty({ enum: ROLE_NAMES, enumName: 'Role' })
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role: Role;
}

export class PasswordResetLinkDto {
  /** Shown once: the token of the one-time link. */
  token: string;
  /** The dashboard path to give the user (`/reset-password?token=...`). */
  path: string;
  expiresAt: Date;
}

export class RegistrationSettingsDto {
  @ApiProperty({ enum: REGISTRATION_POLICIES, enumName: 'RegistrationPolicy' })
  policy: RegistrationPolicy;
  /** `setting`: an admin chose it here; `environment`: WEBOX_REGISTRATION; `default`: approval once an admin exists. */
  @ApiProperty({ enum: ['setting', 'environment', 'default'] })
  source: 'setting' | 'environment' | 'default';
}

export class UpdateRegistrationDto {
  @ApiProperty({ enum: REGISTRATION_POLICIES, enumName: 'RegistrationPolicy' })
  @IsIn(REGISTRATION_POLICIES, { message: `policy must be one of ${REGISTRATION_POLICIES.join(', ')}` })
  policy: RegistrationPolicy;
}

export class CreateInvitationDto {
  /** Only this address may use the invitation; any address when left out. */
  @Optional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email?: string;

  @ApiPropertyOptional({ enum: ROLE_NAMES, enumName: 'Role', default: 'user' })
  @Optional()
  @IsIn(ROLE_NAMES, { message: `role must be one of ${ROLE_NAMES.join(', ')}` })
  role: Role = 'user';

  @ApiPropertyOptional({ minimum: 1, maximum: 30, default: 7 })
  @Optional()
  @Type(() => Number)
  @IsInt({ message: 'expiresInDays must be a whole number of days' })
  @Min(1)
  @Max(30)
  expiresInDays: number = 7;
}

export class InvitationDto {
  id: string;
  @ApiProperty({ type: String, nullable: true })
  email: string | null;
  @ApiProperty({ enum: ROLE_NAMES, enumName: 'Role' })
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  @ApiProperty({ type: Date, nullable: true })
  usedAt: Date | null;
  @ApiProperty({ type: Date, nullable: true })
  revokedAt: Date | null;
  @ApiProperty({ enum: ['open', 'used', 'expired', 'revoked'] })
  state: 'open' | 'used' | 'expired' | 'revoked';
}

export class CreatedInvitationDto extends InvitationDto {
  /** Shown once: the invitation's token. */
  token: string;
  /** The dashboard path to send (`/register?invitation=...`). */
  path: string;
}

export class InvitationPageDto extends PageDtoOf(InvitationDto) {}
