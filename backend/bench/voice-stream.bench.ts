/**
 * Voice stream mode benchmark (issue 31): caller-stops-speaking → first audio byte back, with the
 * provider emulator's STT (OpenAI transcription) and TTS (OpenAI `pcm`) at zero latency and the
 * offline chat model at zero token delay. One process: Webox (built from source by ts-node, on a
 * scratch PostgreSQL database) and the emulator on loopback; a fake Twilio caller (a `ws` client)
 * opens the Media Stream exactly as Twilio does (signed upgrade, call token) and, per turn, sends a
 * spoken utterance then the silence window as fast as the socket takes it.
 *
 * Two figures per turn:
 *   - client: the last silence frame sent → the first `media` message received (what the line hears,
 *     minus Twilio's network), including the emulator's handling of the STT and TTS requests;
 *   - server: Webox's own probe, end of utterance detected → first frame handed to the socket.
 * The silence window itself (WEBOX_VOICE_STREAM_SILENCE_MS) is a setting, not processing: it is not in either figure.
 *
 *   npx ts-node --transpile-only -P backend/tsconfig.json backend/bench/voice-stream.bench.ts [--turns 200] [--postgres-url postgres://postgres@127.0.0.1:5432/postgres]
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import twilio from 'twilio';
import WebSocket from 'ws';
import { encodeMulaw, FRAME_BYTES, parseWav, resample, TELEPHONY_RATE } from '../src/ai/audio-codec';
import { speakOffline } from '../src/ai/adapters/local-speech';
import { createApp } from '../src/app.factory';
import { AppConfig } from '../src/config/app-config';
import { VoiceStreamGateway } from '../src/modules/voice/stream/voice-stream.gateway';
import { startProviderEmulator } from '../test/support/provider-emulator';
import { distribution, type Distribution } from './support/stats';
import { registerUser } from './support/stream-clients';

const PUBLIC_URL = 'https://webox.example.com';
const TOKEN = 'twilio-auth-token-0123';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const NUMBER = '+15005550100';
const SILENCE_MS = 300;

function flag(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? (process.argv[index + 1] ?? fallback) : fallback;
}

async function main(): Promise<void> {
  const turns = Number(flag('turns', '200'));
  const postgresUrl = flag('postgres-url', 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = `bench_vstream_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: postgresUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const databaseUrl = postgresUrl.replace(/\/[^/]*$/, `/${dbName}`);
  const dataDir = mkdtempSync(join(tmpdir(), 'webox-bench-vstream-'));
  const emulator = await startProviderEmulator({ apiKeys: ['bench-key', TOKEN] });
  const config = new AppConfig({
    NODE_ENV: 'production',
    WEBOX_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBOX_DATA_DIR: dataDir,
    WEBOX_FRONTEND_DIR: join(dataDir, 'no-frontend'),
    WEBOX_REGISTRATION: 'open',
    WEBOX_AUTH_RATE_LIMIT: '100000',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    WEBOX_PUBLIC_URL: PUBLIC_URL,
    TWILIO_API_BASE_URL: emulator.twilioBaseUrl,
    OPENAI_API_KEY: 'bench-key',
    OPENAI_BASE_URL: emulator.openaiBaseUrl,
    WEBOX_LOCAL_TOKEN_DELAY_MS: '0',
    WEBOX_VOICE_STREAM_SILENCE_MS: String(SILENCE_MS),
  });
  const app = await createApp(config, { url: databaseUrl, embedded: false });
  await app.listen(0, '127.0.0.1');
  const base = `127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`;
  const serverTimes: number[] = [];
  const utteranceEnds = new Map<number, number>();
  app.get(VoiceStreamGateway).timingProbe = (_callId, event, turn) => {
    if (event === 'utterance-end') utteranceEnds.set(turn, performance.now());
    else if (utteranceEnds.has(turn)) serverTimes.push(performance.now() - utteranceEnds.get(turn)!);
  };
  try {
    const api = async (method: string, path: string, body?: unknown, token?: string, form?: Record<string, string>): Promise<{ status: number; text: string; json: () => unknown }> => {
      const headers: Record<string, string> = {};
      if (token) headers['authorization'] = `Bearer ${token}`;
      let payload: string | undefined;
      if (form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        headers['x-twilio-signature'] = twilio.getExpectedTwilioSignature(TOKEN, `${PUBLIC_URL}${path}`, form);
        payload = new URLSearchParams(form).toString();
      } else if (body !== undefined) {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
      const response = await fetch(`http://${base}${path}`, { method, headers, ...(payload ? { body: payload } : {}) });
      const text = await response.text();
      return { status: response.status, text, json: () => JSON.parse(text) as unknown };
    };
    const accessToken = await registerUser(`http://${base}`);
    await api('PUT', '/api/voice/twilio', { accountSid: ACCOUNT, authToken: TOKEN }, accessToken);
    const assistant = await api('POST', '/api/voice/assistants', { name: 'Bench', greeting: 'Hello.', mode: 'stream', voice: { provider: 'openai', voice: 'alloy' }, phoneNumber: NUMBER, maxCallSeconds: 3600 }, accessToken);
    if (assistant.status !== 201) throw new Error(`assistant: ${assistant.text}`);

    const wav = parseWav(await speakOffline('What are your opening hours?', 'neutral', 'en'))!;
    const ulaw = encodeMulaw(resample(wav.samples, wav.sampleRate, TELEPHONY_RATE));
    const speech: string[] = [];
    for (let offset = 0; offset + FRAME_BYTES <= ulaw.length; offset += FRAME_BYTES) speech.push(ulaw.subarray(offset, offset + FRAME_BYTES).toString('base64'));
    const silence = Array.from({ length: SILENCE_MS / 20 }, () => Buffer.alloc(FRAME_BYTES, 0xff).toString('base64'));

    const clientTimes: number[] = [];
    const turnsPerCall = 20;
    for (let callIndex = 0; clientTimes.length < turns; callIndex++) {
      const callSid = `CA${String(callIndex + 1).padStart(32, '0')}`;
      const answer = await api('POST', '/api/voice/webhook/twilio', undefined, undefined, { AccountSid: ACCOUNT, CallSid: callSid, From: '+33612345678', To: NUMBER, Direction: 'inbound' });
      const url = /<Stream url="([^"]+)"/.exec(answer.text)?.[1];
      const callToken = /<Parameter name="token" value="([^"]+)"/.exec(answer.text)?.[1];
      if (!url || !callToken) throw new Error(`no stream TwiML: ${answer.text}`);
      const socket = new WebSocket(`ws://${base}${new URL(url).pathname}`, { headers: { 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(TOKEN, url, {}) } });
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      const streamSid = `MZ${randomBytes(16).toString('hex')}`;
      let waiting: ((event: { event: string; mark?: { name: string } }) => void) | undefined;
      socket.on('message', (data) => waiting?.(JSON.parse(data.toString()) as { event: string; mark?: { name: string } }));
      const nextMark = () =>
        new Promise<{ firstMedia: number }>((resolve) => {
          let firstMedia = 0;
          waiting = (message) => {
            if (message.event === 'media' && !firstMedia) firstMedia = performance.now();
            if (message.event === 'mark') {
              socket.send(JSON.stringify({ event: 'mark', streamSid, mark: message.mark }));
              waiting = undefined;
              resolve({ firstMedia });
            }
          };
        });
      const send = (payload: string) => socket.send(JSON.stringify({ event: 'media', streamSid, media: { track: 'inbound', payload } }));
      const greeted = nextMark();
      socket.send(JSON.stringify({ event: 'connected', protocol: 'Call', version: '1.0.0' }));
      socket.send(JSON.stringify({ event: 'start', streamSid, start: { streamSid, callSid, accountSid: ACCOUNT, customParameters: { token: callToken } } }));
      await greeted;
      for (let turn = 0; turn < turnsPerCall && clientTimes.length < turns; turn++) {
        emulator.script({ reply: 'What are your opening hours?', match: { kind: 'transcription' } });
        const replied = nextMark();
        for (const frame of speech) send(frame);
        for (const frame of silence.slice(0, -1)) send(frame);
        await new Promise<void>((resolve) => socket.send(JSON.stringify({ event: 'media', streamSid, media: { track: 'inbound', payload: silence[0] } }), () => resolve()));
        const lastSent = performance.now();
        const { firstMedia } = await replied;
        clientTimes.push(firstMedia - lastSent);
      }
      socket.send(JSON.stringify({ event: 'stop', streamSid }));
      socket.close();
    }
    report(turns, distribution(clientTimes), distribution(serverTimes));
  } finally {
    await app.close();
    await emulator.close();
    rmSync(dataDir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
  }
}

function report(turns: number, client: Distribution, server: Distribution): void {
  const row = (name: string, d: Distribution) => `| ${name} | ${d.n} | ${d.p50.toFixed(1)} | ${d.p90.toFixed(1)} | ${d.p99.toFixed(1)} | ${d.max.toFixed(1)} |`;
  console.log(`\nVoice stream: caller stops speaking → first audio back (${turns} turns, silence window ${SILENCE_MS} ms not counted), load ${loadavg().map((v) => v.toFixed(2)).join(' ')}`);
  console.log('| measured | n | p50 ms | p90 ms | p99 ms | max ms |\n| --- | --- | --- | --- | --- | --- |');
  console.log(row('client: last silence frame sent → first media received', client));
  console.log(row('server: utterance end detected → first frame sent', server));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
