import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Not, Repository } from 'typeorm';
import { GenerationRegistry } from '../../ai/generation-registry';
import { ProviderRegistry } from '../../ai/provider-registry';
import type { AuthUser } from '../../common/auth.decorators';
import { DomainError, notFound } from '../../common/domain-error';
import { AgentsService } from '../agents/agents.service';
import type { VoiceAssistantDto, VoiceAssistantInputDto, VoiceAssistantPatchDto, VoiceChoiceDto } from './dto/voice.dto';
import { type AssistantMode, VoiceAssistant, type VoiceProvider } from './voice.entities';
import { VoiceErrorCode } from './voice.errors';
import { toAssistantDto } from './voice.mapper';

/** The model that needs no key: an assistant can be built and tried on a fresh install. */
export const DEFAULT_VOICE_CHAT_MODEL = 'local/webox-mini';

/** The speech model behind each `<Play>` voice provider. */
export const SPEECH_MODELS: Record<Exclude<VoiceProvider, 'twilio'>, string> = {
  offline: 'local/webox-voice',
  openai: 'openai/gpt-4o-mini-tts',
  elevenlabs: 'elevenlabs/eleven_multilingual_v2',
};

/** Twilio's `<Say>` voices: the basic ones, Amazon Polly's and Google's (`Polly.Joanna`, `Polly.Lea-Neural`, `Google.fr-FR-Wavenet-A`). */
const TWILIO_VOICE = /^(alice|man|woman|Polly\.[A-Z][A-Za-z]+(-Neural|-Generative)?|Google\.[a-z]{2,3}-[A-Z]{2}-[A-Za-z0-9]+-[A-Z])$/;

const DEFAULTS = {
  voice: { provider: 'twilio', voice: 'alice' } as VoiceChoiceDto,
  language: 'en-US',
  maxCallSeconds: 600,
  goodbyePhrase: 'Thank you for calling. Goodbye!',
  silenceReprompts: 2,
  silencePrompt: 'Are you still there?',
};

/** Stream mode synthesises its own audio: a Twilio `<Say>` voice cannot speak into a Media Stream. */
function checkModeVoice(mode: AssistantMode, provider: VoiceProvider): void {
  if (mode !== 'stream' || provider !== 'twilio') return;
  const message = 'Stream mode needs a synthesised voice (openai, elevenlabs or offline), not a Twilio <Say> voice';
  throw new DomainError('invalid', VoiceErrorCode.VOICE_STREAM_NEEDS_SPEECH_VOICE, message, [{ field: 'voice.provider', message }]);
}

/** Phone assistants: CRUD, each field checked (model, agent, voice, one assistant per number). */
@Injectable()
export class VoiceAssistantsService {
  constructor(
    @InjectRepository(VoiceAssistant) private readonly assistants: Repository<VoiceAssistant>,
    private readonly registry: ProviderRegistry,
    private readonly generation: GenerationRegistry,
    private readonly agents: AgentsService,
  ) {}

  async list(user: AuthUser): Promise<VoiceAssistantDto[]> {
    return (await this.assistants.find({ where: { ownerId: user.id }, order: { createdAt: 'ASC', id: 'ASC' } })).map(toAssistantDto);
  }

  async get(user: AuthUser, id: string): Promise<VoiceAssistantDto> {
    return toAssistantDto(await this.owned(user, id));
  }

  async create(user: AuthUser, dto: VoiceAssistantInputDto): Promise<VoiceAssistantDto> {
    const agentId = dto.agentId ? dto.agentId.toLowerCase() : null;
    const model = await this.checkModel(user, dto.model, agentId);
    const voice = this.checkVoice(dto.voice ?? DEFAULTS.voice);
    if (dto.phoneNumber) await this.checkNumber(dto.phoneNumber);
    const mode = dto.mode ?? 'gather';
    checkModeVoice(mode, voice.provider);
    const saved = await this.assistants.save(
      this.assistants.create({
        ownerId: user.id,
        name: dto.name,
        greeting: dto.greeting,
        instructions: dto.instructions ?? '',
        agentId,
        model,
        voiceProvider: voice.provider,
        voiceName: voice.voice,
        language: dto.language ?? DEFAULTS.language,
        phoneNumber: dto.phoneNumber ?? null,
        maxCallSeconds: dto.maxCallSeconds ?? DEFAULTS.maxCallSeconds,
        goodbyePhrase: dto.goodbyePhrase ?? DEFAULTS.goodbyePhrase,
        silenceReprompts: dto.silenceReprompts ?? DEFAULTS.silenceReprompts,
        silencePrompt: dto.silencePrompt ?? DEFAULTS.silencePrompt,
        recordCalls: dto.recordCalls ?? false,
        mode,
      }),
    ).catch((error: unknown) => this.numberConflict(error));
    return toAssistantDto(saved);
  }

  async update(user: AuthUser, id: string, dto: VoiceAssistantPatchDto): Promise<VoiceAssistantDto> {
    const assistant = await this.owned(user, id);
    const changes: Partial<VoiceAssistant> = {};
    for (const field of ['name', 'greeting', 'instructions', 'language', 'maxCallSeconds', 'goodbyePhrase', 'silenceReprompts', 'silencePrompt', 'recordCalls', 'mode'] as const) {
      if (dto[field] !== undefined) (changes as Record<string, unknown>)[field] = dto[field];
    }
    if (dto.agentId !== undefined) changes.agentId = dto.agentId ? dto.agentId.toLowerCase() : null;
    if (dto.model !== undefined || dto.agentId !== undefined) {
      changes.model = await this.checkModel(user, dto.model ?? (dto.agentId === undefined ? assistant.model : undefined), changes.agentId ?? assistant.agentId);
    }
    if (dto.voice !== undefined) {
      const voice = this.checkVoice(dto.voice);
      changes.voiceProvider = voice.provider;
      changes.voiceName = voice.voice;
    }
    checkModeVoice(changes.mode ?? assistant.mode, changes.voiceProvider ?? assistant.voiceProvider);
    if (dto.phoneNumber !== undefined) {
      if (dto.phoneNumber) await this.checkNumber(dto.phoneNumber, assistant.id);
      changes.phoneNumber = dto.phoneNumber;
    }
    if (Object.keys(changes).length) await this.assistants.update({ id: assistant.id }, changes).catch((error: unknown) => this.numberConflict(error));
    return this.get(user, id);
  }

  async delete(user: AuthUser, id: string): Promise<void> {
    const assistant = await this.owned(user, id);
    await this.assistants.delete({ id: assistant.id });
  }

  /** Gives the number to one of the user's assistants (and takes it from any other of theirs). */
  async assignNumber(user: AuthUser, id: string, phoneNumber: string): Promise<void> {
    const assistant = await this.owned(user, id);
    const holder = await this.assistants.findOneBy({ phoneNumber, id: Not(assistant.id) });
    if (holder && holder.ownerId !== user.id) throw this.taken(phoneNumber);
    if (holder) await this.assistants.update({ id: holder.id }, { phoneNumber: null });
    await this.assistants.update({ id: assistant.id }, { phoneNumber });
  }

  async owned(user: AuthUser, id: string): Promise<VoiceAssistant> {
    const assistant = await this.assistants.findOneBy({ id, ownerId: user.id });
    if (!assistant) throw notFound(VoiceErrorCode.VOICE_ASSISTANT_NOT_FOUND, 'Voice assistant');
    return assistant;
  }

  /** The given model, else the agent's, else the offline one; the agent must be one the user can use. */
  private async checkModel(user: AuthUser, model: string | undefined, agentId: string | null): Promise<string> {
    let agentModel: string | undefined;
    if (agentId) {
      const found = await this.agents.contextFor(user, { agentId }).catch(() => undefined);
      if (!found) {
        const message = `No agent ${agentId} of yours or built in`;
        throw new DomainError('invalid', VoiceErrorCode.VOICE_UNKNOWN_AGENT, message, [{ field: 'agentId', message }]);
      }
      agentModel = found.agent.defaultModel;
    }
    const chosen = model ?? agentModel ?? DEFAULT_VOICE_CHAT_MODEL;
    this.registry.chatModel(chosen, 'model');
    return chosen;
  }

  private checkVoice(choice: VoiceChoiceDto): VoiceChoiceDto {
    const refuse = (message: string) => new DomainError('invalid', VoiceErrorCode.VOICE_UNKNOWN_VOICE, message, [{ field: 'voice.voice', message }]);
    if (choice.provider === 'twilio') {
      if (!TWILIO_VOICE.test(choice.voice)) throw refuse(`"${choice.voice}" is not a Twilio <Say> voice (alice, man, woman, Polly.<Name>, Google.<language>-<Name>)`);
      return choice;
    }
    const model = this.generation.model(SPEECH_MODELS[choice.provider], 'speech', 'voice.provider');
    if (!model.speech.voices.includes(choice.voice)) throw refuse(`${model.name} voices are ${model.speech.voices.join(', ')}`);
    return choice;
  }

  private async checkNumber(phoneNumber: string, exceptId?: string): Promise<void> {
    const holder = await this.assistants.findOneBy({ phoneNumber, ...(exceptId ? { id: Not(exceptId) } : {}) });
    if (holder) throw this.taken(phoneNumber);
  }

  private taken(phoneNumber: string): DomainError {
    const message = `Another assistant already answers ${phoneNumber}`;
    return new DomainError('conflict', VoiceErrorCode.VOICE_NUMBER_TAKEN, message, [{ field: 'phoneNumber', message }]);
  }

  /** Two saves racing for one number: the unique index decides, and the loser hears why. */
  private numberConflict(error: unknown): never {
    if ((error as { driverError?: { code?: string } }).driverError?.code === '23505') throw new DomainError('conflict', VoiceErrorCode.VOICE_NUMBER_TAKEN, 'Another assistant already answers this number', [{ field: 'phoneNumber', message: 'Another assistant already answers this number' }]);
    throw error;
  }
}
