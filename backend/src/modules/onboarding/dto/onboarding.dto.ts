import { ApiProperty } from '@nestjs/swagger';

/**
 * The steps of the first run, each ticked from the user's own data: `offline-chat` (a reply of the
 * offline model), `api-key` (a provider key of their own), `default-model` (a default chat model chosen in the
 * profile), `document` (a file uploaded to the media
 * library), `agent` (a conversation with an agent).
 */
export const ONBOARDING_STEPS = ['offline-chat', 'api-key', 'default-model', 'document', 'agent'] as const;
export type OnboardingStepId = (typeof ONBOARDING_STEPS)[number];

export class OnboardingStepDto {
  @ApiProperty({ enum: ONBOARDING_STEPS })
  id: OnboardingStepId;
  /** Done, as the user's data shows (never set by hand). */
  done: boolean;
}

export class OnboardingDto {
  /** In the order a new user takes them. */
  @ApiProperty({ type: [OnboardingStepDto] })
  steps: OnboardingStepDto[];
  /** Every step is done. */
  complete: boolean;
  /** The user put the checklist away. */
  dismissed: boolean;
}
