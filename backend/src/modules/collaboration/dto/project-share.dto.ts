import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsUUID } from 'class-validator';
import { SHARED_RESOURCE_KINDS, type SharedResourceKind } from '../../../common/shared-resources';

const KIND_MESSAGE = `kind must be one of ${SHARED_RESOURCE_KINDS.join(', ')}`;

export class ShareWithProjectDto {
  @ApiProperty({ enum: SHARED_RESOURCE_KINDS })
  @IsIn(SHARED_RESOURCE_KINDS, { message: KIND_MESSAGE })
  kind: SharedResourceKind;

  /** One of my media folders, prompts or agents (by `kind`). */
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'resourceId must be an id' })
  resourceId: string;
}

/** A media folder, prompt or agent shared with a project: members read and use it, only its owner changes it. */
export class ProjectShareDto {
  id: string;
  projectId: string;
  @ApiProperty({ enum: SHARED_RESOURCE_KINDS })
  kind: SharedResourceKind;
  resourceId: string;
  /** The folder's, prompt's or agent's name as its owner calls it now. */
  name: string;
  /** Its owner, who shared it. */
  sharedById: string;
  sharedByName: string;
  /** Whether I own it (and may therefore change it, and unshare it). */
  mine: boolean;
  createdAt: Date;
}
