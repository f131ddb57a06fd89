import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { Optional } from '../../../common/validation';
import { PIPEDREAM_ENVIRONMENTS, type PipedreamEnvironment } from '../pipedream/pipedream-connection.entity';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class PipedreamConnectDto {
  @ApiProperty({ description: "The OAuth client's id (Pipedream: Settings → API → OAuth clients)", maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  clientId: string;

  @ApiProperty({ description: "The OAuth client's secret; stored encrypted, never answered", maxLength: 500, writeOnly: true })
  @Transform(trim)
  @IsString()
  @Length(1, 500)
  clientSecret: string;

  @ApiProperty({ description: 'The Pipedream Connect project id (`proj_…`)', maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(1, 200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'projectId must be letters, digits, _ and - (a Pipedream project id such as proj_abc123)' })
  projectId: string;

  @ApiPropertyOptional({ enum: PIPEDREAM_ENVIRONMENTS, description: 'Default production' })
  @Optional()
  @IsIn(PIPEDREAM_ENVIRONMENTS)
  environment?: PipedreamEnvironment;
}

export class PipedreamStatusDto {
  @ApiProperty()
  connected: boolean;

  @ApiProperty({ type: String, nullable: true, description: 'The OAuth client id (the secret is never answered)' })
  clientId: string | null;

  @ApiProperty({ type: String, nullable: true })
  projectId: string | null;

  @ApiProperty({ enum: PIPEDREAM_ENVIRONMENTS, nullable: true })
  environment: PipedreamEnvironment | null;

  @ApiProperty({ type: String, nullable: true, description: 'When Pipedream last accepted the credentials' })
  checkedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The external user id Webox uses for you in the project' })
  externalUserId: string | null;
}

export const PIPEDREAM_WORKFLOW_KINDS = ['http', 'timer', 'component'] as const;
export type PipedreamWorkflowKind = (typeof PIPEDREAM_WORKFLOW_KINDS)[number];

export class PipedreamWorkflowDto {
  @ApiProperty({ description: "Pipedream's id of the deployed trigger (`dc_…`, `hi_…`, `ti_…`)" })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: PIPEDREAM_WORKFLOW_KINDS, description: 'http: an HTTP interface; timer: a schedule; component: a deployed source' })
  kind: PipedreamWorkflowKind;

  @ApiProperty({ type: String, nullable: true, description: 'The component deployed (`http-new-requests-payload-only`), for a deployed source' })
  componentKey: string | null;

  @ApiProperty({ type: String, nullable: true, description: 'The HTTP trigger URL: POST JSON to it to run the workflow (null when it has none)' })
  url: string | null;

  @ApiProperty()
  active: boolean;

  @ApiProperty({ type: String, nullable: true })
  createdAt: string | null;
}

export class PipedreamWorkflowInputDto {
  @ApiProperty({ description: 'A name to recognise it by', maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(1, 120)
  name: string;
}
