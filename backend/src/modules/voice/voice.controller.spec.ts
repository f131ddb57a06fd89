import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { CallQueryDto, PlaceCallDto, TestTurnInputDto, TwilioCredentialsDto, VoiceAssistantInputDto, VoiceAssistantPatchDto } from './dto/voice.dto';
import { TwilioConnectionsService } from './twilio-connections.service';
import { VoiceAssistantsService } from './voice-assistants.service';
import { VoiceCallsService } from './voice-calls.service';
import { VoiceController } from './voice.controller';
import { VoiceErrorCode } from './voice.errors';

describe(VoiceController.name, () => {
  const api = controllerSetup(VoiceController, { mocks: [VoiceAssistantsService, TwilioConnectionsService, VoiceCallsService] });
  const assistants = api.mock(VoiceAssistantsService);
  const connections = api.mock(TwilioConnectionsService);
  const calls = api.mock(VoiceCallsService);
  const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'createVoiceAssistant',
      body: { name: ' Desk ', greeting: 'Hello', phoneNumber: '+14155550100', voice: { provider: 'twilio', voice: 'Polly.Joanna' } },
      wrong: { name: '', greeting: 'x'.repeat(1001), phoneNumber: '0612345678', language: 'french', maxCallSeconds: 5, silenceReprompts: 9, voice: 'robot', agentId: 'nope' },
      calls: [assistants.create, api.user, dto(VoiceAssistantInputDto, { name: 'Desk', greeting: 'Hello', phoneNumber: '+14155550100', voice: { provider: 'twilio', voice: 'Polly.Joanna' } })],
    },
    {
      handler: 'updateVoiceAssistant',
      body: { phoneNumber: null, recordCalls: true },
      wrong: { recordCalls: 'yes', phoneNumber: '+0' },
      calls: [assistants.update, api.user, ROUTE_PARAM_ID, dto(VoiceAssistantPatchDto, { phoneNumber: null, recordCalls: true })],
    },
    {
      handler: 'testVoiceAssistant',
      body: { turns: [{ role: 'caller', text: 'Hi' }], text: 'Open today?' },
      wrong: { turns: 'hello', text: '' },
      calls: [calls.testTurn, api.user, ROUTE_PARAM_ID, dto(TestTurnInputDto, { turns: [{ role: 'caller', text: 'Hi' }], text: 'Open today?' })],
    },
    {
      handler: 'connectTwilio',
      body: { accountSid: ACCOUNT, authToken: 'secret-token' },
      wrong: { accountSid: 'AC123', authToken: 'x' },
      calls: [connections.connect, api.user.id, dto(TwilioCredentialsDto, { accountSid: ACCOUNT, authToken: 'secret-token' })],
    },
    {
      handler: 'connectTwilioNumber',
      body: { assistantId: ROUTE_PARAM_ID },
      wrong: { assistantId: 'someone' },
      calls: [connections.connectNumber, api.user, expect.any(String), ROUTE_PARAM_ID],
    },
    {
      handler: 'placeVoiceCall',
      body: { assistantId: ROUTE_PARAM_ID, to: '+33612345678' },
      wrong: { assistantId: 'x', to: 'call me' },
      calls: [calls.place, api.user, dto(PlaceCallDto, { assistantId: ROUTE_PARAM_ID, to: '+33612345678' })],
    },
    {
      handler: 'listVoiceCalls',
      query: { status: 'completed', page: '2' },
      wrong: { status: 'exploded', from: 'yesterday' },
      calls: [calls.list, api.user, dto(CallQueryDto, { status: 'completed', page: 2, limit: 20 })],
    },
  ]);

  it('passes the number SID from the path', async () => {
    connections.connectNumber.mockResolvedValue({ sid: 'PN1', phoneNumber: '+14155550100', friendlyName: 'x', voiceUrl: null, assistantId: ROUTE_PARAM_ID });
    const sent = await api.http().post('/api/voice/twilio/numbers/PN11111111111111111111111111111111/connect').set(api.auth.user).send({ assistantId: ROUTE_PARAM_ID });
    expect([sent.status, sent.text]).toEqual([200, expect.any(String)]);
    expect(connections.connectNumber).toHaveBeenLastCalledWith(api.user, 'PN11111111111111111111111111111111', ROUTE_PARAM_ID);
  });

  it.each([
    ['not_found', VoiceErrorCode.VOICE_ASSISTANT_NOT_FOUND, 404],
    ['conflict', VoiceErrorCode.VOICE_NUMBER_TAKEN, 409],
    ['invalid', VoiceErrorCode.VOICE_UNKNOWN_VOICE, 400],
  ] as const)('%s %s answers %i in the error shape', async (kind, code, status) => {
    assistants.create.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post('/api/voice/assistants').set(api.auth.user).send({ name: 'Desk', greeting: 'Hello' }).expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });

  it('answers 400 naming the credentials when Twilio refuses them, 502 when Twilio fails', async () => {
    connections.connect.mockRejectedValueOnce(domainError('invalid', VoiceErrorCode.VOICE_TWILIO_CREDENTIALS_REJECTED));
    expect((await api.http().put('/api/voice/twilio').set(api.auth.user).send({ accountSid: ACCOUNT, authToken: 'secret-token' }).expect(400)).body.code).toBe('VOICE_TWILIO_CREDENTIALS_REJECTED');
    connections.connect.mockRejectedValueOnce(domainError('provider', VoiceErrorCode.VOICE_TWILIO_FAILED));
    await api.http().put('/api/voice/twilio').set(api.auth.user).send({ accountSid: ACCOUNT, authToken: 'secret-token' }).expect(502);
  });
});
