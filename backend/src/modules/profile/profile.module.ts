import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { AccessTokensService } from './access-tokens.service';
import { PersonalAccessToken } from './personal-access-token.entity';
import { ProviderApiKey } from './provider-api-key.entity';
import { ProviderKeysService } from './provider-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderApiKey, PersonalAccessToken]), AuthModule],
  controllers: [ProfileController],
  providers: [ProfileService, ProviderKeysService, AccessTokensService],
  exports: [ProfileService, ProviderKeysService, AccessTokensService],
})
export class ProfileModule {}
