import { Injectable } from '@nestjs/common';
import { ProviderKeysService } from '../../ai/provider-keys/provider-keys.service';
import { AuthUser } from '../../common/auth.decorators';
import { UsersService } from '../auth/users.service';
import { ConversationsService } from '../chat/conversations.service';
import { MediaService } from '../media/media.service';
import { OnboardingDto, OnboardingStepId } from './dto/onboarding.dto';

/** The home page's first-run checklist, computed from what the user has done (nothing is stored but its dismissal). */
@Injectable()
export class OnboardingService {
  constructor(
    private readonly users: UsersService,
    private readonly conversations: ConversationsService,
    private readonly media: MediaService,
    private readonly keys: ProviderKeysService,
  ) {}

  async get(user: AuthUser): Promise<OnboardingDto> {
    const [account, chat, uploads, keys] = await Promise.all([
      this.users.getById(user.id),
      this.conversations.activity(user.id),
      this.media.hasUploads(user.id),
      this.keys.providersWithKeys({ userId: user.id }),
    ]);
    const done: Record<OnboardingStepId, boolean> = {
      'offline-chat': chat.offlineReply,
      'api-key': keys.size > 0,
      'default-model': account.defaultChatModel !== null,
      document: uploads,
      agent: chat.agentConversation,
    };
    const steps = (Object.keys(done) as OnboardingStepId[]).map((id) => ({ id, done: done[id] }));
    return { steps, complete: steps.every((step) => step.done), dismissed: account.onboardingDismissedAt !== null };
  }

  async dismiss(user: AuthUser): Promise<void> {
    await this.users.dismissOnboarding(user.id);
  }
}
