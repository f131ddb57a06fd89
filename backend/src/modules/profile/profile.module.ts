import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { ProviderRegistry } from '../../ai/provider-registry';
import { AuthModule } from '../auth/auth.module';
import { UsersService } from '../auth/users.service';
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
export class ProfileModule implements OnModuleInit {
  constructor(
    private readonly registry: ProviderRegistry,
    private readonly users: UsersService,
  ) {}

  /** The offline model writes its own sentences in the language of the user's profile. */
  onModuleInit(): void {
    this.registry.useUserLanguages((userId) => this.users.languageOf(userId));
  }
}
