import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEnum, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { AuditAction } from '../audit-actions';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class AuditQueryDto extends PageQueryDto {
  /** Part of an e-mail address, an IP address or an action name. */
  @Optional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: AuditAction, enumName: 'AuditAction' })
  @Optional()
  @IsEnum(AuditAction, { message: 'action must be one of the audit actions' })
  action?: AuditAction;

  /** Events by or about this account. */
  @Optional()
  @IsUUID('4', { message: 'userId must be a UUID' })
  userId?: string;
}

export class AuditEventDto {
  id: string;
  createdAt: Date;
  @ApiProperty({ enum: AuditAction, enumName: 'AuditAction' })
  action: AuditAction;
  @ApiProperty({ type: String, nullable: true })
  actorId: string | null;
  @ApiProperty({ type: String, nullable: true })
  actorEmail: string | null;
  @ApiProperty({ type: String, nullable: true })
  targetId: string | null;
  @ApiProperty({ type: String, nullable: true })
  targetEmail: string | null;
  /** The client's address as the server saw it (see WEBOX_TRUST_PROXY). */
  @ApiProperty({ type: String, nullable: true })
  ip: string | null;
  /** What else is known (the policy set, the role given, why a login failed). */
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, string | number | boolean | null>;
}

export class AuditEventPageDto extends PageDtoOf(AuditEventDto) {}
