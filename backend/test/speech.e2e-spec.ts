import { wavFile } from './support/provider-emulator/media-file.generator';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, TestApp, TestUser } from './support/test-app';

/**
 * Speech to text (`/api/speech`): the real `openai` SDK against the provider emulator. The server
 * has OpenAI's base URL but no key of its own: Ada saves her key in her profile and can dictate,
 * Bob has none and is told STT needs an OpenAI key (no model runs offline).
 */
describe('speech to text', () => {
  let emulator: ProviderEmulator;
  let app: TestApp;
  let ada: TestUser;
  let bob: TestUser;
  const wav = wavFile(1);
  /** A WebM header as Chrome's MediaRecorder starts one (EBML, DocType `webm`). */
  const webm = Buffer.concat([Buffer.from('1a45dfa39f4286810142f7810142f2810442f381084282847765626d42878104428581021853806701ffffffffffffff', 'hex'), Buffer.alloc(2000, 7)]);

  const transcribe = (user: TestUser | undefined, data: Buffer, name = 'clip.wav', query: Record<string, string> = {}, field = 'file') => {
    const call = app.http().post('/api/speech/transcriptions').query(query);
    return (user ? call.set(user.auth) : call).attach(field, data, { filename: name });
  };

  beforeAll(async () => {
    emulator = await startProviderEmulator();
    app = await startTestApp({ OPENAI_BASE_URL: emulator.openaiBaseUrl });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
    await app.http().post('/api/profile/api-keys').set(ada.auth).send({ provider: 'openai', key: emulator.apiKey, saveIfFailing: true }).expect(201);
  });
  afterEach(() => emulator.reset());
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('says who can transcribe: a user with an OpenAI key can, one without is told where to add one', async () => {
    const mine = (await app.http().get('/api/speech/capabilities').set(ada.auth).expect(200)).body;
    expect(mine).toEqual({ transcription: { available: true, model: 'openai/gpt-4o-mini-transcribe', maxBytes: 25 * 1024 * 1024, acceptedTypes: expect.arrayContaining(['audio/webm', 'audio/wav']) } });
    const his = (await app.http().get('/api/speech/capabilities').set(bob.auth).expect(200)).body;
    expect(his.transcription).toMatchObject({ available: false, model: 'openai/gpt-4o-mini-transcribe' });
    expect(his.transcription.reason).toMatch(/OpenAI API key/);
  });

  it('transcribes a WAV recording through the OpenAI SDK, in the language asked', async () => {
    const answer = await transcribe(ada, wav, 'dictation.wav', { language: 'fr-FR' }).expect(200);

    expect(answer.body).toEqual({ text: `Transcript of ${wav.length} bytes of wav audio in fr.`, model: 'openai/gpt-4o-mini-transcribe', cost: 0 });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ kind: 'transcription', model: 'gpt-4o-mini-transcribe', keyMatched: true });
    // The file is renamed after what its bytes are, whatever the client called it.
    expect(emulator.requests[0]?.body).toMatchObject({ fields: { language: 'fr' }, files: [{ field: 'file', filename: 'recording.wav', contentType: 'audio/wav', bytes: wav.length }] });
  });

  it('takes what a browser records (WebM) and whisper-1, priced by the seconds it reports', async () => {
    emulator.setBehaviour({ reply: 'Remind me to call Grace tomorrow.' });
    const answer = await transcribe(ada, webm, 'blob', { model: 'openai/whisper-1' }).expect(200);

    expect(answer.body).toEqual({ text: 'Remind me to call Grace tomorrow.', model: 'openai/whisper-1', durationSeconds: 1, cost: 0.0001 });
    expect(emulator.requests[0]?.body).toMatchObject({ files: [{ filename: 'recording.webm', contentType: 'audio/webm' }] });
  });

  it('needs an OpenAI key: 400 TRANSCRIPTION_NEEDS_OPENAI_KEY, nothing sent', async () => {
    const refused = await transcribe(bob, wav).expect(400);
    expect(refused.body).toMatchObject({ code: 'TRANSCRIPTION_NEEDS_OPENAI_KEY' });
    expect(refused.body.message).toMatch(/needs an OpenAI API key/);
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses a file that is not audio, judged from its bytes, naming the field', async () => {
    const refused = await transcribe(ada, Buffer.from('Dear diary, today I recorded nothing.\n'), 'notes.mp3').expect(400);
    expect(refused.body).toMatchObject({ code: 'UNSUPPORTED_AUDIO', details: [{ field: 'file' }] });
    const png = await transcribe(ada, Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex'), 'voice.webm').expect(400);
    expect(png.body).toMatchObject({ code: 'UNSUPPORTED_AUDIO' });
    expect(emulator.requests).toHaveLength(0);
  });

  it('refuses an upload with no recording, an empty one, and a body that is not multipart', async () => {
    expect((await transcribe(ada, wav, 'clip.wav', {}, 'audio').expect(400)).body).toMatchObject({ code: 'NO_AUDIO', details: [{ field: 'file' }] });
    expect((await transcribe(ada, Buffer.alloc(0)).expect(400)).body).toMatchObject({ code: 'NO_AUDIO' });
    expect((await app.http().post('/api/speech/transcriptions').set(ada.auth).send({ file: 'hello' }).expect(400)).body).toMatchObject({ code: 'NO_AUDIO' });
  });

  it('answers a form cut short in the middle of a file with 400, in either field, and keeps serving', async () => {
    for (const field of ['file', 'other']) {
      const cut = `--cut\r\nContent-Disposition: form-data; name="${field}"; filename="a.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF partial`;
      const answer = await app.http().post('/api/speech/transcriptions').set(ada.auth).set('content-type', 'multipart/form-data; boundary=cut').send(cut).expect(400);
      expect(answer.body).toMatchObject({ code: 'NO_AUDIO' });
    }
    await app.http().get('/api/speech/capabilities').set(ada.auth).expect(200);
  });

  it('refuses a recording over 25 MB with 413', async () => {
    const huge = Buffer.concat([wav, Buffer.alloc(25 * 1024 * 1024)]);
    const refused = await transcribe(ada, huge).expect(413);
    expect(refused.body).toMatchObject({ code: 'AUDIO_TOO_LARGE', params: { limitBytes: 25 * 1024 * 1024 } });
    expect(emulator.requests).toHaveLength(0);
  });

  it('validates the language and the model', async () => {
    const language = await transcribe(ada, wav, 'clip.wav', { language: 'French' }).expect(400);
    expect(language.body.details.map((detail: { field: string }) => detail.field)).toEqual(['language']);
    expect((await transcribe(ada, wav, 'clip.wav', { model: 'openai/tts-1' }).expect(400)).body).toMatchObject({ code: 'MODEL_LACKS_CAPABILITY' });
    expect((await transcribe(ada, wav, 'clip.wav', { model: 'openai/nope' }).expect(400)).body).toMatchObject({ code: 'UNKNOWN_MODEL' });
  });

  it('answers a vendor failure as a 502 naming OpenAI', async () => {
    emulator.setBehaviour({ failure: { type: 'status', status: 503 } });
    const failed = await transcribe(ada, wav).expect(502);
    expect(failed.body).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', params: { provider: 'openai' } });
  });

  it('is for signed-in users only', async () => {
    await app.http().get('/api/speech/capabilities').expect(401);
    await transcribe(undefined, wav).expect(401);
  });
});
