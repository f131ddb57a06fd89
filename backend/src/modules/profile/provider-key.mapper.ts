import type { ProviderKeyRecord } from '../../ai/provider-keys/provider-keys.service';
import type { Page } from '../../common/pagination';
import type { ApiKeyDto } from './dto/profile.dto';

/** A stored provider key as the API shows it (masked; the record never holds the secret). */
export function toApiKeyDto(record: ProviderKeyRecord): ApiKeyDto {
  return {
    id: record.id,
    provider: record.provider,
    label: record.label,
    maskedKey: record.maskedKey,
    ...(record.baseUrl ? { baseUrl: record.baseUrl } : {}),
    ...(record.accountId ? { accountId: record.accountId } : {}),
    createdAt: record.createdAt,
  };
}

export function toApiKeyPage(page: Page<ProviderKeyRecord>): Page<ApiKeyDto> {
  return { ...page, items: page.items.map(toApiKeyDto) };
}
