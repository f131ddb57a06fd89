import { controllerSetup, describeRouteAccess, domainError, ROUTE_PARAM_ID } from '../../../test/support/controller-setup';
import { VoiceAudioService } from './voice-audio.service';
import { VoiceCallsService } from './voice-calls.service';
import { VoiceWebhookController } from './voice-webhook.controller';
import { VoiceErrorCode } from './voice.errors';

describe(VoiceWebhookController.name, () => {
  const api = controllerSetup(VoiceWebhookController, { mocks: [VoiceCallsService, VoiceAudioService] });
  const calls = api.mock(VoiceCallsService);
  const audio = api.mock(VoiceAudioService);

  describeRouteAccess(api, { public: ['twilioVoiceWebhook', 'twilioGatherWebhook', 'twilioStatusWebhook', 'twilioRecordingWebhook', 'getVoiceAudio'] });

  it('hands the webhook its fields, signature and the path Twilio called, and answers TwiML as XML', async () => {
    calls.gather.mockResolvedValue('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    const response = await api.http().post('/api/voice/webhook/twilio/gather?turn=3').set('X-Twilio-Signature', 'sig').send({ CallSid: 'CA1', SpeechResult: 'hi', Nested: { no: 1 } }).expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/xml/);
    expect(response.text).toContain('<Response/>');
    expect(calls.gather).toHaveBeenLastCalledWith({ params: { CallSid: 'CA1', SpeechResult: 'hi' }, signature: 'sig', path: '/api/voice/webhook/twilio/gather?turn=3', origin: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), ip: expect.any(String) }, 3);
  });

  it('takes a missing or wild turn as the first', async () => {
    calls.gather.mockResolvedValue('<Response/>');
    await api.http().post('/api/voice/webhook/twilio/gather?turn=-4').send({}).expect(200);
    expect(calls.gather.mock.lastCall?.[1]).toBe(1);
  });

  it('answers 403 when the signature is refused', async () => {
    calls.incoming.mockRejectedValue(domainError('forbidden', VoiceErrorCode.VOICE_SIGNATURE_INVALID));
    const response = await api.http().post('/api/voice/webhook/twilio').send({ CallSid: 'CA1' }).expect(403);
    expect(response.body.code).toBe('VOICE_SIGNATURE_INVALID');
  });

  it('serves signed audio as its type, and 404 for a path that is no id', async () => {
    audio.fetch.mockResolvedValue({ id: ROUTE_PARAM_ID, ownerId: 'u', mimeType: 'audio/mpeg', audio: Buffer.from('ID3abc'), createdAt: new Date() });
    const response = await api.http().get(`/api/voice/audio/${ROUTE_PARAM_ID}?expires=1&signature=s`).expect(200);
    expect(response.headers['content-type']).toBe('audio/mpeg');
    expect(audio.fetch).toHaveBeenLastCalledWith(ROUTE_PARAM_ID, '1', 's');
    await api.http().get('/api/voice/audio/nope').expect(404);
  });
});
