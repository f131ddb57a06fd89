import { ApiProperty } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsInt, IsNumber, IsString, IsUrl, Length, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../../common/validation';

/** As the decorators say (`@ArrayMaxSize(100)`, written out for the contract's `maxItems`). */
const MAX_MODELS = 100;

/**
 * Past the cap, only the first rows are validated (ArrayMaxSize still refuses the list, naming
 * `models`): 10 000 rows each with its own errors took longer than a request may.
 */
const capRows = ({ value }: { value: unknown }) => (Array.isArray(value) && value.length > MAX_MODELS ? value.slice(0, MAX_MODELS + 1) : value);

/** One model of an endpoint, as an admin describes it. */
export class EndpointModelInputDto {
  /** The endpoint's own name for the model (`llama3.2`, `Qwen/Qwen2.5-7B-Instruct`). */
  @IsString()
  @Matches(/^[A-Za-z0-9._:/@-]{1,200}$/, { message: 'vendorModel must be 1 to 200 letters, digits or . _ : / @ -' })
  vendorModel: string;

  /** The name users read in the model picker. */
  @IsString()
  @Length(1, 120)
  name: string;

  /** Input plus output tokens (omitted or null: 128 000). */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(10_000_000)
  @ApiProperty({ type: Number, nullable: true, required: false })
  contextTokens?: number | null;

  /** The model accepts images. */
  @Optional()
  @IsBoolean()
  vision?: boolean;

  /** US dollars per million input tokens (omitted or 0: free). */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  inputPricePerMTok?: number;

  /** US dollars per million output tokens (omitted or 0: free). */
  @Optional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(10_000)
  outputPricePerMTok?: number;
}

export class CreateEndpointDto {
  @IsString()
  @Length(1, 120)
  name: string;

  /** Part of its models' ids (`endpoint/<slug>/<model>`): lower-case letters, digits and dashes; cannot change later. */
  @IsString()
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/, { message: 'slug must be 1 to 40 lower-case letters, digits or dashes, starting and ending with a letter or digit' })
  slug: string;

  /** The API's base URL, up to `/v1` (`http://127.0.0.1:11434/v1` for Ollama): the local network is allowed, link-local and metadata addresses are not. */
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'baseUrl must be an http(s) URL' })
  baseUrl: string;

  /** The endpoint's API key, if it takes one: stored encrypted, never returned. */
  @Optional({ nullable: true })
  @IsString()
  @Length(1, 500)
  @ApiProperty({ type: String, nullable: true, required: false })
  apiKey?: string | null;

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EndpointModelInputDto)
  @Transform(capRows)
  models: EndpointModelInputDto[];

  /** Save without checking the endpoint (its model list) first. */
  @Optional()
  @IsBoolean()
  skipCheck?: boolean;
}

/** A change: a missing field keeps its value; `apiKey: null` removes the key. The slug cannot change (its models' ids hang on it). */
export class UpdateEndpointDto {
  @Optional()
  @IsString()
  @Length(1, 120)
  name?: string;

  @Optional()
  @IsString()
  @MaxLength(500)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }, { message: 'baseUrl must be an http(s) URL' })
  baseUrl?: string;

  @Optional({ nullable: true })
  @IsString()
  @Length(1, 500)
  @ApiProperty({ type: String, nullable: true, required: false })
  apiKey?: string | null;

  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => EndpointModelInputDto)
  @Transform(capRows)
  models?: EndpointModelInputDto[];

  @Optional()
  @IsBoolean()
  skipCheck?: boolean;
}

/** One model of an endpoint as stored, with the id users pick it by. */
export class EndpointModelDto {
  /** `endpoint/<slug>/<vendorModel>`. */
  id: string;
  vendorModel: string;
  name: string;
  @ApiProperty({ type: Number, nullable: true })
  contextTokens: number | null;
  vision: boolean;
  inputPricePerMTok: number;
  outputPricePerMTok: number;
}

/** What the check of an endpoint found when it was saved. */
export class EndpointCheckDto {
  /** `ok`: the endpoint answered its model list with this key; `skipped`: saved with `skipCheck`. */
  @ApiProperty({ enum: ['ok', 'skipped'] })
  status: 'ok' | 'skipped';
  /** The models the endpoint listed (at most 200), to compare with the ones configured. */
  listedModels: string[];
}

/** An endpoint as admins see it: never its key, only whether it has one and the key's last four characters. */
export class AdminEndpointDto {
  id: string;
  name: string;
  slug: string;
  baseUrl: string;
  hasKey: boolean;
  @ApiProperty({ type: String, nullable: true })
  keyLast4: string | null;
  @ApiProperty({ type: [EndpointModelDto] })
  models: EndpointModelDto[];
  createdAt: Date;
  updatedAt: Date;
  /** Set on the answer to a create or an update. */
  @ApiProperty({ type: EndpointCheckDto, required: false })
  check?: EndpointCheckDto;
}
