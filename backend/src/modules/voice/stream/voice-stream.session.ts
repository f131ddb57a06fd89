import { decodeMulaw, FRAME_BYTES, rms, TELEPHONY_RATE, TelephonyEncoder, wavOf } from '../../../ai/audio-codec';
import type { SpeechStream } from '../../../ai/generation-capabilities';

/** Twilio Media Streams' messages (https://www.twilio.com/docs/voice/media-streams/websocket-messages). */
export type TwilioStreamMessage =
  | { event: 'connected'; protocol?: string; version?: string }
  | { event: 'start'; sequenceNumber?: string; streamSid: string; start: { streamSid?: string; callSid: string; accountSid?: string; tracks?: string[]; customParameters?: Record<string, string>; mediaFormat?: { encoding: string; sampleRate: number; channels: number } } }
  | { event: 'media'; sequenceNumber?: string; streamSid?: string; media: { track?: string; chunk?: string; timestamp?: string; payload: string } }
  | { event: 'mark'; sequenceNumber?: string; streamSid?: string; mark: { name: string } }
  | { event: 'dtmf'; streamSid?: string; dtmf?: { digit?: string } }
  | { event: 'stop'; sequenceNumber?: string; streamSid?: string; stop?: { callSid?: string } };

/** What a session needs from the rest of Webox: the call record, STT, the dialogue engine and TTS. Implemented by VoiceStreamGateway. */
export interface StreamSessionPort {
  /** Stores one transcript line of the call (idempotent per turn and role). */
  recordTurn(turn: number, role: 'caller' | 'assistant', text: string): Promise<void>;
  /** The caller's utterance (a WAV of 8 kHz PCM16) as text; throws when the STT vendor fails. */
  transcribe(wav: Buffer, signal: AbortSignal): Promise<string>;
  /** The assistant's answer to the caller's words, given the dialogue so far (never throws: an apology on failure). */
  reply(history: readonly { role: 'caller' | 'assistant'; text: string }[], text: string): Promise<string>;
  /** The words in the assistant's voice, streamed raw; aborting the signal stops the vendor's stream. */
  speak(text: string, signal: AbortSignal): Promise<SpeechStream>;
  /** The call ended here (goodbye, time limit): the reason is kept on the call. */
  ended(reason: 'goodbye' | 'time_limit'): Promise<void>;
  /** Sends one JSON message to Twilio. */
  send(message: Record<string, unknown>): void;
  /** Closes the WebSocket (Twilio then runs the TwiML after `<Connect>`: a hang-up). */
  close(): void;
}

export interface StreamSessionOptions {
  greeting: string;
  goodbyePhrase: string;
  apology: string;
  maxCallSeconds: number;
  startedAt: Date;
  /** Silence after speech that ends an utterance. */
  silenceMs: number;
  /** The last turn number already used on the call. */
  turn: number;
  isGoodbye: (text: string) => boolean;
  onError: (error: unknown, what: string) => void;
  /** Timing probe for the benchmark: called when an utterance ends and when its first audio frame is sent. */
  onTiming?: (event: 'utterance-end' | 'first-audio', turn: number) => void;
}

/** A frame louder than this (RMS of PCM16) is speech. μ-law silence decodes to 0; line noise stays well under it. */
const SPEECH_RMS = 500;
/** Voiced frames in a row that make speech start (60 ms): a click is not a barge-in. */
const SPEECH_START_FRAMES = 3;
/** Audio kept from before speech was confirmed, so the first syllable is not cut (200 ms). */
const PRE_ROLL_FRAMES = 10;
/** Longest utterance sent to STT (30 s); longer speech is cut into turns. */
const MAX_UTTERANCE_SAMPLES = 30 * TELEPHONY_RATE;
/** If Twilio never echoes the goodbye's mark, the call still ends. */
const GOODBYE_GRACE_MS = 15_000;

interface Turn {
  number: number;
  controller: AbortController;
  /** Audio of this turn has been sent to Twilio (a barge-in must `clear` it). */
  audible: boolean;
  /** The mark sent after the turn's last frame; playback is over when Twilio echoes it. */
  mark?: string;
  ending: boolean;
}

/**
 * One call's Media Stream: the caller's μ-law frames through an energy end-of-utterance detector
 * (speech, then `silenceMs` of silence), each utterance to STT, the dialogue engine's reply synthesised
 * and streamed back as 20 ms μ-law frames from the vendor's first bytes, a `mark` after each reply.
 * Caller speech while the assistant is talking (or still thinking) is a barge-in: `clear` empties
 * Twilio's playback buffer, the reply's synthesis is aborted upstream, and the new speech is the next turn.
 */
export class StreamSession {
  streamSid = '';
  private turnNumber: number;
  private current: Turn | undefined;
  private readonly history: { role: 'caller' | 'assistant'; text: string }[] = [];
  // End-of-utterance detector state.
  private voicedRun = 0;
  private silentFrames = 0;
  private speaking = false;
  private preRoll: Int16Array[] = [];
  private utterance: Int16Array[] = [];
  private utteranceSamples = 0;
  private closed = false;
  private marks = 0;
  private readonly silenceFrames: number;

  constructor(
    private readonly port: StreamSessionPort,
    private readonly options: StreamSessionOptions,
  ) {
    this.turnNumber = options.turn;
    this.silenceFrames = Math.max(1, Math.round(options.silenceMs / 20));
  }

  /** Twilio's `start`: the greeting is spoken at once. */
  begin(streamSid: string): void {
    this.streamSid = streamSid;
    this.startTurn(0, (turn) => this.say(turn, this.options.greeting));
  }

  /** One inbound media frame. */
  hear(payload: string): void {
    if (this.closed) return;
    const samples = decodeMulaw(Buffer.from(payload, 'base64'));
    const voiced = rms(samples) >= SPEECH_RMS;
    if (!this.speaking) {
      this.preRoll.push(samples);
      if (this.preRoll.length > PRE_ROLL_FRAMES) this.preRoll.shift();
      this.voicedRun = voiced ? this.voicedRun + 1 : 0;
      if (this.voicedRun < SPEECH_START_FRAMES) return;
      this.speaking = true;
      this.silentFrames = 0;
      this.utterance = this.preRoll;
      this.utteranceSamples = this.preRoll.reduce((sum, frame) => sum + frame.length, 0);
      this.preRoll = [];
      this.bargeIn();
      return;
    }
    this.utterance.push(samples);
    this.utteranceSamples += samples.length;
    this.silentFrames = voiced ? 0 : this.silentFrames + 1;
    if (this.silentFrames >= this.silenceFrames || this.utteranceSamples >= MAX_UTTERANCE_SAMPLES) this.endUtterance();
  }

  /** Twilio's echo of a mark: the audio before it has been played (or cleared). */
  marked(name: string): void {
    const turn = this.current;
    if (!turn || turn.mark !== name) return;
    if (turn.ending) {
      this.close();
      return;
    }
    this.current = undefined;
  }

  /** The stream is over (Twilio's `stop`, or the socket closed): everything in flight is aborted. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.current?.controller.abort();
    this.current = undefined;
    this.port.close();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The caller started talking: whatever the assistant is saying or preparing stops. */
  private bargeIn(): void {
    const turn = this.current;
    if (!turn || turn.ending) return;
    turn.controller.abort();
    if (turn.audible) this.port.send({ event: 'clear', streamSid: this.streamSid });
    this.current = undefined;
  }

  private endUtterance(): void {
    const frames = this.utterance;
    this.speaking = false;
    this.voicedRun = 0;
    this.silentFrames = 0;
    this.utterance = [];
    this.utteranceSamples = 0;
    const samples = new Int16Array(frames.reduce((sum, frame) => sum + frame.length, 0));
    let offset = 0;
    for (const frame of frames) {
      samples.set(frame, offset);
      offset += frame.length;
    }
    const number = ++this.turnNumber;
    this.options.onTiming?.('utterance-end', number);
    this.startTurn(number, (turn) => this.answer(turn, samples));
  }

  private startTurn(number: number, run: (turn: Turn) => Promise<void>): void {
    if (this.current && !this.current.ending) this.current.controller.abort();
    const turn: Turn = { number, controller: new AbortController(), audible: false, ending: false };
    this.current = turn;
    run(turn).catch((error: unknown) => {
      if (!turn.controller.signal.aborted) this.options.onError(error, 'turn');
    });
  }

  /** One caller turn: STT, then the reply (or the goodbye), spoken. */
  private async answer(turn: Turn, samples: Int16Array): Promise<void> {
    const signal = turn.controller.signal;
    let heard: string;
    try {
      heard = (await this.port.transcribe(wavOf(samples, TELEPHONY_RATE), signal)).trim();
    } catch (error) {
      if (signal.aborted) return;
      this.options.onError(error, 'transcription');
      // The vendor failed: the caller hears an apology, never dead air, and can speak again.
      await this.port.recordTurn(turn.number, 'assistant', this.options.apology);
      await this.say(turn, this.options.apology);
      return;
    }
    if (signal.aborted || !heard) return;
    await this.port.recordTurn(turn.number, 'caller', heard);
    const elapsed = (Date.now() - this.options.startedAt.getTime()) / 1000;
    if (this.options.isGoodbye(heard) || elapsed >= this.options.maxCallSeconds) {
      turn.ending = true;
      await this.port.ended(elapsed >= this.options.maxCallSeconds ? 'time_limit' : 'goodbye');
      await this.port.recordTurn(turn.number, 'assistant', this.options.goodbyePhrase);
      await this.say(turn, this.options.goodbyePhrase);
      setTimeout(() => this.close(), GOODBYE_GRACE_MS).unref();
      return;
    }
    const reply = await this.port.reply(this.history, heard);
    if (signal.aborted) return;
    this.history.push({ role: 'caller', text: heard }, { role: 'assistant', text: reply });
    await this.port.recordTurn(turn.number, 'assistant', reply);
    await this.say(turn, reply);
  }

  /** The text synthesised and streamed as 20 ms μ-law frames from the first bytes, then a mark. */
  private async say(turn: Turn, text: string): Promise<void> {
    const signal = turn.controller.signal;
    const speech = await this.port.speak(text, signal);
    const encoder = new TelephonyEncoder(speech.encoding, speech.sampleRate);
    let pending: Buffer = Buffer.alloc(0);
    for await (const chunk of speech.chunks) {
      if (signal.aborted || this.closed) return;
      pending = pending.length ? Buffer.concat([pending, encoder.push(chunk)]) : encoder.push(chunk);
      const whole = pending.length - (pending.length % FRAME_BYTES);
      for (let offset = 0; offset < whole; offset += FRAME_BYTES) this.sendFrame(turn, pending.subarray(offset, offset + FRAME_BYTES));
      pending = pending.subarray(whole);
    }
    if (signal.aborted || this.closed) return;
    if (pending.length) this.sendFrame(turn, Buffer.concat([pending, Buffer.alloc(FRAME_BYTES - pending.length, 0xff)]));
    turn.mark = `turn-${turn.number}-${++this.marks}`;
    this.port.send({ event: 'mark', streamSid: this.streamSid, mark: { name: turn.mark } });
  }

  private sendFrame(turn: Turn, frame: Buffer): void {
    if (!turn.audible) {
      turn.audible = true;
      this.options.onTiming?.('first-audio', turn.number);
    }
    this.port.send({ event: 'media', streamSid: this.streamSid, media: { payload: frame.toString('base64') } });
  }
}
