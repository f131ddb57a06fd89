import { Module } from '@nestjs/common';
import { ProfileModule } from '../modules/profile/profile.module';
import { CredentialsService } from './credentials.service';
import { ProviderRegistry } from './provider-registry';

/** The provider layer: areas ask it for a model by id and get a capability. */
@Module({
  imports: [ProfileModule],
  providers: [CredentialsService, ProviderRegistry],
  exports: [CredentialsService, ProviderRegistry],
})
export class AiModule {}
