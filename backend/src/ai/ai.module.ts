import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BudgetGate } from './budget-gate';
import { CredentialsService } from './credentials.service';
import { EmbeddingRegistry } from './embedding-registry';
import { GenerationRegistry } from './generation-registry';
import { ModelEndpoint } from './endpoints/model-endpoint.entity';
import { ModelEndpoints } from './endpoints/model-endpoints.service';
import { ModelCatalogue } from './model-catalogue.service';
import { ModelLatency } from './model-latency';
import { ModelAccess } from './model-access/model-access.service';
import { ModelSetting } from './model-access/model-setting.entity';
import { ProviderAccess } from './provider-keys/provider-access.entity';
import { ProviderApiKey } from './provider-keys/provider-api-key.entity';
import { KeyVerifier } from './provider-keys/key-verifier';
import { ProviderKeysService } from './provider-keys/provider-keys.service';
import { ProviderRegistry } from './provider-registry';
import { UsageRecord } from './usage-record.entity';
import { UsageService } from './usage.service';

/** The provider layer: areas ask it for a model by id and get a capability. */
@Module({
  imports: [TypeOrmModule.forFeature([UsageRecord, ProviderApiKey, ProviderAccess, ModelSetting, ModelEndpoint])],
  providers: [ProviderKeysService, KeyVerifier, CredentialsService, ProviderRegistry, GenerationRegistry, EmbeddingRegistry, UsageService, ModelLatency, ModelCatalogue, BudgetGate, ModelAccess, ModelEndpoints],
  exports: [ProviderKeysService, KeyVerifier, CredentialsService, ProviderRegistry, GenerationRegistry, EmbeddingRegistry, UsageService, ModelLatency, ModelCatalogue, BudgetGate, ModelAccess, ModelEndpoints],
})
export class AiModule {}
