import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsInt, IsBoolean, IsIn, IsNumber, IsString, IsUUID, Length, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { Optional } from '../../../common/validation';
import { BUILT_IN_AGENTS } from '../built-in-agents';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
export const MAX_AGENT_TOOLS = 40;
export const DEFAULT_MAX_STEPS = 8;
export const DEFAULT_TIME_LIMIT_SECONDS = 120;

export const AGENT_TYPES = BUILT_IN_AGENTS.map((agent) => agent.slug);

export class AgentInputDto {
  @IsString()
  @Transform(trim)
  @Length(1, 100)
  name: string;

  @Optional()
  @IsString()
  @Transform(trim)
  @MaxLength(500)
  description?: string;

  /** A Material Symbols icon name, e.g. `smart_toy`. */
  @Optional()
  @Matches(/^[a-z0-9_]{1,64}$/, { message: 'icon must be a Material Symbols icon name (lowercase letters, digits, _)' })
  icon?: string;

  /** The agent's context: who it is, how it works, how it answers. */
  @IsString()
  @Length(1, 20_000, { message: 'instructions must be 1 to 20000 characters' })
  instructions: string;

  /** A model id such as `openai/gpt-5.4` (see GET /api/chat/models). */
  @IsString()
  @Length(3, 140)
  defaultModel: string;

  @Optional()
  @IsNumber()
  @Min(0)
  @Max(2)
  temperature?: number;

  /** Up to three one-click conversation starters. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(3)
  @IsString({ each: true })
  @Length(1, 300, { each: true })
  starters?: string[];

  @Optional()
  @IsString()
  @MaxLength(20_000)
  referenceNotes?: string;

  /** Tools the agent may call: built-in names (see GET /api/tools) and MCP tools as `mcp:<serverId>:<toolName>`. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_AGENT_TOOLS)
  @ArrayUnique({ message: 'tools must not repeat a tool' })
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  tools?: string[];

  /** Knowledge collections `knowledge_search` searches; empty: every collection of the user. */
  @Optional()
  @IsArray()
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsUUID('all', { each: true, message: 'each of collectionIds must be a collection id' })
  collectionIds?: string[];

  /** Rounds of tool calls in one turn before Webox stops the model (default 8). */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxSteps?: number;

  /** Seconds one turn may take, tools included (default 120). */
  @Optional()
  @IsInt()
  @Min(10)
  @Max(600)
  timeLimitSeconds?: number;
}

export class AgentDto {
  id: string;
  /** For built-in agents: `sales`, `marketing`, ... */
  slug?: string;
  name: string;
  description: string;
  icon: string;
  instructions: string;
  defaultModel: string;
  temperature: number;
  starters: string[];
  referenceNotes: string;
  tools: string[];
  collectionIds: string[];
  maxSteps: number;
  timeLimitSeconds: number;
  builtIn: boolean;
  /** The caller owns it (and may change it). */
  mine: boolean;
  createdAt: Date;
  updatedAt: Date;
}

export class AssistantChatDto {
  /** The agent to talk to... */
  @ValidateIf((dto: AssistantChatDto) => dto.agent_type === undefined)
  @IsUUID('all', { message: 'agentId must be an agent id (or give agent_type)' })
  agentId?: string;

  /** ...or a built-in agent by type, as in the original API. */
  @ApiPropertyOptional({ enum: AGENT_TYPES })
  @Optional()
  @IsIn(AGENT_TYPES, { message: `agent_type must be one of ${AGENT_TYPES.join(', ')}` })
  agent_type?: string;

  @IsString()
  @Transform(trim)
  @MinLength(1, { message: 'message must not be empty' })
  @MaxLength(200_000)
  message: string;

  @Optional()
  @IsUUID('all', { message: 'conversationId must be a conversation id' })
  conversationId?: string;

  /** Use this model instead of the agent's default. */
  @Optional()
  @IsString()
  @Length(3, 140)
  model?: string;

  @Optional()
  @IsBoolean()
  stream?: boolean;
}
