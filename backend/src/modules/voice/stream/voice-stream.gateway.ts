import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { GenerationRegistry } from '../../../ai/generation-registry';
import { UsageService } from '../../../ai/usage.service';
import { AppConfig } from '../../../config/app-config';
import { AuditAction } from '../../audit/audit-actions';
import { AuditService } from '../../audit/audit.service';
import { SPEECH_MODELS } from '../voice-assistants.service';
import { VoiceCallsService } from '../voice-calls.service';
import { apologyFor, saysGoodbye, VoiceDialogueService } from '../voice-dialogue.service';
import type { VoiceAssistant, VoiceCall } from '../voice.entities';
import { STREAM_PATH, VoiceStreamTokensService } from './voice-stream-tokens.service';
import { StreamSession, type StreamSessionPort, type TwilioStreamMessage } from './voice-stream.session';

const CALL_PATH = new RegExp(`^${STREAM_PATH}/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$`);
/** Twilio sends `connected` then `start` at once; a socket that has not started by then is dropped. */
const START_TIMEOUT_MS = 10_000;
/** A media frame is 160 bytes of audio (about 300 in JSON); nothing Twilio sends comes near this. */
const MAX_MESSAGE_BYTES = 64 * 1024;
const SPEECH_TIMEOUT_MS = 10_000;
const TRANSCRIPTION_TIMEOUT_MS = 10_000;

/** Probe for the benchmark: a session's timing events, when set (nothing is measured otherwise). */
export type StreamTimingProbe = (callId: string, event: 'utterance-end' | 'first-audio', turn: number) => void;

/**
 * Twilio Media Streams for stream-mode calls: a plain WebSocket (the `ws` library, not socket.io) on
 * `/api/voice/stream/{callId}`, attached to Nest's HTTP server beside socket.io (which only takes
 * `/socket.io`). The upgrade is refused with a 401 unless X-Twilio-Signature is Twilio's over the wss
 * URL; the `start` message must then carry the call's token, else the socket is closed (1008). Nothing
 * is recorded for a refused stream.
 */
@Injectable()
export class VoiceStreamGateway implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(VoiceStreamGateway.name);
  private readonly server = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  private readonly live = new Map<string, StreamSession>();
  private attached: Server | undefined;
  timingProbe: StreamTimingProbe | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly calls: VoiceCallsService,
    private readonly tokens: VoiceStreamTokensService,
    private readonly dialogue: VoiceDialogueService,
    private readonly generation: GenerationRegistry,
    private readonly usage: UsageService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server) return;
    this.attached = server;
    server.on('upgrade', this.onUpgrade);
  }

  onModuleDestroy(): void {
    this.attached?.off('upgrade', this.onUpgrade);
    for (const session of this.live.values()) session.close();
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?')[0] ?? '';
    if (path !== STREAM_PATH && !path.startsWith(`${STREAM_PATH}/`)) return;
    void this.upgrade(request, socket, head, path).catch((error: unknown) => {
      this.logger.warn({ err: error }, 'A Media Stream upgrade failed');
      refuse(socket, 500, 'Internal Server Error');
    });
  };

  private async upgrade(request: IncomingMessage, socket: Duplex, head: Buffer, path: string): Promise<void> {
    const callId = CALL_PATH.exec(path)?.[1];
    const found = callId ? await this.calls.streamingCall(callId) : undefined;
    const signature = request.headers['x-twilio-signature'];
    const origin = `${(request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`;
    const signed = !!found && (await this.tokens.verifySignature(found.call.ownerId, this.tokens.streamUrl(found.call.id, origin), typeof signature === 'string' ? signature : undefined));
    if (!found || !signed || this.live.has(found.call.id)) {
      // Anyone can try this: one line per address and window with the count, as for the webhooks.
      const ip = request.socket.remoteAddress ?? null;
      await this.audit.recordCoalesced({ action: AuditAction.WEBHOOK_SIGNATURE_FAILED, ip, details: { source: 'twilio-stream', path: path.slice(0, 200), signed: !!signature } }, `twilio-stream:${ip ?? 'unknown'}`);
      refuse(socket, 401, 'Unauthorized');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (client) => this.accept(client, found.call, found.assistant));
  }

  private accept(client: WebSocket, call: VoiceCall, assistant: VoiceAssistant): void {
    let session: StreamSession | undefined;
    const startTimer = setTimeout(() => client.close(1008, 'No start message'), START_TIMEOUT_MS);
    const finish = () => {
      clearTimeout(startTimer);
      if (!session) return;
      session.close();
      if (this.live.get(call.id) === session) this.live.delete(call.id);
      void this.calls.closeStreamedCall(call.id).catch((error: unknown) => this.logger.warn({ err: error, callId: call.id }, 'Could not close a streamed call'));
      session = undefined;
    };
    client.on('message', (data: RawData) => {
      let message: TwilioStreamMessage;
      try {
        message = JSON.parse(data.toString()) as TwilioStreamMessage;
      } catch {
        client.close(1003, 'Messages are JSON');
        return;
      }
      if (message.event === 'start') {
        if (session) return;
        const params = message.start?.customParameters ?? {};
        if (!this.tokens.verifyCallToken(call.id, params['token']) || message.start?.callSid !== call.callSid || this.live.has(call.id)) {
          clearTimeout(startTimer);
          client.close(1008, 'Invalid call token');
          return;
        }
        clearTimeout(startTimer);
        session = this.openSession(client, call, assistant);
        this.live.set(call.id, session);
        session.begin(message.streamSid ?? message.start.streamSid ?? '');
      } else if (message.event === 'media') {
        if (message.media?.track && message.media.track !== 'inbound') return;
        if (typeof message.media?.payload === 'string') session?.hear(message.media.payload);
      } else if (message.event === 'mark') {
        if (message.mark?.name) session?.marked(message.mark.name);
      } else if (message.event === 'stop') {
        finish();
      }
    });
    client.on('close', finish);
    client.on('error', (error) => this.logger.warn({ err: error, callId: call.id }, 'A Media Stream socket failed'));
  }

  private openSession(client: WebSocket, call: VoiceCall, assistant: VoiceAssistant): StreamSession {
    const callId = call.id;
    const ownerId = assistant.ownerId;
    const port: StreamSessionPort = {
      recordTurn: (turn, role, text) => this.calls.recordStreamTurn(callId, turn, role, text),
      transcribe: async (wav, signal) => {
        const session = await this.generation.openTranscription(ownerId, this.generation.transcriptionModel());
        const transcript = await session.adapter.transcribe(
          { model: session.model.vendorModel, audio: wav, fileName: 'utterance.wav', mimeType: 'audio/wav', language: assistant.language.split('-')[0]! },
          session.credentials,
          AbortSignal.any([signal, AbortSignal.timeout(TRANSCRIPTION_TIMEOUT_MS)]),
        );
        if (transcript.costUsd) {
          await this.usage.recordCost(ownerId, session.model.provider, session.model.id, transcript.costUsd);
          await this.calls.addStreamCost(callId, 0, 0, transcript.costUsd);
        }
        return transcript.text;
      },
      reply: async (history, text) => {
        const reply = await this.dialogue.reply(assistant, history, text);
        await this.calls.addStreamCost(callId, reply.usage?.inputTokens ?? 0, reply.usage?.outputTokens ?? 0, reply.costUsd);
        return reply.text;
      },
      speak: async (text, signal) => {
        if (assistant.voiceProvider === 'twilio') throw new Error('A Twilio <Say> voice cannot speak into a Media Stream');
        const model = this.generation.model(SPEECH_MODELS[assistant.voiceProvider], 'speech');
        const session = await this.generation.open(ownerId, model, 'speech');
        const speech = await session.adapter.stream({ model: model.vendorModel, text, voice: assistant.voiceName, language: assistant.language }, session.credentials, AbortSignal.any([signal, AbortSignal.timeout(SPEECH_TIMEOUT_MS)]));
        if (speech.costUsd) {
          await this.usage.recordCost(ownerId, model.provider, model.id, speech.costUsd);
          await this.calls.addStreamCost(callId, 0, 0, speech.costUsd);
        }
        return speech;
      },
      ended: (reason) => this.calls.streamEnding(callId, reason),
      send: (message) => {
        if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(message));
      },
      close: () => {
        if (client.readyState === WebSocket.OPEN) client.close(1000, 'Call ended');
      },
    };
    return new StreamSession(port, {
      greeting: assistant.greeting,
      goodbyePhrase: assistant.goodbyePhrase,
      apology: apologyFor(assistant.language),
      maxCallSeconds: assistant.maxCallSeconds,
      startedAt: call.startedAt,
      silenceMs: this.config.voice.streamSilenceMs,
      turn: call.turn,
      isGoodbye: saysGoodbye,
      onError: (error, what) => this.logger.warn({ err: error, callId }, `A streamed call's ${what} failed`),
      ...(this.timingProbe ? { onTiming: (event: 'utterance-end' | 'first-audio', turn: number) => this.timingProbe?.(callId, event, turn) } : {}),
    });
  }
}

/** Answers a refused upgrade in plain HTTP and drops the socket. */
function refuse(socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.write(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroy();
}
