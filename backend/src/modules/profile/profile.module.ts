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
import { Agent } from '../agents/agent.entity';
import { ChatMessage } from '../chat/chat-message.entity';
import { Conversation } from '../chat/conversation.entity';
import { MediaFile } from '../media/media-file.entity';
import { Prompt } from '../prompts/prompt.entity';
import { ProfileExportService } from './profile-export.service';

@Module({
  imports: [TypeOrmModule.forFeature([PersonalAccessToken, Conversation, ChatMessage, Prompt, Agent, MediaFile]), AuthModule, AiModule],
  controllers: [ProfileController],
  providers: [ProfileService, AccessTokensService, ProfileExportService],
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
