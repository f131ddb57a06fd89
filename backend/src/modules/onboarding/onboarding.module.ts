import { Module } from '@nestjs/common';
import { AiModule } from '../../ai/ai.module';
import { AuthModule } from '../auth/auth.module';
import { ChatModule } from '../chat/chat.module';
import { MediaModule } from '../media/media.module';
import { OnboardingController } from './onboarding.controller';
import { OnboardingService } from './onboarding.service';

/** The first-run checklist of the home page: reads the other areas through their exported services. */
@Module({
  imports: [AiModule, AuthModule, ChatModule, MediaModule],
  controllers: [OnboardingController],
  providers: [OnboardingService],
})
export class OnboardingModule {}
