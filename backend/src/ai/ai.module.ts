import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProfileModule } from '../modules/profile/profile.module';
import { CredentialsService } from './credentials.service';
import { EmbeddingRegistry } from './embedding-registry';
import { GenerationRegistry } from './generation-registry';
import { ModelLatency } from './model-latency';
import { ProviderRegistry } from './provider-registry';
import { UsageRecord } from './usage-record.entity';
import { UsageService } from './usage.service';

/** The provider layer: areas ask it for a model by id and get a capability. */
@Module({
  imports: [TypeOrmModule.forFeature([UsageRecord]), ProfileModule],
  providers: [CredentialsService, ProviderRegistry, GenerationRegistry, EmbeddingRegistry, UsageService, ModelLatency],
  exports: [CredentialsService, ProviderRegistry, GenerationRegistry, EmbeddingRegistry, UsageService, ModelLatency],
})
export class AiModule {}
