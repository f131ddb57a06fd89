import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, Matches, MaxLength, MinLength } from 'class-validator';
import { Optional } from '../../../common/validation';
import { ROLE_NAMES, type Role } from '../../../common/auth.decorators';
import { USER_STATUSES, type Language, type Theme, type UserStatus } from '../user.entity';

const normaliseEmail = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export const PASSWORD_RULE = /^(?=.*[A-Za-z])(?=.*\d).{10,200}$/s;
export const PASSWORD_RULE_MESSAGE = 'password must be 10 to 200 characters with at least one letter and one digit';

export class RegisterDto {
  /** The e-mail address used to log in. */
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  /** At least 10 characters, with a letter and a digit. */
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_RULE_MESSAGE })
  password: string;

  /** How Webox addresses the user. */
  @IsString()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @Length(1, 100)
  name: string;

  /** The one-time setup token (printed in the server log at first start) that makes this account the first administrator. */
  @Optional()
  @IsString()
  @Length(16, 200)
  setupToken?: string;

  /** The token of an invitation link an admin made (`/register?invitation=...`). */
  @Optional()
  @IsString()
  @Length(20, 200)
  invitationToken?: string;
}

export class ResetPasswordDto {
  /** The token of the reset link an admin made (`/reset-password?token=...`). */
  @IsString()
  @Length(20, 200)
  token: string;

  /** The new password: at least 10 characters, with a letter and a digit. */
  @IsString()
  @Matches(PASSWORD_RULE, { message: PASSWORD_RULE_MESSAGE })
  password: string;
}

export class LoginDto {
  @Transform(normaliseEmail)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @IsString()
  @MinLength(1)
  @MaxLength(200)
  password: string;
}

export class RefreshDto {
  /** The refresh token received at login or at the last refresh. */
  @IsString()
  @Length(20, 200)
  refreshToken: string;
}

export class UserDto {
  id: string;
  email: string;
  name: string;
  @ApiProperty({ enum: ROLE_NAMES, enumName: 'Role' })
  role: Role;
  /** Only `active` accounts may sign in. */
  @ApiProperty({ enum: USER_STATUSES, enumName: 'UserStatus' })
  status: UserStatus;
  @ApiProperty({ enum: ['en', 'fr'] })
  language: Language;
  @ApiProperty({ enum: ['light', 'dark', 'system'] })
  theme: Theme;
  /** The chat model a new chat starts with; null when the user has not chosen one. */
  @ApiProperty({ type: String, nullable: true })
  defaultChatModel: string | null;
  /** Chat models shown first in the model picker. */
  favoriteModels: string[];
  createdAt: Date;
}

export class AuthSessionDto {
  /** Short-lived JWT for the `Authorization: Bearer` header. */
  accessToken: string;
  /** Single-use token to get a new pair from `/api/auth/refresh`. */
  refreshToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  user: UserDto;
}
