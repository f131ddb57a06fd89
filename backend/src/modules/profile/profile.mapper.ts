import type { ProviderKeyRecord } from '../../ai/provider-keys/provider-keys.service';
import type { Page } from '../../common/pagination';
import type { AccessTokenDto, ApiKeyDto } from './dto/profile.dto';
import type { PersonalAccessToken } from './personal-access-token.entity';

/** A stored provider key as the API shows it (masked; the record never holds the secret). */
export function toApiKeyDto({ id, provider, label, maskedKey, baseUrl, accountId, status, lastCheckedAt, lastError, createdAt, allowed }: ProviderKeyRecord): ApiKeyDto {
  return { id, provider, label, maskedKey, baseUrl, accountId, status, lastCheckedAt, lastError, createdAt, allowed };
}

export function toApiKeyPage(page: Page<ProviderKeyRecord>): Page<ApiKeyDto> {
  return { ...page, items: page.items.map(toApiKeyDto) };
}

/** A personal access token as its owner sees it: never the token, only its hint. */
export function toAccessTokenDto(row: PersonalAccessToken): AccessTokenDto {
  return {
    id: row.id,
    name: row.name,
    hint: row.tokenHint,
    createdAt: row.createdAt,
    ...(row.lastUsedAt ? { lastUsedAt: row.lastUsedAt } : {}),
    ...(row.expiresAt ? { expiresAt: row.expiresAt } : {}),
    ...(row.revokedAt ? { revokedAt: row.revokedAt } : {}),
  };
}
