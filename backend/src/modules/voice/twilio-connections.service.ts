import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError } from '../../common/domain-error';
import { maskSecret, SecretBox } from '../../common/secret-box';
import { AppConfig } from '../../config/app-config';
import type { TwilioConnectionDto, TwilioCredentialsDto, TwilioNumberDto } from './dto/voice.dto';
import { TwilioGateway, type TwilioCredentials } from './twilio-gateway';
import { VoiceAssistantsService } from './voice-assistants.service';
import { TwilioConnection, VoiceAssistant } from './voice.entities';
import { VoiceErrorCode } from './voice.errors';

/**
 * How long an account's opened Auth Tokens are kept for the webhooks' signature check (every webhook
 * needs them; reading and opening them was a statement per webhook). A token changed or removed
 * through this instance applies at once; through another, within this time (a signature that fails
 * against kept tokens is checked again against the stored ones before it is refused, so a rotated
 * token never refuses Twilio).
 */
export const TOKEN_CACHE_MS = 5_000;

/** Where Twilio posts: the call webhook, and the status, gather and recording callbacks under it. */
export const WEBHOOK_PATH = '/api/voice/webhook/twilio';

/**
 * Twilio accounts: a user's own, or the workspace's (an admin's); the Auth Token checked with Twilio
 * before it is stored, sealed with the SecretBox, never returned. A user's calls use their own account
 * when they have one, the workspace's otherwise.
 */
@Injectable()
export class TwilioConnectionsService {
  constructor(
    @InjectRepository(TwilioConnection) private readonly connections: Repository<TwilioConnection>,
    @InjectRepository(VoiceAssistant) private readonly assistantRows: Repository<VoiceAssistant>,
    private readonly assistants: VoiceAssistantsService,
    private readonly gateway: TwilioGateway,
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
  ) {}

  private readonly tokenCache = new Map<string, { tokens: { ownerId: string | null; authToken: string }[]; until: number }>();

  async status(user: AuthUser): Promise<TwilioConnectionDto> {
    const own = await this.connections.findOneBy({ ownerId: user.id });
    const connection = own ?? (await this.connections.findOneBy({ ownerId: IsNull() }));
    return this.describe(connection, own ? 'user' : connection ? 'workspace' : 'none');
  }

  async workspaceStatus(): Promise<TwilioConnectionDto> {
    const connection = await this.connections.findOneBy({ ownerId: IsNull() });
    return this.describe(connection, connection ? 'workspace' : 'none');
  }

  /** Stores the user's account (null: the workspace's) once Twilio accepts it; nothing is stored otherwise. */
  async connect(ownerId: string | null, dto: TwilioCredentialsDto): Promise<TwilioConnectionDto> {
    await this.gateway.verify(dto);
    const existing = await this.connections.findOneBy({ ownerId: ownerId ?? IsNull() });
    const row = existing ?? this.connections.create({ ownerId, accountSid: dto.accountSid, authTokenSealed: '' });
    if (!existing) row.id = randomUUID();
    row.accountSid = dto.accountSid;
    row.authTokenSealed = this.secrets.seal(dto.authToken, row.id);
    await this.connections.save(row);
    this.tokenCache.clear();
    return ownerId ? this.describe(row, 'user') : this.workspaceStatus();
  }

  async disconnect(ownerId: string | null): Promise<void> {
    await this.connections.delete({ ownerId: ownerId ?? IsNull() });
    this.tokenCache.clear();
  }

  /** The credentials a user's calls use: their own account, else the workspace's; a 400 when neither exists. */
  async credentialsFor(ownerId: string): Promise<TwilioCredentials> {
    const found = await this.findFor(ownerId);
    if (!found) throw new DomainError('invalid', VoiceErrorCode.VOICE_TWILIO_NOT_CONNECTED, 'No Twilio account is connected: connect one (PUT /api/voice/twilio) or ask an admin to connect the workspace’s');
    return found;
  }

  async findFor(ownerId: string): Promise<TwilioCredentials | undefined> {
    // The owner's own account, else the workspace's (owner_id null sorts last): one query.
    const [row] = await this.sealedRows('owner_id = $1 OR owner_id IS NULL ORDER BY owner_id NULLS LAST LIMIT 1', [ownerId]);
    return row ? { accountSid: row.accountSid, authToken: this.secrets.open(row.sealed, row.id) } : undefined;
  }

  /** Every stored Auth Token of one Account SID (a webhook's signature is checked against them). */
  async tokensOfAccount(accountSid: string): Promise<{ ownerId: string | null; authToken: string }[]> {
    const rows = await this.sealedRows('account_sid = $1', [accountSid]);
    const tokens = rows.map((row) => ({ ownerId: row.ownerId, authToken: this.secrets.open(row.sealed, row.id) }));
    // Only known accounts are kept: an unknown AccountSid (a forged webhook, or one connected a moment ago elsewhere) is read each time.
    if (tokens.length) this.tokenCache.set(accountSid, { tokens, until: Date.now() + TOKEN_CACHE_MS });
    else this.tokenCache.delete(accountSid);
    return tokens;
  }

  /** The account's tokens as kept for up to TOKEN_CACHE_MS (`kept`), or read now. */
  async keptTokensOfAccount(accountSid: string): Promise<{ tokens: { ownerId: string | null; authToken: string }[]; kept: boolean }> {
    const entry = this.tokenCache.get(accountSid);
    if (entry && entry.until > Date.now()) return { tokens: entry.tokens, kept: true };
    return { tokens: await this.tokensOfAccount(accountSid), kept: false };
  }

  async numbers(user: AuthUser): Promise<TwilioNumberDto[]> {
    const numbers = await this.gateway.listNumbers(await this.credentialsFor(user.id));
    const mine = await this.assistantRows.findBy({ ownerId: user.id, phoneNumber: In(numbers.map((number) => number.phoneNumber)) });
    return numbers.map((number) => ({ ...number, assistantId: mine.find((assistant) => assistant.phoneNumber === number.phoneNumber)?.id ?? null }));
  }

  /** Points the number's voice webhook (and status callback) at Webox and gives it to the assistant. */
  async connectNumber(user: AuthUser, sid: string, assistantId: string): Promise<TwilioNumberDto> {
    await this.assistants.owned(user, assistantId);
    const base = this.publicBase();
    const credentials = await this.credentialsFor(user.id);
    const known = (await this.gateway.listNumbers(credentials)).find((number) => number.sid === sid);
    if (!known) throw new DomainError('not_found', VoiceErrorCode.VOICE_NUMBER_NOT_FOUND, `The Twilio account has no incoming number ${sid}`);
    await this.assistants.assignNumber(user, assistantId, known.phoneNumber);
    const number = await this.gateway.connectNumber(credentials, sid, `${base}${WEBHOOK_PATH}`, `${base}${WEBHOOK_PATH}/status`);
    return { ...number, assistantId };
  }

  /** WEBOX_PUBLIC_URL, which Twilio must be able to reach: a 400 saying so when unset. */
  publicBase(): string {
    if (!this.config.publicUrl) throw new DomainError('invalid', VoiceErrorCode.VOICE_PUBLIC_URL_MISSING, 'Set WEBOX_PUBLIC_URL to the address Twilio reaches Webox at (https://…) first');
    return this.config.publicUrl;
  }

  /**
   * The sealed rows of a condition, in plain SQL: every Twilio webhook reads them (the signature
   * check), and TypeORM's `find` spent more CPU building and mapping this one query than the query took.
   */
  private sealedRows(condition: string, parameters: unknown[]): Promise<{ id: string; ownerId: string | null; accountSid: string; sealed: string }[]> {
    return this.connections.query(`SELECT id, owner_id AS "ownerId", account_sid AS "accountSid", auth_token_sealed AS sealed FROM voice_twilio_connections WHERE ${condition}`, parameters);
  }

  private describe(connection: TwilioConnection | null, source: TwilioConnectionDto['source']): TwilioConnectionDto {
    return {
      connected: !!connection,
      source,
      accountSid: connection ? maskSecret(connection.accountSid) : null,
      publicUrlConfigured: !!this.config.publicUrl,
      webhookUrl: this.config.publicUrl ? `${this.config.publicUrl}${WEBHOOK_PATH}` : null,
    };
  }
}
