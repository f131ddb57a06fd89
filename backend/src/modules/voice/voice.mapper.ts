import type { CallTurnDto, VoiceAssistantDto, VoiceCallDetailDto, VoiceCallDto } from './dto/voice.dto';
import type { VoiceAssistant, VoiceCall, VoiceCallTurn } from './voice.entities';

export function toAssistantDto(assistant: VoiceAssistant): VoiceAssistantDto {
  return {
    id: assistant.id,
    name: assistant.name,
    greeting: assistant.greeting,
    instructions: assistant.instructions,
    agentId: assistant.agentId,
    model: assistant.model,
    voice: { provider: assistant.voiceProvider, voice: assistant.voiceName },
    language: assistant.language,
    phoneNumber: assistant.phoneNumber,
    maxCallSeconds: assistant.maxCallSeconds,
    goodbyePhrase: assistant.goodbyePhrase,
    silenceReprompts: assistant.silenceReprompts,
    silencePrompt: assistant.silencePrompt,
    recordCalls: assistant.recordCalls,
    mode: assistant.mode,
    createdAt: assistant.createdAt.toISOString(),
    updatedAt: assistant.updatedAt.toISOString(),
  };
}

export function toCallDto(call: VoiceCall): VoiceCallDto {
  return {
    id: call.id,
    assistantId: call.assistantId,
    callSid: call.callSid,
    direction: call.direction,
    from: call.fromNumber,
    to: call.toNumber,
    status: call.status,
    endedReason: call.endedReason,
    startedAt: call.startedAt.toISOString(),
    endedAt: call.endedAt?.toISOString() ?? null,
    durationSeconds: call.durationSeconds,
    recordingUrl: call.recordingUrl,
    usage: { inputTokens: call.inputTokens, outputTokens: call.outputTokens, costUsd: call.costUsd, twilioPrice: call.price, twilioPriceUnit: call.priceUnit },
  };
}

export const toTurnDto = (turn: VoiceCallTurn): CallTurnDto => ({ role: turn.role, text: turn.text, at: turn.at.toISOString() });

export const toCallDetailDto = (call: VoiceCall, turns: VoiceCallTurn[]): VoiceCallDetailDto => ({ ...toCallDto(call), turns: turns.map(toTurnDto) });
