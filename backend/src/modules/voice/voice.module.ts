import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AiModule } from '../../ai/ai.module';
import { AgentsModule } from '../agents/agents.module';
import { AuditModule } from '../audit/audit.module';
import { ToolsModule } from '../tools/tools.module';
import { VoiceStreamTokensService } from './stream/voice-stream-tokens.service';
import { VoiceStreamGateway } from './stream/voice-stream.gateway';
import { TwilioConnectionsService } from './twilio-connections.service';
import { TwilioGateway } from './twilio-gateway';
import { VoiceAdminController } from './voice-admin.controller';
import { VoiceAssistantsService } from './voice-assistants.service';
import { VoiceAudioService } from './voice-audio.service';
import { VoiceCallsRepository } from './voice-calls.repository';
import { VoiceCallsService } from './voice-calls.service';
import { VoiceDialogueService } from './voice-dialogue.service';
import { VoiceWebhookController } from './voice-webhook.controller';
import { VoiceController } from './voice.controller';
import { TwilioConnection, VoiceAssistant, VoiceAudio, VoiceCall, VoiceCallTurn } from './voice.entities';

/** Voice (issue 31): phone assistants over Twilio — the call loop on Twilio's webhooks, outbound calls, the call history, test turns by text; stream mode over Twilio Media Streams (a raw WebSocket with STT, TTS and barge-in). */
@Module({
  imports: [TypeOrmModule.forFeature([VoiceAssistant, TwilioConnection, VoiceCall, VoiceCallTurn, VoiceAudio]), AiModule, AgentsModule, AuditModule, ToolsModule],
  controllers: [VoiceController, VoiceAdminController, VoiceWebhookController],
  providers: [VoiceAssistantsService, TwilioConnectionsService, TwilioGateway, VoiceDialogueService, VoiceAudioService, VoiceCallsService, VoiceCallsRepository, VoiceStreamTokensService, VoiceStreamGateway],
})
export class VoiceModule {}
