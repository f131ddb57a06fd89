import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import { DomainError, notFound } from '../../common/domain-error';
import { CommonErrorCode } from '../../common/error-codes';
import { AiErrorCode } from '../ai.errors';
import { Page, PageQueryDto, skipTake, toPage } from '../../common/pagination';
import { maskSecret, SecretBox } from '../../common/secret-box';
import { CacheHub, SharedCache } from '../../common/shared-cache';
import { AppConfig } from '../../config/app-config';
import { BlockedUrlError, checkStoredUrl } from '../../outbound/ssrf';
import type { KeyCheck } from './key-verifier';
import { KEY_PROVIDERS, KeyProvider, KeyStatus, ProviderApiKey } from './provider-api-key.entity';
import { ProviderAccess } from './provider-access.entity';

const TWILIO_ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;

/** Whose keys: a user's own, or the workspace's (set by an admin, used by everyone). */
export type KeyOwner = { userId: string } | 'workspace';

/** A credential to store: the secret in clear, sealed before it is written. */
export interface NewProviderKey {
  provider: KeyProvider;
  key: string;
  /** Defaults to the provider's name. */
  label?: string;
  baseUrl?: string;
  /** A non-secret identifier some providers need next to the secret (Twilio's Account SID). */
  accountId?: string;
}

/** A stored credential as it may be shown: masked, never the secret. */
export interface ProviderKeyRecord {
  id: string;
  provider: KeyProvider;
  label: string;
  maskedKey: string;
  baseUrl?: string;
  accountId?: string;
  status: KeyStatus;
  lastCheckedAt?: Date;
  lastError?: string;
  createdAt: Date;
  /** False when an admin turned off this kind of key for its provider (users' own keys, or the workspace's): it is kept but not used. */
  allowed: boolean;
}

/** What an admin allows for a provider (both, unless they turned one off). */
export interface ProviderAccessRule {
  allowOwnKeys: boolean;
  allowWorkspaceKey: boolean;
}

const ALLOW_ALL: ProviderAccessRule = { allowOwnKeys: true, allowWorkspaceKey: true };
const ACCESS_TAG = 'provider-access';

/** A decrypted credential, for the provider layer only: never serialised to a client or a log. */
export interface StoredCredential {
  provider: KeyProvider;
  key: string;
  baseUrl?: string;
  accountId?: string;
}

/** A stored credential a user's calls use, and whose it is. */
export interface KeyInReach extends StoredCredential {
  source: 'user' | 'workspace';
}

/** The columns a credential is opened from. */
type SealedKey = Pick<ProviderApiKey, 'provider' | 'ownerId' | 'encryptedKey' | 'baseUrl' | 'accountId'>;

/** A key changed in a way Redis could not tell this instance is used at most this long after. */
const KEYS_CACHE_TTL_MS = 30_000;
const keysTag = (ownerId: string | null) => `keys:${ownerId ?? 'workspace'}`;

const ownerIdOf = (owner: KeyOwner) => (owner === 'workspace' ? null : owner.userId);
/** Bound to each ciphertext, so a sealed key moved to another owner's row does not decrypt. */
const sealContext = (ownerId: string | null) => ownerId ?? 'workspace';

function toRecord(row: ProviderApiKey, allowed = true): ProviderKeyRecord {
  return {
    id: row.id,
    provider: row.provider,
    label: row.label,
    maskedKey: row.maskedKey,
    ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
    ...(row.accountId ? { accountId: row.accountId } : {}),
    status: row.status,
    ...(row.lastCheckedAt ? { lastCheckedAt: row.lastCheckedAt } : {}),
    ...(row.lastError ? { lastError: row.lastError } : {}),
    createdAt: row.createdAt,
    allowed,
  };
}

/**
 * The provider-key store: users' and workspace credentials, sealed with AES-256-GCM at rest and
 * only ever shown masked. Profile and admin manage keys through it; `CredentialsService` reads them.
 */
@Injectable()
export class ProviderKeysService {
  /** Per user, every key their calls use, decrypted: read once, dropped when one of them changes. */
  private readonly inReach: SharedCache<Map<KeyProvider, KeyInReach>>;
  /** The admin's rules per provider: one small table, read once, dropped when an admin changes it. */
  private readonly rulesCache: SharedCache<Map<KeyProvider, ProviderAccessRule>>;

  constructor(
    private readonly secrets: SecretBox,
    private readonly config: AppConfig,
    @InjectRepository(ProviderApiKey) private readonly keys: Repository<ProviderApiKey>,
    @InjectRepository(ProviderAccess) private readonly access: Repository<ProviderAccess>,
    private readonly cacheHub: CacheHub,
  ) {
    this.inReach = cacheHub.cache('keys-in-reach', { ttlMs: KEYS_CACHE_TTL_MS, maxEntries: 10_000 });
    this.rulesCache = cacheHub.cache('provider-access', { ttlMs: KEYS_CACHE_TTL_MS, maxEntries: 1 });
  }

  async list(owner: KeyOwner, query: PageQueryDto): Promise<Page<ProviderKeyRecord>> {
    const [result, rules] = await Promise.all([this.keys.findAndCount({ where: { ownerId: this.whereOwner(owner) }, order: { createdAt: 'DESC' }, ...skipTake(query) }), this.accessRules()]);
    return toPage(result, query, (row) => toRecord(row, allows(rules, row.provider, row.ownerId === null ? 'workspace' : 'user')));
  }

  /** Every provider's rule (a provider an admin never changed allows both), from memory on the hot path. */
  async accessRules(): Promise<Map<KeyProvider, ProviderAccessRule>> {
    let rules = this.rulesCache.get('all');
    if (!rules) {
      const ticket = this.rulesCache.ticket();
      const rows = await this.access.find();
      rules = new Map(rows.map((row) => [row.provider, { allowOwnKeys: row.allowOwnKeys, allowWorkspaceKey: row.allowWorkspaceKey }]));
      this.rulesCache.set('all', rules, [ACCESS_TAG], ticket);
    }
    return rules;
  }

  /** One provider's rule. */
  async accessRule(provider: KeyProvider): Promise<ProviderAccessRule> {
    return (await this.accessRules()).get(provider) ?? ALLOW_ALL;
  }

  /** Changes what users may use for a provider; every user's next call follows it (every instance's cache is dropped). */
  async setAccessRule(provider: KeyProvider, change: Partial<ProviderAccessRule>): Promise<ProviderAccessRule> {
    const next = { ...(await this.accessRule(provider)), ...definedOnly(change) };
    await this.access.upsert({ provider, allowOwnKeys: next.allowOwnKeys, allowWorkspaceKey: next.allowWorkspaceKey }, ['provider']);
    // The keys in reach of every user were chosen under the old rule: each entry carries the workspace's tag.
    await this.cacheHub.invalidate([ACCESS_TAG, keysTag(null)]);
    return next;
  }

  /** 403 when an admin turned off users' own keys for the provider (checked before a user's key is verified or stored). */
  async assertOwnKeysAllowed(provider: KeyProvider): Promise<void> {
    if ((await this.accessRule(provider)).allowOwnKeys) return;
    throw new DomainError('forbidden', AiErrorCode.OWN_KEYS_NOT_ALLOWED, `An administrator turned off personal keys for ${provider}: your calls use the workspace's key`, undefined, { provider });
  }

  /** Refuses what `create` would refuse before anything is called with the key (a bad Twilio SID, a user's base URL aimed inside). */
  async assertAcceptable(owner: KeyOwner, input: NewProviderKey): Promise<void> {
    if (input.provider === 'twilio' && !TWILIO_ACCOUNT_SID.test(input.accountId ?? '')) {
      throw new DomainError('invalid', CommonErrorCode.VALIDATION_FAILED, 'Invalid request: accountId', [
        { field: 'accountId', message: 'accountId must be a Twilio Account SID (AC followed by 32 hex characters)' },
      ]);
    }
    // A user's base URL aims the server's requests: refused now if it points inside (and again at each use).
    if (owner !== 'workspace' && input.baseUrl) await this.checkBaseUrl(input.baseUrl);
  }

  /** Stores a key; `check` is what its verification found (none: `unchecked`). */
  async create(owner: KeyOwner, input: NewProviderKey, check?: KeyCheck): Promise<ProviderKeyRecord> {
    await this.assertAcceptable(owner, input);
    const ownerId = ownerIdOf(owner);
    const row = this.keys.create({
      ownerId,
      provider: input.provider,
      label: input.label ?? input.provider,
      encryptedKey: this.secrets.seal(input.key, sealContext(ownerId)),
      maskedKey: maskSecret(input.key),
      baseUrl: input.baseUrl ?? null,
      accountId: input.accountId ?? null,
      status: check?.status ?? 'unchecked',
      lastCheckedAt: check?.checkedAt ?? null,
      lastError: check?.error ?? null,
    });
    const saved = await this.keys.save(row);
    await this.cacheHub.invalidate([keysTag(ownerId)]);
    return toRecord(saved);
  }

  /** One stored key of that owner, decrypted, to verify it again (404 for another owner's). */
  async openOwn(owner: KeyOwner, id: string): Promise<StoredCredential> {
    const row = await this.keys.findOne({ where: { id, ownerId: this.whereOwner(owner) } });
    if (!row) throw notFound(AiErrorCode.API_KEY_NOT_FOUND, 'API key');
    return this.open(row);
  }

  /** Records what a new verification of a key found. */
  async recordCheck(owner: KeyOwner, id: string, check: KeyCheck): Promise<ProviderKeyRecord> {
    const row = await this.keys.findOne({ where: { id, ownerId: this.whereOwner(owner) } });
    if (!row) throw notFound(AiErrorCode.API_KEY_NOT_FOUND, 'API key');
    Object.assign(row, { status: check.status, lastCheckedAt: check.checkedAt, lastError: check.error });
    return toRecord(await this.keys.save(row));
  }

  async delete(owner: KeyOwner, id: string): Promise<void> {
    const result = await this.keys.delete({ id, ownerId: this.whereOwner(owner) });
    if (!result.affected) throw notFound(AiErrorCode.API_KEY_NOT_FOUND, 'API key');
    await this.cacheHub.invalidate([keysTag(ownerIdOf(owner))]);
  }

  /** The most recent credential of that owner for a provider, decrypted. */
  async find(owner: KeyOwner, provider: KeyProvider): Promise<StoredCredential | undefined> {
    const row = await this.keys.findOne({ where: { ownerId: this.whereOwner(owner), provider }, order: { createdAt: 'DESC' } });
    return row ? this.open(row) : undefined;
  }

  /**
   * For each provider, the key a user's calls use: their own most recent one, else the
   * workspace's. Every provider's in one query, kept in memory until one of the user's keys or
   * the workspace's changes (create, delete): the hot path reads no row.
   */
  async findInReach(userId: string, providers: readonly KeyProvider[]): Promise<Map<KeyProvider, KeyInReach>> {
    if (!providers.length) return new Map();
    let all = this.inReach.get(userId);
    if (!all) {
      const ticket = this.inReach.ticket();
      const rules = await this.accessRules();
      // `owner_id IS NULL` sorts the user's own keys (false) before the workspace's (true); the first
      // one the admin's rule for its provider allows is the one used.
      const rows: SealedKey[] = await this.keys.query(
        `SELECT provider, owner_id AS "ownerId", encrypted_key AS "encryptedKey", base_url AS "baseUrl", account_id AS "accountId"
           FROM provider_api_keys
          WHERE provider = ANY($2) AND (owner_id = $1 OR owner_id IS NULL)
          ORDER BY provider, owner_id IS NULL, created_at DESC`,
        [userId, KEY_PROVIDERS],
      );
      all = new Map();
      for (const row of rows) {
        const source = row.ownerId === null ? 'workspace' : 'user';
        if (all.has(row.provider) || !allows(rules, row.provider, source)) continue;
        all.set(row.provider, { ...this.open(row), source });
      }
      this.inReach.set(userId, all, [keysTag(userId), keysTag(null)], ticket);
    }
    const found = new Map<KeyProvider, KeyInReach>();
    for (const provider of providers) if (all.has(provider)) found.set(provider, all.get(provider)!);
    return found;
  }

  /** How many keys an owner has per provider (no decryption). */
  async countByProvider(owner: KeyOwner): Promise<Map<KeyProvider, number>> {
    const rows = await this.keys.find({ select: { provider: true }, where: { ownerId: this.whereOwner(owner) } });
    const counts = new Map<KeyProvider, number>();
    for (const row of rows) counts.set(row.provider, (counts.get(row.provider) ?? 0) + 1);
    return counts;
  }

  /** Which providers an owner has at least one key for (no decryption). */
  async providersWithKeys(owner: KeyOwner): Promise<Set<KeyProvider>> {
    const rows = await this.keys.find({ select: { provider: true }, where: { ownerId: this.whereOwner(owner) } });
    return new Set(rows.map((row) => row.provider));
  }

  private open(row: SealedKey): StoredCredential {
    return {
      provider: row.provider,
      key: this.secrets.open(row.encryptedKey, sealContext(row.ownerId)),
      ...(row.baseUrl ? { baseUrl: row.baseUrl } : {}),
      ...(row.accountId ? { accountId: row.accountId } : {}),
    };
  }

  private async checkBaseUrl(baseUrl: string): Promise<void> {
    try {
      await checkStoredUrl(baseUrl, { allowlist: this.config.fetchAllowlist });
    } catch (error) {
      if (!(error instanceof BlockedUrlError)) throw error;
      throw new DomainError('invalid', AiErrorCode.BASE_URL_BLOCKED, 'Invalid request: baseUrl', [
        {
          field: 'baseUrl',
          message: `${error.message}. A model server on your own machine or network (Ollama, LM Studio, vLLM) can be used only if the admin adds its host:port to WEBOX_FETCH_ALLOWLIST, or as a workspace key`,
        },
      ]);
    }
  }

  private whereOwner(owner: KeyOwner) {
    const ownerId = ownerIdOf(owner);
    return ownerId === null ? IsNull() : ownerId;
  }
}

function allows(rules: Map<KeyProvider, ProviderAccessRule>, provider: KeyProvider, source: 'user' | 'workspace'): boolean {
  const rule = rules.get(provider) ?? ALLOW_ALL;
  return source === 'user' ? rule.allowOwnKeys : rule.allowWorkspaceKey;
}

function definedOnly(change: Partial<ProviderAccessRule>): Partial<ProviderAccessRule> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}
