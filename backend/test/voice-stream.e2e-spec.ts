import twilio from 'twilio';
import WebSocket from 'ws';
import { encodeMulaw, FRAME_BYTES, parseWav, resample, TELEPHONY_RATE } from '../src/ai/audio-codec';
import { speakOffline } from '../src/ai/adapters/local-speech';
import { startProviderEmulator, type ProviderEmulator } from './support/provider-emulator';
import { registerUser, startTestApp, type TestApp, type TestUser } from './support/test-app';

/**
 * Stream mode (issue 31 item 6) over the real protocol: Twilio's incoming-call webhook answers
 * `<Connect><Stream>`, then a fake caller (a real `ws` client) opens the Media Stream the way Twilio
 * does (X-Twilio-Signature over the wss URL, `connected`, `start` with the call token) and plays a
 * recorded caller — a sentence spoken by the offline synthesiser, as 20 ms μ-law 8 kHz frames. STT
 * (OpenAI transcription) and TTS (OpenAI `pcm`) are the provider emulator's, over real HTTP.
 */

const PUBLIC_URL = 'https://webox.example.com';
const TOKEN = 'twilio-auth-token-0123';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const NUMBER = '+15005550100';
const sid = (n: number) => `CA${String(n).padStart(32, '0')}`;

/** A caller's sentence, recorded: the offline voice's WAV at 8 kHz in μ-law frames, then silence. */
async function recordedCaller(text: string): Promise<Buffer[]> {
  const wav = parseWav(await speakOffline(text, 'neutral', 'en'))!;
  const ulaw = encodeMulaw(resample(wav.samples, wav.sampleRate, TELEPHONY_RATE));
  const frames: Buffer[] = [];
  for (let offset = 0; offset + FRAME_BYTES <= ulaw.length; offset += FRAME_BYTES) frames.push(ulaw.subarray(offset, offset + FRAME_BYTES));
  return frames;
}
const silence = (ms: number): Buffer[] => Array.from({ length: Math.ceil(ms / 20) }, () => Buffer.alloc(FRAME_BYTES, 0xff));

interface StreamMessage {
  event: string;
  streamSid?: string;
  media?: { payload: string };
  mark?: { name: string };
}

/** Twilio's side of a Media Stream. */
class FakeCaller {
  readonly received: StreamMessage[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | undefined;
  private sequence = 0;

  private constructor(
    readonly socket: WebSocket,
    readonly streamSid: string,
  ) {
    socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as StreamMessage);
      this.waiters.splice(0).forEach((wake) => wake());
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      this.waiters.splice(0).forEach((wake) => wake());
    });
  }

  static open(url: string, signature: string | undefined): Promise<FakeCaller> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: signature ? { 'X-Twilio-Signature': signature } : {} });
      socket.once('open', () => resolve(new FakeCaller(socket, `MZ${Math.random().toString(16).slice(2).padEnd(32, '0')}`)));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`refused ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  private send(message: Record<string, unknown>): void {
    this.socket.send(JSON.stringify({ ...message, sequenceNumber: String(++this.sequence) }));
  }

  start(callSid: string, token: string): void {
    this.send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    this.send({ event: 'start', streamSid: this.streamSid, start: { streamSid: this.streamSid, accountSid: ACCOUNT, callSid, tracks: ['inbound'], customParameters: { token }, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } });
  }

  play(frames: Buffer[]): void {
    for (const frame of frames) this.send({ event: 'media', streamSid: this.streamSid, media: { track: 'inbound', payload: frame.toString('base64') } });
  }

  echoMark(name: string): void {
    this.send({ event: 'mark', streamSid: this.streamSid, mark: { name } });
  }

  stop(): void {
    this.send({ event: 'stop', streamSid: this.streamSid, stop: { accountSid: ACCOUNT } });
  }

  /** Waits for the n-th message (from `from`) that matches. */
  async next(predicate: (message: StreamMessage) => boolean, from = 0, timeoutMs = 10_000): Promise<{ message: StreamMessage; index: number }> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.received.findIndex((message, at) => at >= from && predicate(message));
      if (index >= 0) return { message: this.received[index]!, index };
      if (this.closeCode !== undefined) throw new Error(`closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; received ${this.received.map((m) => m.event).join(',')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  closed(timeoutMs = 5_000): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('not closed')), timeoutMs);
      this.socket.once('close', (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }
}

describe('voice stream mode (Twilio Media Streams)', () => {
  let app: TestApp;
  let emulator: ProviderEmulator;
  let ada: TestUser;
  let assistantId: string;
  let callNumber = 0;

  const hook = (path: string, params: Record<string, string>) =>
    app.http().post(path).type('form').set('X-Twilio-Signature', twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}${path}`, params)).send(params);

  /** An incoming call answered in stream mode: the stream's public URL, its token, the call's id and SID. */
  const incoming = async () => {
    const callSid = sid(++callNumber);
    const res = await hook('/api/voice/webhook/twilio', { AccountSid: ACCOUNT, CallSid: callSid, From: '+33612345678', To: NUMBER, Direction: 'inbound' }).expect(200);
    const xml = res.text;
    const url = /<Stream url="([^"]+)"/.exec(xml)?.[1];
    const token = /<Parameter name="token" value="([^"]+)"/.exec(xml)?.[1];
    expect(xml).toContain('<Connect>');
    expect(xml).toMatch(/<\/Connect><Hangup\/>/);
    const callId = /\/api\/voice\/stream\/([0-9a-f-]{36})$/.exec(url ?? '')?.[1];
    return { xml, url: url!, token: token!, callId: callId!, callSid };
  };
  /** The local address of a public stream URL, and Twilio's signature of the public one. */
  const connect = (publicUrl: string, signature: string | null = twilio.getExpectedTwilioSignature(TOKEN, publicUrl, {})) =>
    FakeCaller.open(`${app.url.replace(/^http/, 'ws')}${new URL(publicUrl).pathname}`, signature ?? undefined);
  const transcript = async (callId: string) => (await app.http().get(`/api/voice/calls/${callId}`).set(ada.auth).expect(200)).body as { status: string; endedAt: string | null; durationSeconds: number | null; turns: Array<{ role: string; text: string }> };
  const isMedia = (message: StreamMessage) => message.event === 'media';

  beforeAll(async () => {
    emulator = await startProviderEmulator({ apiKeys: ['test-key', TOKEN] });
    app = await startTestApp({ WEBOX_PUBLIC_URL: PUBLIC_URL, TWILIO_API_BASE_URL: emulator.twilioBaseUrl, OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: emulator.openaiBaseUrl, WEBOX_LOCAL_TOKEN_DELAY_MS: '0', WEBOX_VOICE_STREAM_SILENCE_MS: '300' });
    ada = await registerUser(app, 'Ada');
    await app.http().put('/api/voice/twilio').set(ada.auth).send({ accountSid: ACCOUNT, authToken: TOKEN }).expect(200);
    const created = await app.http().post('/api/voice/assistants').set(ada.auth).send({ name: 'Front desk', greeting: 'Hello, Webox front desk.', mode: 'stream', voice: { provider: 'openai', voice: 'alloy' }, phoneNumber: NUMBER }).expect(201);
    expect(created.body).toMatchObject({ mode: 'stream' });
    assistantId = created.body.id as string;
  });
  afterAll(async () => {
    await app?.close();
    await emulator?.close();
  });

  it('refuses a stream assistant with a Twilio <Say> voice, naming the field', async () => {
    const res = await app.http().post('/api/voice/assistants').set(ada.auth).send({ name: 'B', greeting: 'Hi', mode: 'stream' }).expect(400);
    expect(res.body).toMatchObject({ code: 'VOICE_STREAM_NEEDS_SPEECH_VOICE' });
    expect(JSON.stringify(res.body.details)).toContain('voice.provider');
    const patched = await app.http().patch(`/api/voice/assistants/${assistantId}`).set(ada.auth).send({ voice: { provider: 'twilio', voice: 'alice' } }).expect(400);
    expect(patched.body.code).toBe('VOICE_STREAM_NEEDS_SPEECH_VOICE');
    await app.http().post('/api/voice/assistants').set(ada.auth).send({ name: 'B', greeting: 'Hi', mode: 'chat' }).expect(400);
  });

  it('answers a call with <Connect><Stream>, greets, hears a recorded caller, answers in audio, and keeps the transcript', async () => {
    const call = await incoming();
    expect(call.url).toBe(`wss://webox.example.com/api/voice/stream/${call.callId}`);
    const caller = await connect(call.url);
    caller.start(call.callSid, call.token);
    // The greeting, spoken over the stream: 20 ms μ-law frames, then a mark.
    const greeting = await caller.next(isMedia);
    expect(Buffer.from(greeting.message.media!.payload, 'base64')).toHaveLength(FRAME_BYTES);
    expect(greeting.message.streamSid).toBe(caller.streamSid);
    const greetingMark = await caller.next((m) => m.event === 'mark');
    caller.echoMark(greetingMark.message.mark!.name);

    emulator.script({ reply: 'What are your opening hours?', match: { kind: 'transcription' } });
    const before = caller.received.length;
    caller.play([...silence(200), ...(await recordedCaller('What are your opening hours?')), ...silence(400)]);
    await caller.next(isMedia, before);
    const mark = await caller.next((m) => m.event === 'mark', before);
    caller.echoMark(mark.message.mark!.name);

    const stt = emulator.requests.filter((r) => r.kind === 'transcription');
    expect(stt.at(-1)).toMatchObject({ model: 'gpt-4o-mini-transcribe' });
    const tts = emulator.requests.filter((r) => r.kind === 'speech');
    expect(tts.at(-1)?.body).toMatchObject({ response_format: 'pcm', voice: 'alloy' });

    const lines = (await transcript(call.callId)).turns;
    expect(lines.map((line) => line.role)).toEqual(['assistant', 'caller', 'assistant']);
    expect(lines[1]!.text).toBe('What are your opening hours?');
    expect(lines[2]!.text.length).toBeGreaterThan(0);

    // Twilio's stop closes the call record.
    caller.stop();
    await caller.closed().catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ended = await transcript(call.callId);
    expect(ended.status).toBe('completed');
    expect(ended.endedAt).not.toBeNull();
    expect(ended.durationSeconds).not.toBeNull();
  });

  it('stops playback when the caller talks over the assistant (barge-in: clear, synthesis aborted, next turn)', async () => {
    const call = await incoming();
    const caller = await connect(call.url);
    caller.start(call.callSid, call.token);
    await caller.next(isMedia);
    // The greeting is still playing (its mark not echoed): the caller speaks over it.
    const before = caller.received.length;
    emulator.script({ reply: 'Sorry to interrupt, is the shop open?', match: { kind: 'transcription' } });
    caller.play(await recordedCaller('Sorry to interrupt'));
    const clear = await caller.next((m) => m.event === 'clear', before);
    expect(clear.message.streamSid).toBe(caller.streamSid);
    caller.play(silence(400));
    await caller.next(isMedia, clear.index);
    await caller.next((m) => m.event === 'mark', clear.index);
    const lines = (await transcript(call.callId)).turns;
    expect(lines.filter((line) => line.role === 'caller').map((line) => line.text)).toEqual(['Sorry to interrupt, is the shop open?']);
    caller.socket.close();
  });

  it('says sorry instead of going silent when speech-to-text fails, and the call goes on', async () => {
    const call = await incoming();
    const caller = await connect(call.url);
    caller.start(call.callSid, call.token);
    const mark = await caller.next((m) => m.event === 'mark');
    caller.echoMark(mark.message.mark!.name);
    emulator.script({ failure: { type: 'status', status: 500 }, match: { kind: 'transcription' } });
    const before = caller.received.length;
    caller.play([...(await recordedCaller('Hello?')), ...silence(400)]);
    await caller.next(isMedia, before);
    await caller.next((m) => m.event === 'mark', before);
    const lines = (await transcript(call.callId)).turns;
    expect(lines.map((line) => line.role)).toEqual(['assistant', 'assistant']);
    expect(lines.at(-1)).toMatchObject({ role: 'assistant', text: 'Sorry, I had trouble answering just now. Could you say that again?' });
    expect(caller.closeCode).toBeUndefined();
    caller.socket.close();
  });

  it('ends the call politely when the caller says goodbye', async () => {
    const call = await incoming();
    const caller = await connect(call.url);
    caller.start(call.callSid, call.token);
    const mark = await caller.next((m) => m.event === 'mark');
    caller.echoMark(mark.message.mark!.name);
    emulator.script({ reply: 'Thanks, goodbye!', match: { kind: 'transcription' } });
    const before = caller.received.length;
    caller.play([...(await recordedCaller('Thanks, goodbye!')), ...silence(400)]);
    const bye = await caller.next((m) => m.event === 'mark', before);
    caller.echoMark(bye.message.mark!.name);
    expect(await caller.closed()).toBe(1000);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const ended = await transcript(call.callId);
    expect(ended.turns.at(-1)).toMatchObject({ role: 'assistant', text: 'Thank you for calling. Goodbye!' });
    expect(ended.status).toBe('completed');
  });

  it('refuses a stream without Twilio’s signature or with a wrong call token, and records nothing', async () => {
    const call = await incoming();
    await expect(connect(call.url, null)).rejects.toThrow('refused 401');
    await expect(connect(call.url, twilio.getExpectedTwilioSignature('another-token', call.url, {}))).rejects.toThrow('refused 401');
    await expect(connect(call.url.replace(call.callId, '00000000-0000-4000-8000-000000000000'))).rejects.toThrow('refused 401');
    const caller = await connect(call.url);
    caller.start(call.callSid, `${Math.floor(Date.now() / 1000) + 60}.forged`);
    expect(await caller.closed()).toBe(1008);
    const expired = await connect(call.url);
    expired.start(sid(999), call.token);
    expect(await expired.closed()).toBe(1008);
    const after = await transcript(call.callId);
    expect(after.turns.map((line) => line.role)).toEqual(['assistant']);
    expect(after.endedAt).toBeNull();
  });
});
