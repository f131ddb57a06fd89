import { Readable } from 'node:stream';
import { controllerSetup, describeRouteAccess, describeValidation, domainError, dto } from '../../../../test/support/controller-setup';
import { GenerationErrorCode } from '../generation.errors';
import { TranscribeQueryDto } from './dto/speech.dto';
import { SpeechController } from './speech.controller';
import { SpeechService } from './speech.service';

describe(SpeechController.name, () => {
  const api = controllerSetup(SpeechController, { mocks: [SpeechService] });
  const speech = api.mock(SpeechService);

  describeRouteAccess(api);

  describeValidation(api, [
    {
      handler: 'transcribeSpeech',
      query: { language: 'fr-FR', model: 'openai/whisper-1' },
      wrong: { language: 'French', model: 'x'.repeat(121) },
      calls: [speech.transcribe, api.user, dto(TranscribeQueryDto, { language: 'fr-FR', model: 'openai/whisper-1' }), expect.any(Readable), expect.any(Object)],
    },
  ]);

  it('hands the service the multipart body as a stream with its headers', async () => {
    let received = '';
    speech.transcribe.mockImplementation(async (_user, _query, body, headers) => {
      for await (const chunk of body) received += String(chunk);
      expect(headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
      return { text: 'hello', model: 'openai/gpt-4o-mini-transcribe', cost: 0 };
    });
    await api.http().post('/api/speech/transcriptions').set(api.auth.user).attach('file', Buffer.from('RIFF-ish'), 'clip.wav').expect(200, { text: 'hello', model: 'openai/gpt-4o-mini-transcribe', cost: 0 });
    expect(received).toContain('RIFF-ish');
  });

  it('answers what the user can use', async () => {
    const capabilities = { transcription: { available: false, model: 'openai/gpt-4o-mini-transcribe', reason: 'No OpenAI API key', maxBytes: 1, acceptedTypes: ['audio/webm'] } };
    speech.capabilities.mockResolvedValue(capabilities);
    await api.http().get('/api/speech/capabilities').set(api.auth.user).expect(200, capabilities);
    expect(speech.capabilities).toHaveBeenCalledWith(api.user);
  });

  it.each([
    ['invalid', GenerationErrorCode.TRANSCRIPTION_NEEDS_OPENAI_KEY, 400],
    ['invalid', GenerationErrorCode.UNSUPPORTED_AUDIO, 400],
    ['invalid', GenerationErrorCode.NO_AUDIO, 400],
    ['too_large', GenerationErrorCode.AUDIO_TOO_LARGE, 413],
  ] as const)('a %s %s answers %i', async (kind, code, status) => {
    speech.transcribe.mockRejectedValue(domainError(kind, code));
    const response = await api.http().post('/api/speech/transcriptions').set(api.auth.user).attach('file', Buffer.from('x'), 'x.wav').expect(status);
    expect(response.body).toMatchObject({ statusCode: status, code });
  });
});
