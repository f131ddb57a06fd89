import { Injectable, Logger } from '@nestjs/common';
import { EventEmitter2, OnEvent } from '@nestjs/event-emitter';
import type { DomainEventMap, DomainEventName } from './domain-events';

/**
 * The application's event bus (DESIGN.md §9): an area publishes what happened; consumers subscribe
 * with `@OnDomainEvent` without the publisher knowing them. Publishing never waits for a consumer
 * and never fails because of one: listeners run after the publisher's current step, each on its
 * own, and a listener that throws is logged. Events stay in the process that published them: a
 * consumer that must not lose one (a webhook delivery) turns it into a queued job.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);

  constructor(private readonly emitter: EventEmitter2) {}

  publish<E extends DomainEventName>(name: E, payload: DomainEventMap[E]): void {
    try {
      this.emitter.emit(name, payload);
    } catch (error) {
      // Only a synchronous listener registered outside `@OnDomainEvent` can throw here.
      this.logger.error({ err: error, event: name }, 'A listener of a domain event failed');
    }
  }

  /**
   * Subscribes to every domain event, whatever its name, for consumers that treat events alike
   * without knowing the areas (the dashboard's activity feed, automation triggers). Like
   * `@OnDomainEvent`, the listener runs after the publisher's step and its errors are logged, never
   * the publisher's. Returns the unsubscribe function.
   */
  onEvery(listener: (name: DomainEventName, payload: DomainEventMap[DomainEventName]) => unknown): () => void {
    const handler = (name: string | string[], payload: unknown): void => {
      const event = (Array.isArray(name) ? name.join('.') : name) as DomainEventName;
      setImmediate(() => {
        Promise.resolve()
          .then(() => listener(event, payload as DomainEventMap[DomainEventName]))
          .catch((error: unknown) => this.logger.error({ err: error, event }, 'A listener of every domain event failed'));
      });
    };
    this.emitter.onAny(handler);
    return () => void this.emitter.offAny(handler);
  }
}

/** Subscribes a provider's method to a domain event: called asynchronously, its errors logged, never the publisher's. */
export const OnDomainEvent = <E extends DomainEventName>(name: E): MethodDecorator => OnEvent(name, { async: true, promisify: true, suppressErrors: true });
