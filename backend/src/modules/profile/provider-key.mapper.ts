import type { ProviderKeyRecord } from '../../ai/provider-keys/provider-keys.service';
import type { Page } from '../../common/pagination';
import type { ApiKeyDto } from './dto/profile.dto';

/** A stored provider key as the API shows it (masked; the record never holds the secret). */
export function toApiKeyDto({ id, provider, label, maskedKey, baseUrl, accountId, createdAt }: ProviderKeyRecord): ApiKeyDto {
  return { id, provider, label, maskedKey, baseUrl, accountId, createdAt };
}

export function toApiKeyPage(page: Page<ProviderKeyRecord>): Page<ApiKeyDto> {
  return { ...page, items: page.items.map(toApiKeyDto) };
}
