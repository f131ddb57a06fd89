import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AllExceptionsFilter } from './common/exception.filter';
import { CommonModule } from './common/common.module';
import { JwtAuthGuard } from './modules/auth/jwt-auth.guard';
import { RolesGuard } from './common/roles.guard';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseConnection, DatabaseModule } from './database/database.module';
import { EventsModule } from './events/events.module';
import { loggerOptions } from './logger-options';
import { AdminModule } from './modules/admin/admin.module';
import { AgentsModule } from './modules/agents/agents.module';
import { AutomationModule } from './modules/automation/automation.module';
import { VoiceModule } from './modules/voice/voice.module';
import { BlogModule } from './modules/blog/blog.module';
import { CatalogModule } from './modules/catalog/catalog.module';
import { AuthModule } from './modules/auth/auth.module';
import { ChatModule } from './modules/chat/chat.module';
import { CollaborationModule } from './modules/collaboration/collaboration.module';
import { CombinationsModule } from './modules/combinations/combinations.module';
import { DashboardModule } from './modules/dashboard/dashboard.module';
import { DocumentationModule } from './modules/documentation/documentation.module';
import { GenerationModule } from './modules/generation/generation.module';
import { HealthModule } from './modules/health/health.module';
import { KnowledgeModule } from './modules/knowledge/knowledge.module';
import { MediaModule } from './modules/media/media.module';
import { McpModule } from './modules/tools/mcp/mcp.module';
import { ToolsModule } from './modules/tools/tools.module';
import { OpenAiCompatModule } from './modules/openai-compat/openai-compat.module';
import { OnboardingModule } from './modules/onboarding/onboarding.module';
import { ProfileModule } from './modules/profile/profile.module';
import { PromptsModule } from './modules/prompts/prompts.module';
import { QueueModule } from './queue/queue.module';
import { RealtimeModule } from './realtime/realtime.module';
import { RenderingModule } from './rendering/rendering.module';
import { StorageModule } from './storage/storage.module';

@Module({})
export class AppModule {
  /** `logs`: where log lines go instead of stdout (tests read them). */
  static forRoot(config: AppConfig, database: DatabaseConnection, logs?: DestinationStream): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config, logs)),
        DatabaseModule.forRoot(database),
        CommonModule,
        EventsModule,
        QueueModule,
        StorageModule,
        RenderingModule,
        RealtimeModule,
        HealthModule,
        AuthModule,
        ProfileModule,
        OnboardingModule,
        AdminModule,
        ChatModule,
        OpenAiCompatModule,
        AgentsModule,
        PromptsModule,
        MediaModule,
        GenerationModule,
        CombinationsModule,
        AutomationModule,
        VoiceModule,
        CatalogModule,
        DashboardModule,
        BlogModule,
        CollaborationModule,
        DocumentationModule,
        KnowledgeModule,
        McpModule,
        ToolsModule,
      ],
      providers: [
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
      ],
    };
  }
}
