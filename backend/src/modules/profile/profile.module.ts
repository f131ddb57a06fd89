import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthModule } from '../auth/auth.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { ProviderApiKey } from './provider-api-key.entity';
import { ProviderKeysService } from './provider-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([ProviderApiKey]), AuthModule],
  controllers: [ProfileController],
  providers: [ProfileService, ProviderKeysService],
  exports: [ProfileService, ProviderKeysService],
})
export class ProfileModule {}
