import { controllerSetup, describeRouteAccess } from '../../../test/support/controller-setup';
import { OnboardingDto } from './dto/onboarding.dto';
import { OnboardingController } from './onboarding.controller';
import { OnboardingService } from './onboarding.service';

describe(OnboardingController.name, () => {
  const api = controllerSetup(OnboardingController, { mocks: [OnboardingService] });
  const onboarding = api.mock(OnboardingService);

  describeRouteAccess(api);

  it('answers the checklist computed for the user', async () => {
    const checklist: OnboardingDto = { steps: [{ id: 'offline-chat', done: true }, { id: 'api-key', done: false }], complete: false, dismissed: false };
    onboarding.get.mockResolvedValue(checklist);
    await api.http().get('/api/profile/onboarding').set(api.auth.user).expect(200, checklist);
    expect(onboarding.get).toHaveBeenCalledWith(api.user);
  });

  it('puts the checklist away for the user', async () => {
    await api.http().post('/api/profile/onboarding/dismiss').set(api.auth.user).expect(204);
    expect(onboarding.dismiss).toHaveBeenCalledWith(api.user);
  });
});
