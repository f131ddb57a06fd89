/**
 * Every domain event, by name, with its payload (DESIGN.md §9). The bus declares none: an area that
 * publishes declares its DTOs in a map of its own and merges it here, as job payloads and socket
 * events are declared; `api-contract.ts` lists the maps, so the contract publishes the payloads:
 *
 *   export const MEDIA_DOMAIN_EVENTS = { 'media.uploaded': MediaUploadedEventDto };
 *   declare module '../../events/domain-events' {
 *     interface DomainEventMap extends EventPayloads<typeof MEDIA_DOMAIN_EVENTS> {}
 *   }
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- areas merge their events in (see above)
export interface DomainEventMap {}

export type DomainEventName = keyof DomainEventMap & string;

/** The contract's `DomainEvents`: every map that `DomainEventMap` merges, checked complete. */
export type DomainEventClasses = { [E in keyof DomainEventMap]: new () => DomainEventMap[E] };
