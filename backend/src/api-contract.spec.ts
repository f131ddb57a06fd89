import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROVIDER_ERROR_CODES, ProviderError } from './ai/provider-error';
import { API_CONTRACT, ERROR_CODE_LISTS } from './api-contract';
import { envelopeName } from './common/contract';
import { CHAT_STREAM_ERROR_CODES } from './modules/chat/dto/chat-events.dto';

/**
 * Every code the application can answer or stream, and every event it can send, is declared in a
 * module's typed list (the compiler refuses any other) and published in the committed contract,
 * which the client is generated from. This checks the second half without booting the app; the
 * platform end-to-end test checks that the committed file is exactly what the code renders.
 */
interface Schema {
  enum?: string[];
  oneOf?: Array<{ $ref: string }>;
  properties?: Record<string, unknown>;
  required?: string[];
  discriminator?: { propertyName: string; mapping: Record<string, string> };
}

const CONTRACT_FILE = join(__dirname, '..', '..', 'docs', 'openapi.json');
const contract = JSON.parse(readFileSync(CONTRACT_FILE, 'utf8')) as { components: { schemas: Record<string, Schema> } };
const schemas = contract.components.schemas;
const REGENERATE = '(run `npm run openapi` and commit docs/openapi.json)';
const refTo = (name: string) => `#/components/schemas/${name}`;
const declared = new Set(Object.values(ERROR_CODE_LISTS).flatMap((list) => Object.values<string>(list)));

describe('the API contract (docs/openapi.json)', () => {
  it.each(Object.entries(ERROR_CODE_LISTS))('publishes %s with every code the module declares', (name, list) => {
    expect({ [name]: schemas[name]?.enum ?? `missing ${REGENERATE}` }).toEqual({ [name]: Object.values(list) });
  });

  it('documents the error answer as ErrorDto whose code is the union of every list', () => {
    expect(schemas['ErrorCode']?.oneOf).toEqual(Object.keys(ERROR_CODE_LISTS).map((name) => ({ $ref: refTo(name) })));
    expect(schemas['ErrorDto']?.properties?.['code']).toMatchObject({ allOf: [{ $ref: refTo('ErrorCode') }] });
  });

  it('gives each code to one list only', () => {
    const owners = new Map<string, string[]>();
    for (const [name, list] of Object.entries(ERROR_CODE_LISTS)) for (const code of Object.values<string>(list)) owners.set(code, [...(owners.get(code) ?? []), name]);
    expect([...owners].filter(([, lists]) => lists.length > 1)).toEqual([]);
  });

  it("answers every vendor failure with a declared code, and streams it with the stream's declared codes", () => {
    for (const code of PROVIDER_ERROR_CODES) expect(declared).toContain(new ProviderError('openai', code, 'x').publicCode);
    expect(schemas['ChatStreamErrorCode']?.enum).toEqual([...CHAT_STREAM_ERROR_CODES]);
  });

  it.each(API_CONTRACT.eventStreams.map((stream) => [stream.name, stream] as const))('publishes every event of %s, discriminated by its name', (name, stream) => {
    const events = Object.keys(stream.events);
    expect(schemas[`${name}Name`]?.enum).toEqual(events);
    expect(Object.keys(schemas[name]?.discriminator?.mapping ?? {})).toEqual(events);
    for (const [event, payload] of Object.entries(stream.events)) {
      expect(schemas[name]?.discriminator?.mapping[event]).toBe(refTo(envelopeName(name, event)));
      expect(schemas[envelopeName(name, event)]?.properties?.['data']).toEqual({ $ref: refTo(payload.name) });
    }
  });

  it('publishes every socket event the gateway can send, with its payload', () => {
    const events = Object.entries(API_CONTRACT.socketEvents);
    expect(schemas['SocketServerEventName']?.enum).toEqual(events.map(([event]) => event));
    expect(schemas['SocketServerEvents']?.properties).toEqual(Object.fromEntries(events.map(([event, payload]) => [event, { $ref: refTo(payload.name) }])));
  });

  it('publishes every domain event of the bus, with its payload', () => {
    const events = Object.entries(API_CONTRACT.domainEvents);
    expect(events.map(([event]) => event)).toEqual(expect.arrayContaining(['chat.completed', 'media.uploaded', 'generation.completed', 'combination.completed']));
    expect(schemas['DomainEventName']?.enum).toEqual(events.map(([event]) => event));
    expect(schemas['DomainEvents']?.properties).toEqual(Object.fromEntries(events.map(([event, payload]) => [event, { $ref: refTo(payload.name) }])));
    expect(schemas['ChatCompletedEventDto']?.required).toEqual(expect.arrayContaining(['userId', 'conversationId', 'replies']));
  });

  it('has no reference to a schema it does not define', () => {
    const refs = [...JSON.stringify(contract).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((match) => match[1]!);
    expect(refs.filter((name) => !schemas[name])).toEqual([]);
  });
});

/**
 * The compiler checks every `DomainError` and every typed answer; this catches a code written as a
 * bare string into an untyped object (`{ code: 'SOMETHING' }`) anywhere in the application.
 */
describe('codes written in the source', () => {
  const root = __dirname;
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });

  it('are all declared in a list', () => {
    const streamed = new Set<string>(CHAT_STREAM_ERROR_CODES);
    const undeclared = sources(root).flatMap((file) =>
      // A code is written in one case (UPPER_SNAKE, or a vendor's lower_snake); a `code:` key with a
      // capitalised word is data (a prompt variable's label, 'Code').
      [...readFileSync(file, 'utf8').matchAll(/\bcode:\s*'([A-Z0-9_]+|[a-z0-9_]+)'/g)]
        .map((match) => match[1]!)
        .filter((code) => !declared.has(code) && !streamed.has(code))
        .map((code) => `${relative(root, file)}: ${code}`),
    );
    expect(undeclared).toEqual([]);
  });
});
