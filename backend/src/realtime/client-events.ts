import type { EventPayloads } from '../common/contract';
import { JobProgressEventDto } from './client-events.dto';

/**
 * The socket events the server sends, by name, with the DTO of their payload: what the contract
 * publishes as `SocketServerEvents` and the Angular realtime service is typed by.
 */
export const REALTIME_CLIENT_EVENTS = {
  'job.progress': JobProgressEventDto,
};

/**
 * Event name → payload, for `RealtimeGateway.emitToUser`. An area that sends its own events declares
 * their DTOs in a map of its own, merges it here, and `api-contract.ts` spreads it into the contract:
 *
 *   export const COLLABORATION_CLIENT_EVENTS = { 'collaboration.message': CollaborationMessageEventDto };
 *   declare module '../../realtime/client-events' {
 *     interface ClientEventMap extends EventPayloads<typeof COLLABORATION_CLIENT_EVENTS> {}
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- areas merge their events in (see above)
export interface ClientEventMap extends EventPayloads<typeof REALTIME_CLIENT_EVENTS> {}

/** The contract's `SocketServerEvents`: every map that `ClientEventMap` merges, checked complete. */
export type ClientEventClasses = { [E in keyof ClientEventMap]: new () => ClientEventMap[E] };

export const userRoom = (userId: string) => `user:${userId}`;

/** The sockets watching a chat conversation (its owner's, and those it is shared with): they see its turns live. */
export const conversationRoom = (conversationId: string) => `conversation:${conversationId}`;

/** Every socket of one session (its access tokens): cut when the session ends. */
export const sessionRoom = (sessionId: string) => `session:${sessionId}`;
