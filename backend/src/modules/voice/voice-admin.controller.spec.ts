import { controllerSetup, describeRouteAccess, describeValidation, dto } from '../../../test/support/controller-setup';
import { TwilioCredentialsDto } from './dto/voice.dto';
import { TwilioConnectionsService } from './twilio-connections.service';
import { VoiceAdminController } from './voice-admin.controller';

describe(VoiceAdminController.name, () => {
  const api = controllerSetup(VoiceAdminController, { mocks: [TwilioConnectionsService] });
  const connections = api.mock(TwilioConnectionsService);
  const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

  describeRouteAccess(api, { admin: 'all' });

  describeValidation(api, [
    {
      handler: 'connectWorkspaceTwilio',
      as: 'admin',
      body: { accountSid: ACCOUNT, authToken: 'workspace-token' },
      wrong: { accountSid: 42 },
      calls: [connections.connect, null, dto(TwilioCredentialsDto, { accountSid: ACCOUNT, authToken: 'workspace-token' })],
    },
  ]);
});
