import { Global, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { EventBus } from './event-bus';

/** The event bus, for every module (DESIGN.md §9). */
@Global()
@Module({
  imports: [EventEmitterModule.forRoot({ wildcard: false, maxListeners: 50, verboseMemoryLeak: true })],
  providers: [EventBus],
  exports: [EventBus],
})
export class EventsModule {}
