import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { AuthModule } from '../auth/auth.module';
import { ProfileController } from './profile.controller';
import { ProfileService } from './profile.service';
import { AccessTokensService } from './access-tokens.service';
import { PersonalAccessToken } from './personal-access-token.entity';

@Module({
  imports: [TypeOrmModule.forFeature([PersonalAccessToken]), AuthModule, AiModule],
  controllers: [ProfileController],
  providers: [ProfileService, AccessTokensService],
  exports: [ProfileService, AccessTokensService],
})
export class ProfileModule {}
