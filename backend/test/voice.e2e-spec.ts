import twilio from 'twilio';
import { SecretBox } from '../src/common/secret-box';
import { VoiceCallsRepository } from '../src/modules/voice/voice-calls.repository';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

/**
 * Voice over real HTTP (issue 31): the official `twilio` SDK reaches the provider emulator's Twilio
 * routes (TWILIO_API_BASE_URL); Twilio's webhooks are played by this test, signed with the SDK's own
 * `getExpectedTwilioSignature` against WEBOX_PUBLIC_URL (Webox behind a proxy), form-encoded.
 */

const PUBLIC_URL = 'https://webox.example.com';
const TOKEN = 'twilio-auth-token-0123';
const ROTATED = 'twilio-auth-token-4567';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const NUMBER = '+15005550100';
const NUMBER_SID = 'PN11111111111111111111111111111111';

interface Until<T> {
  (what: string, probe: () => Promise<T | undefined | false>): Promise<T>;
}
const until: Until<unknown> = async (what, probe) => {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('voice (phone assistants over Twilio)', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let ada: TestUser;
  let bob: TestUser;

  const hook = (path: string, params: Record<string, string>, token = TOKEN) =>
    app
      .http()
      .post(path)
      .type('form')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(token, `${PUBLIC_URL}${path}`, params))
      .send(params);
  const callParams = (callSid: string, extra: Record<string, string> = {}) => ({ AccountSid: ACCOUNT, CallSid: callSid, From: '+33612345678', To: NUMBER, Direction: 'inbound', ...extra });
  const sid = (n: number) => `CA${String(n).padStart(32, '0')}`;

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: ['test-key', TOKEN, ROTATED] });
    app = await startTestApp({ WEBOX_PUBLIC_URL: PUBLIC_URL, TWILIO_API_BASE_URL: emulator.twilioBaseUrl, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_VOICE_MODEL_TIMEOUT_MS: '1500', WEBOX_LOCAL_TOKEN_DELAY_MS: '0', WEBOX_AUDIT_COALESCE_SECONDS: '3' });
    ada = await registerUser(app, 'Ada');
    bob = await registerUser(app, 'Bob');
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  const createAssistant = async (user: TestUser, body: Record<string, unknown> = {}) =>
    (await app.http().post('/api/voice/assistants').set(user.auth).send({ name: 'Front desk', greeting: 'Hello, Webox front desk.', instructions: 'Be brief.', ...body }).expect(201)).body as { id: string; model: string; phoneNumber: string | null };

  it('creates, reads, changes and deletes an assistant, defaults filled, and hides it from others', async () => {
    const created = await createAssistant(ada, { language: 'fr-FR', voice: { provider: 'offline', voice: 'warm' } });
    expect(created).toMatchObject({ model: 'local/webox-mini', phoneNumber: null, voice: { provider: 'offline', voice: 'warm' }, language: 'fr-FR', silenceReprompts: 2, maxCallSeconds: 600, recordCalls: false });
    const changed = await app.http().patch(`/api/voice/assistants/${created.id}`).set(ada.auth).send({ name: 'Accueil', maxCallSeconds: 120 }).expect(200);
    expect(changed.body).toMatchObject({ name: 'Accueil', maxCallSeconds: 120 });
    expect((await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body.map((a: { id: string }) => a.id)).toContain(created.id);
    await app.http().get(`/api/voice/assistants/${created.id}`).set(bob.auth).expect(404);
    await app.http().patch(`/api/voice/assistants/${created.id}`).set(bob.auth).send({ name: 'x' }).expect(404);
    await app.http().delete(`/api/voice/assistants/${created.id}`).set(bob.auth).expect(404);
    await app.http().delete(`/api/voice/assistants/${created.id}`).set(ada.auth).expect(204);
    await app.http().get(`/api/voice/assistants/${created.id}`).set(ada.auth).expect(404);
  });

  it('refuses bad assistants with the field named', async () => {
    const bad = async (body: Record<string, unknown>, code: string, field: string, status = 400) => {
      const res = await app.http().post('/api/voice/assistants').set(ada.auth).send({ name: 'A', greeting: 'Hi', ...body }).expect(status);
      expect(res.body.code).toBe(code);
      expect(JSON.stringify(res.body.details)).toContain(field);
    };
    await bad({ phoneNumber: '0612345678' }, 'VALIDATION_FAILED', 'phoneNumber');
    await bad({ language: 'french' }, 'VALIDATION_FAILED', 'language');
    await bad({ model: 'nope/never' }, 'UNKNOWN_MODEL', 'model');
    await bad({ voice: { provider: 'twilio', voice: 'Robot9000' } }, 'VOICE_UNKNOWN_VOICE', 'voice.voice');
    await bad({ voice: { provider: 'openai', voice: 'Rachel' } }, 'VOICE_UNKNOWN_VOICE', 'voice.voice');
    await bad({ agentId: '00000000-0000-4000-8000-000000000000' }, 'VOICE_UNKNOWN_AGENT', 'agentId');
    await bad({ silenceReprompts: 9 }, 'VALIDATION_FAILED', 'silenceReprompts');
    await app.http().post('/api/voice/assistants').send({ name: 'A', greeting: 'Hi' }).expect(401);
  });

  it('answers a test turn by text through the offline model, with no Twilio account', async () => {
    const assistant = await createAssistant(ada);
    const res = await app.http().post(`/api/voice/assistants/${assistant.id}/test-turns`).set(ada.auth).send({ turns: [{ role: 'caller', text: 'Hi' }, { role: 'assistant', text: 'Hello!' }], text: 'What are your opening hours?', speak: true }).expect(200);
    expect(res.body).toMatchObject({ ended: false, failed: false, model: 'local/webox-mini', audioUrl: null });
    expect(res.body.reply.length).toBeGreaterThan(0);
    const bye = await app.http().post(`/api/voice/assistants/${assistant.id}/test-turns`).set(ada.auth).send({ text: 'Thanks, goodbye!' }).expect(200);
    expect(bye.body).toMatchObject({ ended: true, reply: 'Thank you for calling. Goodbye!' });
    await app.http().post(`/api/voice/assistants/${assistant.id}/test-turns`).set(bob.auth).send({ text: 'hi' }).expect(404);
    await app.http().post(`/api/voice/assistants/${assistant.id}/test-turns`).set(ada.auth).send({ text: '' }).expect(400);
    // The offline model's own sentences are in the assistant's language (the caller's), whatever the owner's profile says.
    const french = await createAssistant(ada, { language: 'fr-FR' });
    const answered = await app.http().post(`/api/voice/assistants/${french.id}/test-turns`).set(ada.auth).send({ text: 'Quels sont vos horaires ?' }).expect(200);
    expect(answered.body.reply).toContain('Réponse hors ligne de Webox mini');
    expect(res.body.reply).toContain('Offline reply from Webox mini');
  });

  it('speaks a test turn with a synthesised voice served from a signed, expiring link', async () => {
    const assistant = await createAssistant(ada, { voice: { provider: 'offline', voice: 'calm' } });
    const res = await app.http().post(`/api/voice/assistants/${assistant.id}/test-turns`).set(ada.auth).send({ text: 'Hello there', speak: true }).expect(200);
    const url = new URL(res.body.audioUrl as string);
    expect(url.origin).toBe(PUBLIC_URL);
    const audio = await app.http().get(`${url.pathname}${url.search}`).expect(200);
    expect(audio.headers['content-type']).toMatch(/^audio\//);
    expect(Number(audio.headers['content-length'])).toBeGreaterThan(100);
    await app.http().get(`${url.pathname}?expires=${url.searchParams.get('expires')}&signature=forged`).expect(403);
    await app.http().get(`${url.pathname}?expires=1&signature=${url.searchParams.get('signature')}`).expect(403);
  });

  it('refuses wrong Twilio credentials with a 400 and stores nothing; stores good ones masked', async () => {
    const wrong = await app.http().put('/api/voice/twilio').set(ada.auth).send({ accountSid: ACCOUNT, authToken: 'not-the-token' }).expect(400);
    expect(wrong.body.code).toBe('VOICE_TWILIO_CREDENTIALS_REJECTED');
    expect((await app.http().get('/api/voice/twilio').set(ada.auth).expect(200)).body).toMatchObject({ connected: false, source: 'none' });
    await app.http().put('/api/voice/twilio').set(ada.auth).send({ accountSid: 'nope', authToken: TOKEN }).expect(400);
    const good = await app.http().put('/api/voice/twilio').set(ada.auth).send({ accountSid: ACCOUNT, authToken: TOKEN }).expect(200);
    expect(good.body).toMatchObject({ connected: true, source: 'user', publicUrlConfigured: true, webhookUrl: `${PUBLIC_URL}/api/voice/webhook/twilio` });
    expect(JSON.stringify(good.body)).not.toContain(TOKEN);
    expect(good.body.accountSid).not.toBe(ACCOUNT);
    const stored: Array<{ sealed: string }> = await app.dataSource.query(`SELECT auth_token_sealed AS sealed FROM voice_twilio_connections`);
    expect(stored).toHaveLength(1);
    expect(stored[0]!.sealed).not.toContain(TOKEN);
    const verification = emulator.requests.find((r) => r.vendor === 'twilio' && r.kind === 'account' && r.keyMatched);
    expect(verification?.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}.json`);
  });

  it('lists the numbers and connects one to an assistant (voice URL and status callback set through the SDK)', async () => {
    const assistant = await createAssistant(ada);
    const numbers = await app.http().get('/api/voice/twilio/numbers').set(ada.auth).expect(200);
    expect(numbers.body.map((n: { phoneNumber: string }) => n.phoneNumber)).toEqual([NUMBER, '+15005550101']);
    await app.http().get('/api/voice/twilio/numbers').set(bob.auth).expect(400);
    const connected = await app.http().post(`/api/voice/twilio/numbers/${NUMBER_SID}/connect`).set(ada.auth).send({ assistantId: assistant.id }).expect(200);
    expect(connected.body).toMatchObject({ phoneNumber: NUMBER, assistantId: assistant.id, voiceUrl: `${PUBLIC_URL}/api/voice/webhook/twilio` });
    const update = emulator.requests.find((r) => r.kind === 'number-update');
    expect(update?.body).toMatchObject({ VoiceUrl: `${PUBLIC_URL}/api/voice/webhook/twilio`, StatusCallback: `${PUBLIC_URL}/api/voice/webhook/twilio/status` });
    await app.http().post(`/api/voice/twilio/numbers/PN99999999999999999999999999999999/connect`).set(ada.auth).send({ assistantId: assistant.id }).expect(404);
    await app.http().post(`/api/voice/twilio/numbers/${NUMBER_SID}/connect`).set(bob.auth).send({ assistantId: assistant.id }).expect(404);
    // The number is taken in the workspace: another user's assistant cannot claim it.
    const taken = await app.http().post('/api/voice/assistants').set(bob.auth).send({ name: 'B', greeting: 'Hi', phoneNumber: NUMBER }).expect(409);
    expect(taken.body.code).toBe('VOICE_NUMBER_TAKEN');
  });

  it('runs a call: greeting, a gathered turn answered by the model, a retried webhook applied once, goodbye, final status, event', async () => {
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    const callSid = sid(1);
    const greeting = await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    expect(greeting.headers['content-type']).toMatch(/text\/xml/);
    expect(greeting.text).toContain('<Gather input="speech" language="en-US" action="/api/voice/webhook/twilio/gather?turn=1"');
    expect(greeting.text).toContain('Hello, Webox front desk.');

    const params = callParams(callSid, { SpeechResult: 'What time do you open?', Confidence: '0.9' });
    const first = await hook('/api/voice/webhook/twilio/gather?turn=1', params).expect(200);
    expect(first.text).toContain('action="/api/voice/webhook/twilio/gather?turn=2"');
    const retried = await hook('/api/voice/webhook/twilio/gather?turn=1', params).expect(200);
    expect(retried.text).toBe(first.text);

    const bye = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'Great, goodbye' })).expect(200);
    expect(bye.text).toContain('Thank you for calling. Goodbye!');
    expect(bye.text).toContain('<Hangup/>');

    const calls = await app.http().get('/api/voice/calls').set(ada.auth).expect(200);
    const call = calls.body.items.find((c: { callSid: string }) => c.callSid === callSid);
    expect(call).toMatchObject({ assistantId: assistant.id, direction: 'inbound', from: '+33612345678', to: NUMBER, endedReason: 'goodbye' });
    const detail = await app.http().get(`/api/voice/calls/${call.id}`).set(ada.auth).expect(200);
    expect(detail.body.turns.map((t: { role: string }) => t.role)).toEqual(['assistant', 'caller', 'assistant', 'caller', 'assistant']);
    expect(detail.body.turns[1].text).toBe('What time do you open?');
    await app.http().get(`/api/voice/calls/${call.id}`).set(bob.auth).expect(404);

    await hook('/api/voice/webhook/twilio/status', callParams(callSid, { CallStatus: 'completed', CallDuration: '42', Price: '-0.0130', PriceUnit: 'USD' })).expect(200);
    await hook('/api/voice/webhook/twilio/status', callParams(callSid, { CallStatus: 'completed', CallDuration: '42' })).expect(200);
    const done = await app.http().get(`/api/voice/calls/${call.id}`).set(ada.auth).expect(200);
    expect(done.body).toMatchObject({ status: 'completed', durationSeconds: 42, usage: { twilioPrice: '-0.0130', twilioPriceUnit: 'USD' } });
    // The bus's consumers (the dashboard's activity feed) got voice.call.completed, once, for Ada.
    const published = (await until('voice.call.completed in the activity feed', async () => {
      const rows: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM activity_events WHERE name = 'voice.call.completed' AND user_id = $1`, [ada.id]);
      return rows[0]!.n > 0 && rows[0]!.n;
    })) as number;
    expect(published).toBe(1);
    const filtered = await app.http().get(`/api/voice/calls?status=completed&assistantId=${assistant.id}`).set(ada.auth).expect(200);
    expect(filtered.body.items.map((c: { id: string }) => c.id)).toEqual([call.id]);
    expect((await app.http().get(`/api/voice/calls?from=2000-01-01T00:00:00Z&to=2000-01-02T00:00:00Z`).set(ada.auth).expect(200)).body.total).toBe(0);
    await app.http().get('/api/voice/calls?status=exploded').set(ada.auth).expect(400);
  });

  it('refuses webhooks with a missing or wrong signature (403) and records nothing', async () => {
    const callSid = sid(2);
    const params = callParams(callSid);
    await app.http().post('/api/voice/webhook/twilio').type('form').send(params).expect(403);
    await hook('/api/voice/webhook/twilio', params, 'another-token-99').expect(403);
    // Signed for another URL (not behind WEBOX_PUBLIC_URL): refused too.
    await app
      .http()
      .post('/api/voice/webhook/twilio')
      .type('form')
      .set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, 'http://127.0.0.1/api/voice/webhook/twilio', params))
      .send(params)
      .expect(403);
    const rows: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM voice_calls WHERE call_sid = $1`, [callSid]);
    expect(rows[0]!.n).toBe(0);
    // The audit trail has the refusals.
    const audited: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM audit_events WHERE action = 'webhook.signature_failed'`);
    expect(audited[0]!.n).toBeGreaterThanOrEqual(1);
  });

  it('audits a flood of forged webhooks as a few lines with a count, the first one written at once', async () => {
    // Let the previous test's window close, so this one starts a burst of its own.
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    const since = new Date();
    type Line = { details: { path: string; signed: boolean; repeats?: number; firstAt?: string } };
    const lines = async (): Promise<Line[]> => app.dataSource.query(`SELECT details FROM audit_events WHERE action = 'webhook.signature_failed' AND created_at >= $1 ORDER BY created_at, id`, [since]);
    const params = callParams(sid(20));
    await app.http().post('/api/voice/webhook/twilio/status?first=1').type('form').send(params).expect(403);
    const first = await lines();
    expect(first).toHaveLength(1);
    expect(first[0]!.details).toMatchObject({ path: '/api/voice/webhook/twilio/status?first=1', signed: false });
    expect(first[0]!.details.repeats).toBeUndefined();
    const sent = 30;
    for (let i = 1; i < sent; i++) await hook('/api/voice/webhook/twilio', params, 'forged-token').expect(403);
    // Every refusal is counted once the window closes: the first line, then lines carrying `repeats`.
    const all = (await until('the coalesced audit line', async () => {
      const found = await lines();
      return found.reduce((sum, line) => sum + (line.details.repeats ?? 1), 0) === sent && found;
    })) as Line[];
    expect(all.length).toBeLessThan(sent / 3);
    expect(all[0]!.details.path).toBe('/api/voice/webhook/twilio/status?first=1');
    const summary = all.find((line) => line.details.repeats)!;
    expect(summary.details).toMatchObject({ source: 'twilio', windowSeconds: 3 });
    expect(Date.parse(summary.details.firstAt!)).toBeGreaterThanOrEqual(since.getTime() - 1000);
  }, 60_000);

  it('answers a number no assistant has with polite TwiML and a hang-up, recording nothing', async () => {
    const callSid = sid(3);
    const res = await hook('/api/voice/webhook/twilio', callParams(callSid, { To: '+15005550199' })).expect(200);
    expect(res.text).toContain('no assistant answers this number');
    expect(res.text).toContain('<Hangup/>');
    const rows: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM voice_calls WHERE call_sid = $1`, [callSid]);
    expect(rows[0]!.n).toBe(0);
  });

  it('applies the silence rule: asks again, then hangs up politely', async () => {
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ silenceReprompts: 1 }).expect(200);
    const callSid = sid(4);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    const again = await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid)).expect(200);
    expect(again.text).toContain('Are you still there?');
    expect(again.text).toContain('gather?turn=2');
    const end = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid)).expect(200);
    expect(end.text).toContain('<Hangup/>');
    const [row] = await app.dataSource.query(`SELECT ended_reason FROM voice_calls WHERE call_sid = $1`, [callSid]);
    expect(row.ended_reason).toBe('silence');
  });

  it('apologises and keeps the call going when the model fails or times out — never a 500', async () => {
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'openai/gpt-4o-mini' }).expect(200);
    const callSid = sid(5);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    emulator.script({ failure: { type: 'status', status: 401 } });
    const failed = await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid, { SpeechResult: 'Hello?' })).expect(200);
    expect(failed.text).toContain('Sorry, I had trouble answering just now.');
    expect(failed.text).toContain('gather?turn=2');
    emulator.script({ failure: { type: 'hang' } });
    const slow = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'Still there?' })).expect(200);
    expect(slow.text).toContain('Sorry, I had trouble answering just now.');
    const ok = await hook('/api/voice/webhook/twilio/gather?turn=3', callParams(callSid, { SpeechResult: 'Opening hours' })).expect(200);
    expect(ok.text).toContain('Echo from gpt-4o-mini');
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'local/webox-mini' }).expect(200);
  });

  it('places an outbound call through the REST API with Webox’s webhook URL', async () => {
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    const placed = await app.http().post('/api/voice/calls').set(ada.auth).send({ assistantId: assistant.id, to: '+33698765432' }).expect(201);
    expect(placed.body).toMatchObject({ direction: 'outbound', from: NUMBER, to: '+33698765432', status: 'queued' });
    const create = emulator.requests.find((r) => r.kind === 'call');
    expect(create?.body).toMatchObject({ To: '+33698765432', From: NUMBER, Url: `${PUBLIC_URL}/api/voice/webhook/twilio`, StatusCallback: `${PUBLIC_URL}/api/voice/webhook/twilio/status` });
    // Twilio then calls the webhook with the same CallSid: the placed call is answered, not opened twice.
    const answered = await hook('/api/voice/webhook/twilio', { AccountSid: ACCOUNT, CallSid: placed.body.callSid, From: NUMBER, To: '+33698765432', Direction: 'outbound-api' }).expect(200);
    expect(answered.text).toContain('<Gather');
    const rows: Array<{ n: number }> = await app.dataSource.query(`SELECT count(*)::int AS n FROM voice_calls WHERE call_sid = $1`, [placed.body.callSid]);
    expect(rows[0]!.n).toBe(1);
    const noNumber = await createAssistant(ada);
    expect((await app.http().post('/api/voice/calls').set(ada.auth).send({ assistantId: noNumber.id, to: '+33698765432' }).expect(400)).body.code).toBe('VOICE_ASSISTANT_HAS_NO_NUMBER');
    await app.http().post('/api/voice/calls').set(ada.auth).send({ assistantId: assistant.id, to: 'call me' }).expect(400);
    await app.http().post('/api/voice/calls').set(bob.auth).send({ assistantId: assistant.id, to: '+33698765432' }).expect(404);
  });

  it('lets an admin connect the workspace account, which users without their own then use; non-admins get 403', async () => {
    await app.http().put('/api/admin/voice/twilio').set(bob.auth).send({ accountSid: ACCOUNT, authToken: TOKEN }).expect(403);
    await app.http().put('/api/admin/voice/twilio').set(ada.auth).send({ accountSid: ACCOUNT, authToken: TOKEN }).expect(200);
    expect((await app.http().get('/api/voice/twilio').set(bob.auth).expect(200)).body).toMatchObject({ connected: true, source: 'workspace' });
    expect((await app.http().get('/api/admin/voice/twilio').set(ada.auth).expect(200)).body).toMatchObject({ connected: true, source: 'workspace' });
    await app.http().delete('/api/admin/voice/twilio').set(ada.auth).expect(204);
    expect((await app.http().get('/api/voice/twilio').set(bob.auth).expect(200)).body).toMatchObject({ connected: false });
  });

  it('ends a call at its time limit with the goodbye phrase, keeping the caller\'s last words', async () => {
    const callSid = sid(30);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    // The call started long ago (its assistant allows 600 s by default).
    await app.dataSource.query(`UPDATE voice_calls SET started_at = now() - interval '1 hour' WHERE call_sid = $1`, [callSid]);
    const end = await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid, { SpeechResult: 'One more question' })).expect(200);
    expect(end.text).toContain('<Hangup/>');
    expect(end.text).not.toContain('<Gather');
    const [row] = await app.dataSource.query(`SELECT id, ended_reason, turn FROM voice_calls WHERE call_sid = $1`, [callSid]);
    expect(row).toMatchObject({ ended_reason: 'time_limit', turn: 1 });
    const lines: Array<{ turn: number; role: string; text: string }> = await app.dataSource.query(`SELECT turn, role, text FROM voice_call_turns WHERE call_id = $1 ORDER BY turn, role DESC`, [row.id]);
    expect(lines.slice(1)).toEqual([
      { turn: 1, role: 'caller', text: 'One more question' },
      { turn: 1, role: 'assistant', text: 'Thank you for calling. Goodbye!' },
    ]);
  });

  it('a spoken turn resets the silence count; the model hears the whole dialogue; a stale turn replays its answer', async () => {
    const callSid = sid(31);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid)).expect(200);
    const second = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'Do you deliver?' })).expect(200);
    const [row] = await app.dataSource.query(`SELECT id, silent_turns, turn, input_tokens FROM voice_calls WHERE call_sid = $1`, [callSid]);
    expect(row).toMatchObject({ silent_turns: 0, turn: 2 });
    expect(row.input_tokens).toBeGreaterThan(0);
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'openai/gpt-4o-mini' }).expect(200);
    const seen = emulator.requests.length;
    await hook('/api/voice/webhook/twilio/gather?turn=3', callParams(callSid, { SpeechResult: 'And on Sundays?' })).expect(200);
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'local/webox-mini' }).expect(200);
    const asked = emulator.requests.slice(seen).find((request) => request.path === '/v1/chat/completions')!;
    const messages = (asked.body as { messages: Array<{ role: string; content: string }> }).messages;
    // The greeting, the silence prompt (turn 1), turn 2 both ways, then the new words.
    expect(messages.slice(1).map((message) => message.role)).toEqual(['assistant', 'assistant', 'user', 'assistant', 'user']);
    expect(messages.slice(-3).map((message) => message.content)).toEqual(['Do you deliver?', expect.any(String), 'And on Sundays?']);
    const lines: Array<{ turn: number; role: string }> = await app.dataSource.query(`SELECT turn, role FROM voice_call_turns WHERE call_id = $1 ORDER BY turn, role DESC`, [row.id]);
    expect(lines.map((line) => `${line.turn}:${line.role}`)).toEqual(['0:assistant', '1:assistant', '2:caller', '2:assistant', '3:caller', '3:assistant']);
    // Twilio retrying turn 2 after turn 3 was answered: turn 2's answer again, nothing written.
    const stale = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'Do you deliver?' })).expect(200);
    expect(stale.text).toBe(second.text);
    const [after] = await app.dataSource.query(`SELECT count(*)::int AS n FROM voice_call_turns WHERE call_id = $1`, [row.id]);
    expect(after.n).toBe(6);
  });

  it('a gather re-sent while the first delivery waits on the model gets the same answer, asked and written once', async () => {
    const assistants = (await app.http().get('/api/voice/assistants').set(ada.auth).expect(200)).body as Array<{ id: string; phoneNumber: string | null }>;
    const assistant = assistants.find((a) => a.phoneNumber === NUMBER)!;
    await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'openai/gpt-4o-mini' }).expect(200);
    try {
      const callSid = sid(33);
      await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
      const [call] = await app.dataSource.query(`SELECT id FROM voice_calls WHERE call_sid = $1`, [callSid]);
      const seen = emulator.requests.length;
      emulator.script({ firstTokenDelayMs: 800 });
      const params = callParams(callSid, { SpeechResult: 'Can I bring my dog?' });
      const first = hook('/api/voice/webhook/twilio/gather?turn=1', params).then((response) => response);
      // The claim (committed without waiting for the disk) is seen by the re-sent delivery while the model is still being asked.
      await until('the claim of turn 1', async () => {
        const [claimed] = await app.dataSource.query(`SELECT turn FROM voice_calls WHERE id = $1`, [call.id]);
        return claimed.turn === 1;
      });
      const retried = await hook('/api/voice/webhook/twilio/gather?turn=1', params).expect(200);
      const answered = await first;
      expect(answered.status).toBe(200);
      expect(answered.text).toContain('Echo from gpt-4o-mini');
      expect(retried.text).toBe(answered.text);
      expect(emulator.requests.slice(seen).filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
      const lines: Array<{ turn: number; role: string }> = await app.dataSource.query(`SELECT turn, role FROM voice_call_turns WHERE call_id = $1 ORDER BY turn, role DESC`, [call.id]);
      expect(lines.map((line) => `${line.turn}:${line.role}`)).toEqual(['0:assistant', '1:caller', '1:assistant']);
    } finally {
      await app.http().patch(`/api/voice/assistants/${assistant.id}`).set(ada.auth).send({ model: 'local/webox-mini' }).expect(200);
    }
  });

  it('writes an answer only over its claim: a claim lost with the database leaves the turn to be claimed again, once', async () => {
    const callSid = sid(34);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    const [call] = await app.dataSource.query(`SELECT id FROM voice_calls WHERE call_sid = $1`, [callSid]);
    const store = app.app.get(VoiceCallsRepository);
    // The model answered turn 1, but its claim (an asynchronous commit) did not survive a crash of the database.
    expect(await store.answerTurn(call.id, 1, 'An answer nobody heard.', new Date(), { inputTokens: 40, outputTokens: 8, costUsd: 0.5 })).toBe(false);
    const [untouched] = await app.dataSource.query(`SELECT turn, input_tokens, cost_usd::float AS cost FROM voice_calls WHERE id = $1`, [call.id]);
    expect(untouched).toMatchObject({ turn: 0, input_tokens: 0, cost: 0 });
    // Twilio sends the turn again: it is claimed and answered once.
    const again = await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid, { SpeechResult: 'Are you open on Monday?' })).expect(200);
    expect(again.text).toContain('gather?turn=2');
    expect(again.text).not.toContain('An answer nobody heard.');
    const lines: Array<{ turn: number; role: string; text: string }> = await app.dataSource.query(`SELECT turn, role, text FROM voice_call_turns WHERE call_id = $1 ORDER BY turn, role DESC`, [call.id]);
    expect(lines.map((line) => `${line.turn}:${line.role}`)).toEqual(['0:assistant', '1:caller', '1:assistant']);
    expect(lines[2]!.text).not.toBe('An answer nobody heard.');
    // The offline model is free: the lost answer's cost (0.5) was never counted.
    const [after] = await app.dataSource.query(`SELECT turn, cost_usd::float AS cost FROM voice_calls WHERE id = $1`, [call.id]);
    expect(after).toMatchObject({ turn: 1, cost: 0 });
  });

  it('goes on after a whole turn was lost with the database: the next gather is claimed over the gap', async () => {
    const callSid = sid(35);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200);
    const [call] = await app.dataSource.query(`SELECT id FROM voice_calls WHERE call_sid = $1`, [callSid]);
    const first = await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid, { SpeechResult: 'Do you open at noon?' })).expect(200);
    expect(first.text).toContain('gather?turn=2');
    // Turn 1's claim and answer (asynchronous commits) did not survive a crash of PostgreSQL; the caller heard the answer and spoke again.
    await app.dataSource.query(`DELETE FROM voice_call_turns WHERE call_id = $1 AND turn = 1`, [call.id]);
    await app.dataSource.query(`UPDATE voice_calls SET turn = 0 WHERE id = $1`, [call.id]);
    const next = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'And on Sundays?' })).expect(200);
    expect(next.text).toContain('<Say');
    expect(next.text).toContain('gather?turn=3');
    const lines: Array<{ turn: number; role: string; text: string }> = await app.dataSource.query(`SELECT turn, role, text FROM voice_call_turns WHERE call_id = $1 ORDER BY turn, role DESC`, [call.id]);
    expect(lines.map((line) => `${line.turn}:${line.role}`)).toEqual(['0:assistant', '2:caller', '2:assistant']);
    expect(lines[1]!.text).toBe('And on Sundays?');
    // The same gather re-sent is answered from the transcript, not claimed again.
    const again = await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid, { SpeechResult: 'And on Sundays?' })).expect(200);
    expect(again.text).toBe(next.text);
    const [after] = await app.dataSource.query(`SELECT turn, (SELECT count(*)::int FROM voice_call_turns WHERE call_id = $1) AS n FROM voice_calls WHERE id = $1`, [call.id]);
    expect(after).toMatchObject({ turn: 2, n: 3 });
  });

  it('follows an Auth Token rotated here at once, and one rotated by another instance on the first webhook it signs', async () => {
    const callSid = sid(32);
    await hook('/api/voice/webhook/twilio', callParams(callSid)).expect(200); // the old token is now kept
    await app.http().put('/api/voice/twilio').set(ada.auth).send({ accountSid: ACCOUNT, authToken: ROTATED }).expect(200);
    await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid), TOKEN).expect(403);
    await hook('/api/voice/webhook/twilio/gather?turn=1', callParams(callSid), ROTATED).expect(200);
    // Another instance puts the first token back: this one still keeps the rotated token, and a webhook signed with the stored one is accepted.
    const [connection] = await app.dataSource.query(`SELECT id FROM voice_twilio_connections WHERE owner_id = $1`, [ada.id]);
    await app.dataSource.query(`UPDATE voice_twilio_connections SET auth_token_sealed = $2 WHERE id = $1`, [connection.id, app.app.get(SecretBox).seal(TOKEN, connection.id)]);
    await hook('/api/voice/webhook/twilio/gather?turn=2', callParams(callSid), TOKEN).expect(200);
    await hook('/api/voice/webhook/twilio/gather?turn=3', callParams(callSid, { SpeechResult: 'bye' }), ROTATED).expect(403);
  });
});
