import { Module } from '@nestjs/common';
import { AiModule } from '../../ai/ai.module';
import { ProfileModule } from '../profile/profile.module';
import { OpenAiCompatController } from './openai-compat.controller';
import { OpenAiCompatService } from './openai-compat.service';
import { PersonalTokenGuard } from './personal-token.guard';

@Module({
  imports: [AiModule, ProfileModule],
  controllers: [OpenAiCompatController],
  providers: [OpenAiCompatService, PersonalTokenGuard],
})
export class OpenAiCompatModule {}
