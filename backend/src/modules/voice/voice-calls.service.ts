import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Between, type FindOptionsWhere, LessThan, MoreThanOrEqual, Repository } from 'typeorm';
import twilio from 'twilio';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { skipTake, toPage } from '../../common/pagination';
import { EventBus } from '../../events/event-bus';
import { AuditAction } from '../audit/audit-actions';
import { AuditService } from '../audit/audit.service';
import type { CallQueryDto, PlaceCallDto, TestTurnDto, TestTurnInputDto, VoiceCallDetailDto, VoiceCallDto, VoiceCallPageDto } from './dto/voice.dto';
import { GenerationRegistry } from '../../ai/generation-registry';
import { VoiceStreamTokensService } from './stream/voice-stream-tokens.service';
import { TwilioConnectionsService, WEBHOOK_PATH } from './twilio-connections.service';
import { TwilioGateway } from './twilio-gateway';
import { VoiceAssistantsService } from './voice-assistants.service';
import { VoiceAudioService } from './voice-audio.service';
import { VoiceCallsRepository } from './voice-calls.repository';
import { saysGoodbye, VoiceDialogueService } from './voice-dialogue.service';
import { FINAL_CALL_STATUSES, CALL_STATUSES, type CallStatus, VoiceAssistant, VoiceCall, VoiceCallTurn } from './voice.entities';
import { VoiceErrorCode } from './voice.errors';
import { toCallDetailDto, toCallDto } from './voice.mapper';

type VoiceResponse = InstanceType<typeof twilio.twiml.VoiceResponse>;

/** A Twilio webhook as the controller hands it over: the form fields, the signature header and the URL Twilio called. */
export interface TwilioWebhook {
  params: Record<string, string>;
  signature: string | undefined;
  /** Path and query as received (`/api/voice/webhook/twilio/gather?turn=2`). */
  path: string;
  /** The request's own origin, used when WEBOX_PUBLIC_URL is unset. */
  origin: string;
  /** The client's address (for the audit trail of a refused signature). */
  ip?: string;
}

/** How long a retried gather waits for the first delivery's answer, checking every 200 ms. */
const REPLAY_WAIT_STEP_MS = 200;

const NOT_IN_SERVICE: Record<string, string> = {
  en: 'Sorry, no assistant answers this number. Goodbye.',
  fr: 'Désolé, aucun assistant ne répond à ce numéro. Au revoir.',
};

/**
 * Calls: Twilio's webhooks (an incoming call, each gathered turn, the final status, the recording),
 * outbound calls through the REST API, the call history, and the browser's test turns. Every webhook's
 * X-Twilio-Signature is checked against the stored Auth Tokens of its AccountSid first; a bad one is a
 * 403 and nothing is recorded. Twilio never gets a 500: the model failing is an apology in TwiML.
 */
@Injectable()
export class VoiceCallsService {
  private readonly logger = new Logger(VoiceCallsService.name);

  constructor(
    @InjectRepository(VoiceCall) private readonly calls: Repository<VoiceCall>,
    @InjectRepository(VoiceCallTurn) private readonly turns: Repository<VoiceCallTurn>,
    @InjectRepository(VoiceAssistant) private readonly assistants: Repository<VoiceAssistant>,
    private readonly assistantsService: VoiceAssistantsService,
    private readonly connections: TwilioConnectionsService,
    private readonly gateway: TwilioGateway,
    private readonly dialogue: VoiceDialogueService,
    private readonly audio: VoiceAudioService,
    private readonly bus: EventBus,
    private readonly audit: AuditService,
    private readonly generation: GenerationRegistry,
    private readonly streamTokens: VoiceStreamTokensService,
    private readonly store: VoiceCallsRepository,
  ) {}

  // ───────────── webhooks ─────────────

  /** An incoming call (or the answer of one placed by Webox): the greeting, then a speech gather. */
  async incoming(hook: TwilioWebhook): Promise<string> {
    await this.verify(hook);
    const { CallSid: callSid = '', From: from = '', To: to = '', AccountSid: accountSid = '' } = hook.params;
    const { call: known, assistant } = await this.store.incomingCall(callSid, to, accountSid);
    const response = new twilio.twiml.VoiceResponse();
    if (!assistant) {
      response.say({ language: 'en-US' }, NOT_IN_SERVICE['en']!);
      response.hangup();
      return response.toString();
    }
    // A new call is opened with its greeting line in one statement; a known one (placed by Webox, or a retried webhook) gets what it lacks.
    let call = known ? undefined : await this.store.openIncoming({ ownerId: assistant.ownerId, assistantId: assistant.id, callSid, from, to, greeting: assistant.greeting, at: new Date() });
    if (call) {
      if (assistant.recordCalls) void this.startRecording(assistant, callSid, hook);
    } else {
      call = known ?? (await this.calls.findOneByOrFail({ callSid }));
      if (call.status === 'queued' || call.status === 'ringing') await this.calls.update({ id: call.id }, { status: 'in-progress', startedAt: new Date() });
      await this.addTurn(call.id, 0, 'assistant', assistant.greeting);
    }
    if (assistant.mode === 'stream' && (await this.canStream(assistant))) {
      // The call's audio over a Media Stream (the greeting is spoken there); when the stream closes, Twilio hangs up.
      const stream = response.connect().stream({ url: this.streamTokens.streamUrl(call.id, hook.origin) });
      stream.parameter({ name: 'token', value: this.streamTokens.callToken(call.id) });
      response.hangup();
      return response.toString();
    }
    await this.speakAndGather(response, assistant, assistant.greeting, call.turn + 1);
    return response.toString();
  }

  /**
   * One gathered turn: the caller's words to the model, its answer spoken, then the next gather (or a
   * polite end). What the turn decides without the model (silence, goodbye, the time limit) is written
   * with the claim of the turn, in one statement; a spoken turn writes twice: the claim with the
   * caller's line, then the answer with its cost (both committed asynchronously: see
   * VoiceCallsRepository.claimTurn). A turn at or behind the call's counter is a re-sent webhook: it
   * gets the recorded answer again. One ahead of it by more than one follows turns lost with a crash
   * of the database, and is claimed over the gap.
   */
  async gather(hook: TwilioWebhook, turn: number): Promise<string> {
    await this.verify(hook);
    const response = new twilio.twiml.VoiceResponse();
    const found = await this.store.callWithAssistant(hook.params['CallSid'] ?? '');
    if (!found?.assistant) {
      response.hangup();
      return response.toString();
    }
    const { call, assistant } = found;
    if (call.turn >= turn) return this.replay(call, assistant, turn);

    const speech = (hook.params['SpeechResult'] ?? '').trim();
    const silentTurns = speech ? 0 : call.silentTurns + 1;
    const endedReason =
      (Date.now() - call.startedAt.getTime()) / 1000 >= assistant.maxCallSeconds ? 'time_limit' : !speech ? (silentTurns > assistant.silenceReprompts ? 'silence' : null) : saysGoodbye(speech) ? 'goodbye' : null;
    const reply = endedReason ? assistant.goodbyePhrase : speech ? null : assistant.silencePrompt;
    const claimed = await this.store.claimTurn({ callId: call.id, turn, speech, silentTurns, reply, endedReason, modelAnswers: reply === null }, new Date());
    if (!claimed) return this.replay(call, assistant, turn);

    if (endedReason) {
      await this.say(response, assistant, assistant.goodbyePhrase, call.id);
      response.hangup();
      return response.toString();
    }
    if (reply !== null) {
      await this.speakAndGather(response, assistant, reply, turn + 1, call.id);
      return response.toString();
    }
    const answer = await this.dialogue.reply(assistant, claimed.history, speech);
    const answered = await this.store.answerTurn(call.id, turn, answer.text, new Date(), { inputTokens: answer.usage?.inputTokens ?? 0, outputTokens: answer.usage?.outputTokens ?? 0, costUsd: answer.costUsd });
    // The claim (committed asynchronously) was lost with a restart of the database: an error, so the turn stays unclaimed for a re-sent webhook rather than the caller moving on to a turn the call never reached.
    if (!answered) throw new Error(`Turn ${turn} of call ${call.id} lost its claim before the answer was written`);
    await this.speakAndGather(response, assistant, answer.text, turn + 1, call.id);
    return response.toString();
  }

  /** The call's final status, duration and price; `voice.call.completed` is published once. */
  async status(hook: TwilioWebhook): Promise<string> {
    await this.verify(hook);
    const params = hook.params;
    const call = await this.calls.findOneBy({ callSid: params['CallSid'] ?? '' });
    const status = params['CallStatus'] as CallStatus;
    if (call && CALL_STATUSES.includes(status)) {
      if (!FINAL_CALL_STATUSES.includes(status)) {
        await this.calls.createQueryBuilder().update().set({ status }).where('id = :id AND ended_at IS NULL', { id: call.id }).execute();
      } else {
        const duration = Number(params['CallDuration']);
        await this.finish(call.id, { status, durationSeconds: Number.isFinite(duration) ? Math.round(duration) : null, price: params['Price'] || null, priceUnit: params['PriceUnit'] || null });
      }
    }
    return new twilio.twiml.VoiceResponse().toString();
  }

  /** Twilio's recording callback: the recording's URL on the call. */
  async recording(hook: TwilioWebhook): Promise<string> {
    await this.verify(hook);
    const url = hook.params['RecordingUrl'];
    if (url && (hook.params['RecordingStatus'] ?? 'completed') === 'completed') await this.calls.update({ callSid: hook.params['CallSid'] ?? '' }, { recordingUrl: url });
    return new twilio.twiml.VoiceResponse().toString();
  }

  // ───────────── outbound, history, test turns ─────────────

  async place(user: AuthUser, dto: PlaceCallDto): Promise<VoiceCallDto> {
    const assistant = await this.assistantsService.owned(user, dto.assistantId.toLowerCase());
    if (!assistant.phoneNumber) throw new DomainError('invalid', VoiceErrorCode.VOICE_ASSISTANT_HAS_NO_NUMBER, 'The assistant needs a Twilio phone number to call from', [{ field: 'assistantId', message: 'The assistant has no phone number' }]);
    const base = this.connections.publicBase();
    const credentials = await this.connections.credentialsFor(user.id);
    const placed = await this.gateway.placeCall(credentials, {
      to: dto.to,
      from: assistant.phoneNumber,
      url: `${base}${WEBHOOK_PATH}`,
      statusCallback: `${base}${WEBHOOK_PATH}/status`,
      record: assistant.recordCalls,
      recordingStatusCallback: `${base}${WEBHOOK_PATH}/recording`,
    });
    const status = (CALL_STATUSES as readonly string[]).includes(placed.status) ? (placed.status as CallStatus) : 'queued';
    const saved = await this.calls.save(this.calls.create({ ownerId: user.id, assistantId: assistant.id, callSid: placed.sid, direction: 'outbound', fromNumber: assistant.phoneNumber, toNumber: dto.to, status, turn: 0, silentTurns: 0, inputTokens: 0, outputTokens: 0, costUsd: 0 }));
    return toCallDto(await this.calls.findOneByOrFail({ id: saved.id }));
  }

  async list(user: AuthUser, query: CallQueryDto): Promise<VoiceCallPageDto> {
    const where: FindOptionsWhere<VoiceCall> = { ownerId: user.id };
    if (query.assistantId) where.assistantId = query.assistantId.toLowerCase();
    if (query.status) where.status = query.status;
    if (query.from && query.to) where.startedAt = Between(new Date(query.from), new Date(new Date(query.to).getTime() - 1));
    else if (query.from) where.startedAt = MoreThanOrEqual(new Date(query.from));
    else if (query.to) where.startedAt = LessThan(new Date(query.to));
    return toPage(await this.calls.findAndCount({ where, order: { startedAt: 'DESC', id: 'DESC' }, ...skipTake(query) }), query, toCallDto);
  }

  async get(user: AuthUser, id: string): Promise<VoiceCallDetailDto> {
    const call = await this.calls.findOneBy({ id, ownerId: user.id });
    if (!call) throw notFound(VoiceErrorCode.VOICE_CALL_NOT_FOUND, 'Call');
    const lines = await this.turns.find({ where: { callId: call.id }, order: { turn: 'ASC', role: 'DESC', at: 'ASC' } });
    return toCallDetailDto(call, lines);
  }

  /** A turn typed in the browser, through the same dialogue engine as a call's gather. */
  async testTurn(user: AuthUser, id: string, dto: TestTurnInputDto): Promise<TestTurnDto> {
    const assistant = await this.assistantsService.owned(user, id);
    const text = dto.text.trim();
    const ended = saysGoodbye(text);
    const reply = ended ? { text: assistant.goodbyePhrase, model: assistant.model, failed: false } : await this.dialogue.reply(assistant, dto.turns ?? [], text);
    const spoken = dto.speak ? await this.audio.speak(assistant, reply.text) : undefined;
    return { reply: reply.text, ended, model: reply.model, audioUrl: spoken?.url ?? null, failed: reply.failed };
  }

  // ───────────── stream mode (the Media Streams gateway) ─────────────

  /** A call whose Media Stream is being opened, with its assistant; undefined when unknown, over, or not in stream mode. */
  async streamingCall(callId: string): Promise<{ call: VoiceCall; assistant: VoiceAssistant } | undefined> {
    const call = await this.calls.findOneBy({ id: callId });
    if (!call || call.endedAt || !call.assistantId) return undefined;
    const assistant = await this.assistants.findOneBy({ id: call.assistantId });
    return assistant && assistant.mode === 'stream' ? { call, assistant } : undefined;
  }

  /** One transcript line of a streamed call; the call's turn counter follows. */
  async recordStreamTurn(callId: string, turn: number, role: 'caller' | 'assistant', text: string): Promise<void> {
    await this.addTurn(callId, turn, role, text);
    await this.calls.createQueryBuilder().update().set({ turn }).where('id = :id AND turn < :turn', { id: callId, turn }).execute();
  }

  async addStreamCost(callId: string, inputTokens: number, outputTokens: number, costUsd: number): Promise<void> {
    await this.addCost(callId, inputTokens, outputTokens, costUsd);
  }

  async streamEnding(callId: string, reason: 'goodbye' | 'time_limit'): Promise<void> {
    await this.calls.update({ id: callId }, { endedReason: reason });
  }

  /** The stream stopped (Twilio's `stop`, or the socket closed): the call is closed now; Twilio's status callback adds the price later. */
  async closeStreamedCall(callId: string): Promise<void> {
    const call = await this.calls.findOneBy({ id: callId });
    if (!call) return;
    await this.finish(callId, { status: 'completed', durationSeconds: Math.max(0, Math.round((Date.now() - call.startedAt.getTime()) / 1000)) });
  }

  /** Closes a call once (`voice.call.completed` published then); a later final status only adds what it knows (Twilio's duration and price). */
  private async finish(callId: string, set: { status: CallStatus; durationSeconds: number | null; price?: string | null; priceUnit?: string | null }): Promise<void> {
    const finished = await this.store.finish(callId, { status: set.status, durationSeconds: set.durationSeconds, price: set.price ?? null, priceUnit: set.priceUnit ?? null }, new Date());
    if (!finished) {
      const known = Object.fromEntries(Object.entries({ durationSeconds: set.durationSeconds, price: set.price, priceUnit: set.priceUnit }).filter(([, value]) => value !== null && value !== undefined));
      if (Object.keys(known).length) await this.calls.update({ id: callId }, known);
      return;
    }
    const { call: ended, lines } = finished;
    this.bus.publish('voice.call.completed', {
      userId: ended.ownerId,
      callId: ended.id,
      assistantId: ended.assistantId,
      direction: ended.direction,
      from: ended.fromNumber,
      to: ended.toNumber,
      status: ended.status,
      durationSeconds: ended.durationSeconds,
      turns: lines,
      occurredAt: new Date().toISOString(),
    });
  }

  // ───────────── helpers ─────────────

  /** Stream mode transcribes the caller itself: without an STT key in reach of the owner, the call falls back to gather mode rather than failing. */
  private async canStream(assistant: VoiceAssistant): Promise<boolean> {
    const lookup = await this.generation.transcriptionLookup(assistant.ownerId, this.generation.transcriptionModel());
    if (!lookup.available) this.logger.warn({ assistantId: assistant.id }, 'A stream-mode assistant has no speech-to-text key in reach; the call uses gather mode');
    return lookup.available;
  }

  /** The signature must match one stored Auth Token of the webhook's AccountSid, over WEBOX_PUBLIC_URL + the path Twilio called. */
  private async verify(hook: TwilioWebhook): Promise<void> {
    const accountSid = hook.params['AccountSid'];
    const url = `${this.connectionsBase(hook)}${hook.path}`;
    if (hook.signature && accountSid) {
      const signedBy = (tokens: readonly { authToken: string }[]) => tokens.some(({ authToken }) => twilio.validateRequest(authToken, hook.signature!, url, hook.params));
      const { tokens, kept } = await this.connections.keptTokensOfAccount(accountSid);
      // A kept token that no longer matches may have been rotated through another instance: the stored ones decide.
      if (signedBy(tokens) || (kept && signedBy(await this.connections.tokensOfAccount(accountSid)))) return;
    }
    // Anyone can send these: one line per address and window with the count, not one per request.
    await this.audit.recordCoalesced({ action: AuditAction.WEBHOOK_SIGNATURE_FAILED, ip: hook.ip ?? null, details: { source: 'twilio', path: hook.path.slice(0, 200), signed: !!hook.signature } }, `twilio:${hook.ip ?? 'unknown'}`);
    // Made only here: an Error captures its stack when made, 76 µs of every accepted webhook when it was made first.
    throw new DomainError('forbidden', VoiceErrorCode.VOICE_SIGNATURE_INVALID, 'Missing or invalid X-Twilio-Signature');
  }

  private connectionsBase(hook: TwilioWebhook): string {
    try {
      return this.connections.publicBase();
    } catch {
      return hook.origin;
    }
  }

  /** The words in the assistant's voice (`<Say>`, or `<Play>` of synthesised audio), inside a speech gather so the caller can interrupt. */
  private async speakAndGather(response: VoiceResponse, assistant: VoiceAssistant, text: string, nextTurn: number, callId?: string): Promise<void> {
    const gather = response.gather({
      input: ['speech'],
      language: assistant.language as never,
      action: `${WEBHOOK_PATH}/gather?turn=${nextTurn}`,
      method: 'POST',
      speechTimeout: 'auto',
      timeout: 6,
      actionOnEmptyResult: true,
    });
    await this.say(gather, assistant, text, callId);
  }

  private async say(target: Pick<VoiceResponse, 'say' | 'play'>, assistant: VoiceAssistant, text: string, callId?: string): Promise<void> {
    const spoken = await this.audio.speak(assistant, text);
    if (spoken) {
      if (callId) await this.addCost(callId, 0, 0, spoken.costUsd);
      target.play(spoken.url);
      return;
    }
    target.say({ voice: (assistant.voiceProvider === 'twilio' ? assistant.voiceName : 'alice') as never, language: assistant.language as never }, text);
  }

  /** A retried gather: the answer stored for that turn again (waiting briefly if the first delivery is still working on it), nothing applied twice. */
  private async replay(call: VoiceCall, assistant: VoiceAssistant, turn: number): Promise<string> {
    const response = new twilio.twiml.VoiceResponse();
    const deadline = Date.now() + 10_000;
    let answer = await this.turns.findOneBy({ callId: call.id, turn, role: 'assistant' });
    while (!answer && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, REPLAY_WAIT_STEP_MS));
      answer = await this.turns.findOneBy({ callId: call.id, turn, role: 'assistant' });
    }
    const current = await this.calls.findOneByOrFail({ id: call.id });
    if (!answer || current.endedReason) {
      if (answer) await this.say(response, assistant, answer.text);
      response.hangup();
      return response.toString();
    }
    await this.speakAndGather(response, assistant, answer.text, turn + 1);
    return response.toString();
  }

  private async addTurn(callId: string, turn: number, role: 'caller' | 'assistant', text: string): Promise<void> {
    await this.turns.createQueryBuilder().insert().values({ callId, turn, role, text, at: new Date() }).orIgnore().execute();
  }

  private async addCost(callId: string, inputTokens: number, outputTokens: number, costUsd: number): Promise<void> {
    if (!inputTokens && !outputTokens && !costUsd) return;
    await this.calls
      .createQueryBuilder()
      .update()
      .set({ inputTokens: () => `input_tokens + ${Math.round(inputTokens)}`, outputTokens: () => `output_tokens + ${Math.round(outputTokens)}`, costUsd: () => `cost_usd + ${Number(costUsd) || 0}` })
      .where('id = :id', { id: callId })
      .execute();
  }

  private async startRecording(assistant: VoiceAssistant, callSid: string, hook: TwilioWebhook): Promise<void> {
    try {
      const credentials = await this.connections.credentialsFor(assistant.ownerId);
      await this.gateway.startRecording(credentials, callSid, `${this.connectionsBase(hook)}${WEBHOOK_PATH}/recording`);
    } catch (error) {
      this.logger.warn({ err: error, callSid }, 'Could not start recording a call');
    }
  }
}
