import { applyDecorators, Type } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, getSchemaPath, OpenAPIObject, SchemaObject } from '@nestjs/swagger';
import { ErrorDto } from './error.dto';

/**
 * What crosses the wire besides routes, described in the contract (`docs/openapi.json`) so that the
 * client is generated from it and never mirrors it by hand: the events of streamed routes, the
 * socket events and every module's error codes. The application's `api-contract.ts` lists them;
 * `publishContract` writes them into the document that Nest's Swagger module builds from the routes.
 */

/** Event name → the DTO class of its payload. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- DTO classes of any shape
export type EventMap = Record<string, Type<any>>;

/** Event name → payload type, for typing an emitter or a listener. */
export type EventPayloads<M extends EventMap> = { [E in keyof M]: InstanceType<M[E]> };

/** One event of a stream as its producer yields it: `{ event, data }`, typed by name. */
export type StreamEventOf<M extends EventMap> = { [E in keyof M & string]: { event: E; data: InstanceType<M[E]> } }[keyof M & string];

/** A named set of events (a `text/event-stream`, or the socket's server events). */
export interface EventContract<M extends EventMap = EventMap> {
  /** The schema name in the contract, for example `ChatStreamEvent`. */
  readonly name: string;
  readonly events: M;
}

export const eventContract = <M extends EventMap>(name: string, events: M): EventContract<M> => ({ name, events });

/** Everything `publishContract` adds to the document. */
export interface ContractExtras {
  /** Each module's error codes (an enum object), by its schema name. */
  errorCodes: Record<string, Record<string, string>>;
  /**
   * The events of streamed routes. Each becomes `<name>` (a `oneOf` of `<name><Event>` envelopes
   * `{ event, data }`, discriminated by `event`) and `<name>Name` (the event names).
   */
  eventStreams: EventContract[];
  /** The socket's server-to-client events: `SocketServerEvents` has one property per event, `SocketServerEventName` lists them. */
  socketEvents: EventMap;
  /** The event bus's domain events (DESIGN.md §9): `DomainEvents` has one property per event, `DomainEventName` lists them. */
  domainEvents: EventMap;
}

/** The classes whose schemas the document must hold even if no route names them. */
export function contractModels(extras: ContractExtras): Type[] {
  const payloads = [...extras.eventStreams.map((stream) => stream.events), extras.socketEvents, extras.domainEvents].flatMap((events) => Object.values(events));
  return [ErrorDto, ...new Set(payloads)];
}

/** Adds the error-code enums, the error union, the event streams and the socket events to a document. */
export function publishContract(document: OpenAPIObject, extras: ContractExtras): OpenAPIObject {
  const schemas = (document.components ??= {}).schemas ??= {};
  const add = (name: string, schema: SchemaObject) => {
    if (schemas[name]) throw new Error(`The contract already has a schema named ${name}`);
    schemas[name] = schema;
  };
  for (const [name, codes] of Object.entries(extras.errorCodes)) add(name, { type: 'string', enum: Object.values(codes) });
  add('ErrorCode', {
    description: "Every code an error answer can carry (`ErrorDto.code`): the union of each module's list.",
    oneOf: Object.keys(extras.errorCodes).map(ref),
  });
  for (const stream of extras.eventStreams) {
    const names = Object.keys(stream.events);
    add(`${stream.name}Name`, { type: 'string', enum: names, description: `The event names of a \`${stream.name}\` stream.` });
    const mapping: Record<string, string> = {};
    for (const [event, payload] of Object.entries(stream.events)) {
      const envelope = envelopeName(stream.name, event);
      mapping[event] = refPath(envelope);
      add(envelope, {
        type: 'object',
        description: `The \`${event}\` event: \`event: ${event}\`, its JSON payload in \`data\`.`,
        properties: { data: ref(payload.name), event: { type: 'string', enum: [event] } },
        required: ['event', 'data'],
      });
    }
    add(stream.name, {
      description: 'One Server-Sent Event of the stream: `event` is its name, `data` its JSON payload. Clients ignore names they do not know.',
      oneOf: names.map((event) => ref(envelopeName(stream.name, event))),
      discriminator: { propertyName: 'event', mapping },
    });
  }
  const addEventMap = (name: string, events: EventMap, description: string, namesDescription: string) => {
    add(`${name.replace(/s$/, '')}Name`, { type: 'string', enum: Object.keys(events), description: namesDescription });
    add(name, {
      type: 'object',
      description,
      properties: Object.fromEntries(Object.entries(events).map(([event, payload]) => [event, ref(payload.name)])),
      required: Object.keys(events),
    });
  };
  addEventMap('SocketServerEvents', extras.socketEvents, 'The socket.io events the server sends: each property is an event name, its schema the payload.', 'The names of the events the server sends over the socket.');
  addEventMap(
    'DomainEvents',
    extras.domainEvents,
    "The domain events published on the server's event bus (what automation hooks and the activity feed receive): each property is an event name, its schema the payload.",
    'The names of the domain events.',
  );
  return document;
}

/**
 * A route that answers JSON, or with `stream: true` a `text/event-stream` of the given events
 * (each described by the stream's `oneOf` schema).
 */
export function ApiJsonOrEventStreamResponse(json: Type, stream: EventContract): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(json),
    ApiOkResponse({
      description: `\`application/json\`: the ${json.name} once done. \`text/event-stream\`: the events as they happen, each one a \`${stream.name}\`.`,
      content: {
        'application/json': { schema: { $ref: getSchemaPath(json) } },
        'text/event-stream': { schema: ref(stream.name) },
      },
    }),
  );
}

const refPath = (name: string) => `#/components/schemas/${name}`;
const ref = (name: string) => ({ $ref: refPath(name) });
/** The schema of one event of a stream: `ChatStreamEvent` + `tool_call` → `ChatStreamEventToolCall`. */
export const envelopeName = (stream: string, event: string) => stream + event.replace(/(^|[._-])([a-z])/g, (_match, _separator: string, letter: string) => letter.toUpperCase());
