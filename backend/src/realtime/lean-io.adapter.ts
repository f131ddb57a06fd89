import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import { isObservable, type Observable } from 'rxjs';
import type { Socket } from 'socket.io';

const logger = new Logger('Realtime');

/**
 * Nest's socket.io adapter with message handlers bound as plain listeners. `IoAdapter` builds an RxJS
 * pipeline per `@SubscribeMessage` per socket (`fromEvent` → `mergeMap` → `takeUntil(disconnect$)` →
 * `subscribe`, plus a shared `disconnect$`): about 18 kB of subscribers, closures and contexts per
 * idle socket with Webox's five handlers, half of what a connected client cost (heap snapshots in
 * docs/performance.md, "Collaboration delivery"). Here each handler is one `socket.on` listener;
 * what it does with a call is what the pipeline did: the payload and acknowledgement split the same
 * way (`mapPayload`), a `{ event, data }` result is emitted, any other non-nil result acknowledged
 * (unless the handler acknowledges itself), an Observable's values likewise, and nothing is answered
 * to a socket that disconnected meanwhile (the pipeline's `takeUntil`). Guards, pipes, interceptors
 * and exception filters are in `callback` (Nest's context creator), unchanged.
 */
export class LeanIoAdapter extends IoAdapter {
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], _transform: (data: unknown) => Observable<unknown>): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      // fromEvent's shape: one argument as itself, several as an array (mapPayload expects that).
      socket.on(message as string, (...args: unknown[]) => void this.dispatch(socket, callback, args.length === 1 ? args[0] : args, isAckHandledManually));
    }
  }

  private async dispatch(socket: Socket, callback: MessageMappingProperties['callback'], payload: unknown, isAckHandledManually: boolean): Promise<void> {
    const { data, ack } = this.mapPayload(payload);
    try {
      const result = await callback(data, ack);
      if (isObservable(result)) {
        // mergeAll: every value the handler's Observable yields is answered, as it comes.
        result.subscribe({ next: (value) => this.answer(socket, value, ack, isAckHandledManually), error: (error: unknown) => logger.error(`socket handler failed: ${String(error)}`) });
        return;
      }
      this.answer(socket, await result, ack, isAckHandledManually);
    } catch (error) {
      // The context creator already turned handler errors into the `exception` event; this is a fault of the adapter's own.
      logger.error(`socket handler failed: ${(error as Error)?.message ?? String(error)}`);
    }
  }

  private answer(socket: Socket, response: unknown, ack: unknown, isAckHandledManually: boolean): void {
    if (response === null || response === undefined || !socket.connected) return;
    const { event, data } = response as { event?: string; data?: unknown };
    if (event) {
      socket.emit(event, data);
      return;
    }
    if (!isAckHandledManually && typeof ack === 'function') (ack as (value: unknown) => void)(response);
  }
}
