import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsArray, IsIn, IsObject, IsString, IsUUID, MaxLength } from 'class-validator';
import { PageDtoOf, PageQueryDto } from '../../../common/pagination';
import { Optional } from '../../../common/validation';
import { HTTP_METHODS, INPUT_TYPES, MAX_STEPS, STEP_KINDS, TRANSFORM_OPERATIONS, type HttpMethod, type InputType, type StepKind, type TransformOperation } from '../engine/workflow-definition';

/*
 * The workflow's own fields are documented here and checked by `engine/workflow-validator.ts`
 * (one 400 naming the step and the variable), which also checks imported files; the DTOs below
 * therefore only type the outer shape.
 */

export class WorkflowInputDefDto {
  /** What templates call it: `{{inputs.<name>}}`. A letter, then letters, digits, `_` or `-`. */
  name: string;
  @ApiProperty({ enum: INPUT_TYPES })
  type: InputType;
  /** Shown on the run form. */
  @ApiPropertyOptional()
  label?: string;
  @ApiPropertyOptional()
  required?: boolean;
  /** Text, a number, one of `choices`, or a media-file id. */
  @ApiPropertyOptional({ oneOf: [{ type: 'string' }, { type: 'number' }] })
  default?: string | number;
  /** The values of a `choice` input. */
  @ApiPropertyOptional({ type: [String] })
  choices?: string[];
}

export class StepSettingsDto {
  /** text, merge, agent. */
  @ApiPropertyOptional({ minimum: 0, maximum: 2 })
  temperature?: number;
  @ApiPropertyOptional({ minimum: 1 })
  maxOutputTokens?: number;
  /** text, merge: a system message (a template). */
  @ApiPropertyOptional()
  systemPrompt?: string;
  /** image: one of the model's sizes (`1024x1024`). */
  @ApiPropertyOptional()
  size?: string;
  /** speech: one of the model's voices. */
  @ApiPropertyOptional()
  voice?: string;
  /** video. */
  @ApiPropertyOptional()
  durationSeconds?: number;
  @ApiPropertyOptional({ enum: ['16:9', '9:16', '1:1'] })
  aspectRatio?: '16:9' | '9:16' | '1:1';
}

export class HttpStepDto {
  @ApiPropertyOptional({ enum: HTTP_METHODS, default: 'GET' })
  method?: HttpMethod;
  /** A template. Private, loopback, link-local and metadata addresses are refused (redirects and DNS included). */
  url: string;
  /** Header values are templates. */
  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' } })
  headers?: Record<string, string>;
  /** A template. */
  @ApiPropertyOptional()
  body?: string;
}

export class PipedreamStepDto {
  /** A template: the workflow's HTTP trigger URL or endpoint id (`en…`), on the Pipedream workflow domain. */
  workflow: string;
  /** A template that must render to a JSON object: what the workflow receives (default `{}`). */
  @ApiPropertyOptional()
  body?: string;
}

export class TransformStepDto {
  @ApiProperty({ enum: TRANSFORM_OPERATIONS })
  operation: TransformOperation;
  /** extract: a field path in the JSON (`data.items[0].title`). */
  @ApiPropertyOptional()
  path?: string;
  /** split: where to cut (default a new line); join: what goes between (default a new line). */
  @ApiPropertyOptional()
  separator?: string;
}

export class WorkflowStepDto {
  /** Unique in the workflow; what templates call it: `{{steps.<id>.output}}`. */
  id: string;
  @ApiPropertyOptional()
  name?: string;
  @ApiProperty({ enum: STEP_KINDS })
  kind: StepKind;
  /** text, merge: a chat model; image, speech, video: a generation model; agent: overrides the agent's model. */
  @ApiPropertyOptional()
  model?: string;
  /** agent: an agent id, or a built-in agent's type. */
  @ApiPropertyOptional()
  agent?: string;
  /** The step's template: prompt, words to speak, merge instruction, transform source or template. */
  @ApiPropertyOptional()
  prompt?: string;
  /** Steps sharing a group (next to each other) run at once. */
  @ApiPropertyOptional()
  parallelGroup?: string;
  @ApiPropertyOptional({ type: StepSettingsDto })
  settings?: StepSettingsDto;
  @ApiPropertyOptional({ type: HttpStepDto })
  http?: HttpStepDto;
  @ApiPropertyOptional({ type: TransformStepDto })
  transform?: TransformStepDto;
  /** pipedream: the workflow to run and its JSON body (needs a Pipedream connection, see /api/automation/connect). */
  @ApiPropertyOptional({ type: PipedreamStepDto })
  pipedream?: PipedreamStepDto;
  /** merge: the steps it merges (default: the parallel group before it, else every earlier step). */
  @ApiPropertyOptional({ type: [String] })
  sources?: string[];
}

/** A workflow as sent to save, run or import. */
export class WorkflowBodyDto {
  @IsString()
  name: string;

  @Optional()
  @IsString()
  description?: string;

  @ApiPropertyOptional({ type: [WorkflowInputDefDto] })
  @Optional()
  @IsArray({ message: 'inputs must be a list' })
  inputs?: WorkflowInputDefDto[];

  @ApiProperty({ type: [WorkflowStepDto], maxItems: MAX_STEPS })
  @IsArray({ message: 'steps must be a list' })
  steps: WorkflowStepDto[];
}

/** `POST /api/combinations/save`: a new workflow, or with `id` a change to one of mine. */
export class SaveWorkflowDto extends WorkflowBodyDto {
  @ApiPropertyOptional({ format: 'uuid' })
  @Optional()
  @IsUUID('all', { message: 'id must be a workflow id' })
  id?: string;
}

export class WorkflowDto {
  id: string;
  name: string;
  description: string;
  @ApiProperty({ type: [WorkflowInputDefDto] })
  inputs: WorkflowInputDefDto[];
  @ApiProperty({ type: [WorkflowStepDto] })
  steps: WorkflowStepDto[];
  createdAt: Date;
  updatedAt: Date;
}

export class WorkflowPageDto extends PageDtoOf(WorkflowDto) {}

export class WorkflowQueryDto extends PageQueryDto {
  /** Words in the name or the description. */
  @ApiPropertyOptional()
  @Optional()
  @IsString()
  @MaxLength(200)
  q?: string;
}

export class WorkflowExportDto {
  @ApiProperty({ enum: [1] })
  version: 1;
  exportedAt: Date;
  @ApiProperty({ type: WorkflowBodyDto })
  workflow: WorkflowBodyDto;
}

/** An exported file (`{ version, exportedAt, workflow }`), checked like a saved workflow. */
export class ImportWorkflowDto {
  @ApiPropertyOptional({ enum: [1] })
  @Optional()
  @IsIn([1], { message: 'version must be 1' })
  version?: 1;

  @ApiPropertyOptional()
  @Optional()
  @IsString()
  exportedAt?: string;

  @ApiProperty({ type: WorkflowBodyDto })
  @IsObject({ message: 'workflow must be an object' })
  workflow: Record<string, unknown>;
}

export class CombinationTemplateDto {
  /** Stable key (`article-to-social`). */
  id: string;
  name: string;
  description: string;
  category: string;
  @ApiProperty({ type: WorkflowBodyDto })
  workflow: WorkflowBodyDto;
}
