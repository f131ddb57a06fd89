import { ContractOperation, Contract, fillPath, JsonSchema } from './contract';
import type { RequestSpec } from './requests';

/**
 * Requests that break an operation's documented schema in every way a client (or an attacker)
 * can: wrong types, missing and extra fields, huge strings and arrays, NUL bytes and odd unicode,
 * malformed JSON, the wrong body kind. Generated from the contract and the operation's valid
 * request, deterministically (a seeded generator picks the sample), a bounded number per operation.
 */
export interface FuzzCase {
  label: string;
  /** A request built like a valid one (JSON body, multipart files, query, path ids). */
  spec?: RequestSpec;
  /** Or a body sent as these bytes with this content type. */
  raw?: { body: string | Buffer; contentType: string };
  /** The URL path and query as they go on the wire (already encoded), when a case breaks them. */
  url?: string;
}

/** A stable seed per operation, so adding a route does not change the cases of the others. */
export function seedOf(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return hash >>> 0;
}

export const ODD_TEXT: Record<string, string> = {
  'a NUL byte': 'before\u0000after',
  'lone surrogates': 'x\ud800y\udfffz',
  'right-to-left marks': '\u202egnp.exe\u202c \u200f\u061c',
  '4-byte emoji and a ZWJ sequence': '😀🧪𝔘 👩‍👩‍👧',
  'control characters': '\u0001\u0007\u001b[31m\u007f\r\n\t',
  'combining marks': `Z${'\u0301\u0316\u0327'.repeat(50)}`,
  'a byte order mark and noncharacters': '\ufeff\ufffe\uffff',
};

const MEGABYTE = 'x'.repeat(1024 * 1024);
const NEARLY_A_MEGABYTE = 'y'.repeat(900 * 1024);

/** Values of the wrong type for a schema. */
function wrongTypes(schema: JsonSchema | undefined): Array<[string, unknown]> {
  const type = schema?.['type'] ?? (schema?.['enum'] ? 'string' : undefined);
  const values: Array<[string, unknown]> = [
    ['null', null],
    ['an object', { nested: { deeper: true } }],
  ];
  if (type !== 'string') values.push(['a string', 'not what is expected']);
  if (type !== 'number' && type !== 'integer') values.push(['a number', 12345]);
  if (type !== 'boolean') values.push(['a boolean', true]);
  if (type !== 'array') values.push(['an array', ['a', 1, null]]);
  if (type === 'number' || type === 'integer') {
    values.push(['a fraction', 1.5], ['a negative number', -1], ['zero', 0], ['1e308', 1e308], ['2^31', 2 ** 31], ['2^53 + 2', 2 ** 53 + 2], ['a numeric string', '7']);
  }
  if (type === 'string') values.push(['an empty string', ''], ['a string of spaces', '   ']);
  if (schema?.['enum']) values.push(['a value outside the enum', 'not-in-the-enum']);
  if (schema?.['format'] === 'uuid') values.push(['not a uuid', 'not-a-uuid']);
  if (type === 'array') values.push(['an empty array', []], ['an array of wrong items', [{}, [], 1, null]]);
  return values;
}

/** Every case for one operation, before sampling. `valid` is the owner's valid request. */
export function fuzzCases(operation: ContractOperation, contract: Contract, valid: RequestSpec): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const params = valid.params ?? {};
  const query = valid.query ?? {};

  // Path ids: not ids, traversal, NUL, unicode, huge.
  for (const name of Object.keys(params)) {
    const odd: Array<[string, string]> = [
      ['not a uuid', 'not-a-uuid'],
      ['a number', '12345'],
      ['a traversal', encodeURIComponent('../../../../etc/passwd')],
      ['a NUL byte', '%00'],
      ['an encoded NUL in a uuid', `${params[name]!.slice(0, 8)}%00${params[name]!.slice(9)}`],
      ['an upper-case uuid', params[name]!.toUpperCase()],
      ['4 KB', 'a'.repeat(4096)],
      ['emoji', encodeURIComponent('😀🧪')],
      ['a lone surrogate, percent-encoded', '%ED%A0%80'],
      ['malformed percent-encoding', '%E0%A4%A'],
    ];
    for (const [label, value] of odd) {
      const url = fillPath(operation.path, { ...params, [name]: '\u0000' }).replace('%00', value);
      cases.push({ label: `path ${name}: ${label}`, spec: { ...valid }, url: withQuery(url, query) });
    }
  }

  // Query parameters: wrong types, out of range, repeated, NUL and odd unicode, long.
  for (const parameter of operation.parameters.filter((p) => p.in === 'query')) {
    const schema = contract.resolve(parameter.schema) ?? {};
    const odd: Array<[string, string]> = [
      ['a word', 'banana'],
      ['a huge number', '1e21'],
      ['99999999999999999999', '99999999999999999999'],
      ['a negative number', '-5'],
      ['a fraction', '2.5'],
      ['empty', ''],
      ['8 KB', 'q'.repeat(8192)],
      ...Object.entries(ODD_TEXT).map(([label, text]) => [label, text] as [string, string]),
    ];
    if (schema['type'] === 'boolean') odd.push(['yes', 'yes'], ['1', '1']);
    for (const [label, value] of odd) cases.push({ label: `query ${parameter.name}: ${label}`, spec: { ...valid, query: { ...query, [parameter.name]: value } } });
    const url = fillPath(operation.path, params);
    cases.push({ label: `query ${parameter.name}: repeated`, spec: { ...valid }, url: `${withQuery(url, query)}${Object.keys(query).length ? '&' : '?'}${parameter.name}=1&${parameter.name}=2` });
    cases.push({ label: `query ${parameter.name}: as an object`, spec: { ...valid }, url: `${withQuery(url, query)}${Object.keys(query).length ? '&' : '?'}${parameter.name}[a]=1` });
  }
  // An unknown query parameter, and a polluted one.
  cases.push({ label: 'query: an unknown parameter', spec: { ...valid, query: { ...query, unknownParameter: 'x' } } });
  cases.push({ label: 'query: __proto__', spec: { ...valid }, url: `${withQuery(fillPath(operation.path, params), query)}${Object.keys(query).length ? '&' : '?'}__proto__[admin]=1&constructor[prototype][admin]=1` });

  if (operation.body?.mediaType === 'multipart/form-data') cases.push(...multipartCases(valid));
  else if (operation.body) cases.push(...jsonBodyCases(operation, contract, valid));
  else {
    // A body where none is expected.
    cases.push({ label: 'body: an unexpected JSON body', spec: { ...valid, body: { unexpected: true, admin: true } } });
    cases.push({ label: 'body: malformed JSON where none is expected', spec: valid, raw: { body: '{"a":', contentType: 'application/json' } });
  }
  return cases;
}

function withQuery(url: string, query: Record<string, string>): string {
  const search = new URLSearchParams(query).toString();
  return search ? `${url}?${search}` : url;
}

function jsonBodyCases(operation: ContractOperation, contract: Contract, valid: RequestSpec): FuzzCase[] {
  const cases: FuzzCase[] = [];
  const body = (valid.body ?? {}) as Record<string, unknown>;
  const schema = contract.resolve(operation.body!.schema) ?? {};
  const properties = Object.entries<JsonSchema>(schema['properties'] ?? {});
  const required: string[] = schema['required'] ?? [];
  const json = 'application/json';

  cases.push(
    { label: 'body: malformed JSON', spec: valid, raw: { body: '{"title": "unterminated', contentType: json } },
    { label: 'body: trailing garbage', spec: valid, raw: { body: `${JSON.stringify(body)} trailing`, contentType: json } },
    { label: 'body: an array', spec: valid, raw: { body: '[1, 2, 3]', contentType: json } },
    { label: 'body: a string', spec: valid, raw: { body: '"just a string"', contentType: json } },
    { label: 'body: a number', spec: valid, raw: { body: '42', contentType: json } },
    { label: 'body: null', spec: valid, raw: { body: 'null', contentType: json } },
    { label: 'body: empty object', spec: { ...valid, body: {} } },
    { label: 'body: empty with a JSON content type', spec: valid, raw: { body: '', contentType: json } },
    { label: 'body: as text/plain', spec: valid, raw: { body: JSON.stringify(body), contentType: 'text/plain' } },
    { label: 'body: as a form', spec: valid, raw: { body: 'title=x&name=y', contentType: 'application/x-www-form-urlencoded' } },
    { label: 'body: JSON with a charset that is not UTF-8', spec: valid, raw: { body: Buffer.from(JSON.stringify(body), 'utf16le'), contentType: 'application/json; charset=utf-16' } },
    { label: 'body: invalid UTF-8 bytes in a string', spec: valid, raw: { body: Buffer.concat([Buffer.from('{"x":"'), Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0xff]), Buffer.from('"}')]), contentType: json } },
    { label: 'body: nested 5000 deep', spec: valid, raw: { body: `${'['.repeat(5000)}${']'.repeat(5000)}`, contentType: json } },
    { label: 'body: over 1 MB', spec: { ...valid, body: { ...body, padding: MEGABYTE } } },
    { label: 'body: an extra field', spec: { ...valid, body: { ...body, isAdmin: true, ownerId: '00000000-0000-0000-0000-000000000000' } } },
    { label: 'body: __proto__ and constructor', spec: valid, raw: { body: JSON.stringify(body).replace(/^\{/, '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"role":"admin"}},'), contentType: json } },
    { label: 'body: duplicate keys', spec: valid, raw: { body: JSON.stringify(body).replace(/^\{/, '{"id":"x","id":"y",'), contentType: json } },
  );
  for (const name of required) {
    const { [name]: _dropped, ...rest } = body;
    cases.push({ label: `body ${name}: missing`, spec: { ...valid, body: rest } });
  }
  for (const [name, raw] of properties) {
    const property = contract.resolve(raw) ?? {};
    const resolvedItems = contract.resolve(property['items']);
    const set = (label: string, value: unknown) => cases.push({ label: `body ${name}: ${label}`, spec: { ...valid, body: { ...body, [name]: value } } });
    for (const [label, value] of wrongTypes(property)) set(label, value);
    const type = property['type'] ?? (property['enum'] ? 'string' : undefined);
    if (typeof body[name] === 'string' && /^[0-9a-f-]{36}$/.test(body[name] as string)) set('the same id in capitals', (body[name] as string).toUpperCase());
    if (Array.isArray(body[name]) && typeof (body[name] as unknown[])[0] === 'string' && /^[0-9a-f-]{36}$/.test((body[name] as string[])[0]!)) {
      set('the same ids in capitals', (body[name] as string[]).map((id) => id.toUpperCase()));
    }
    if (type === 'string' || type === undefined) {
      set('1 MB', MEGABYTE);
      set('900 KB', NEARLY_A_MEGABYTE);
      const base = typeof body[name] === 'string' ? (body[name] as string) : 'text';
      for (const [label, text] of Object.entries(ODD_TEXT)) set(label, `${base}${text}`);
    }
    if (type === 'array') {
      const item = Array.isArray(body[name]) && (body[name] as unknown[]).length ? (body[name] as unknown[])[0] : resolvedItems?.['type'] === 'object' ? {} : 'item';
      set('10 000 items', Array.from({ length: 10_000 }, () => item));
      if (resolvedItems?.['type'] === 'string' || typeof item === 'string') {
        for (const [label, text] of Object.entries(ODD_TEXT).slice(0, 3)) set(`an item with ${label}`, [`${typeof item === 'string' ? item : 'x'}${text}`]);
      }
      if (resolvedItems?.['type'] === 'object' || (item && typeof item === 'object')) set('an item with wrong fields', [{ role: 42, content: { x: 1 }, extra: true }]);
    }
    if (type === 'object') set('a deep object', JSON.parse(`${'{"a":'.repeat(200)}1${'}'.repeat(200)}`));
  }
  return cases;
}

function multipartCases(valid: RequestSpec): FuzzCase[] {
  const boundary = 'fuzz-boundary-1234';
  const part = (headers: string, content: string | Buffer) => Buffer.concat([Buffer.from(`--${boundary}\r\n${headers}\r\n\r\n`), Buffer.from(content), Buffer.from('\r\n')]);
  const end = Buffer.from(`--${boundary}--\r\n`);
  const multipart = `multipart/form-data; boundary=${boundary}`;
  const file = (filename: string, content = 'hello\n') => part(`Content-Disposition: form-data; name="files"; filename="${filename}"\r\nContent-Type: text/plain`, content);
  return [
    { label: 'multipart: a JSON body instead', spec: { ...valid, files: undefined, body: { files: ['a.txt'] } } },
    { label: 'multipart: malformed JSON instead', spec: valid, raw: { body: '{"files":', contentType: 'application/json' } },
    { label: 'multipart: no boundary', spec: valid, raw: { body: Buffer.concat([file('a.txt'), end]), contentType: 'multipart/form-data' } },
    { label: 'multipart: wrong boundary', spec: valid, raw: { body: Buffer.concat([file('a.txt'), end]), contentType: 'multipart/form-data; boundary=another-one' } },
    { label: 'multipart: truncated', spec: valid, raw: { body: file('a.txt').subarray(0, 60), contentType: multipart } },
    { label: 'multipart: no closing boundary', spec: valid, raw: { body: file('a.txt'), contentType: multipart } },
    { label: 'multipart: empty', spec: valid, raw: { body: end, contentType: multipart } },
    { label: 'multipart: empty body', spec: valid, raw: { body: '', contentType: multipart } },
    { label: 'multipart: garbage', spec: valid, raw: { body: Buffer.from([0, 1, 2, 3, 255, 254, 13, 10, 45, 45]), contentType: multipart } },
    { label: 'multipart: a field, no file', spec: valid, raw: { body: Buffer.concat([part('Content-Disposition: form-data; name="title"', 'x'), end]), contentType: multipart } },
    { label: 'multipart: a file under another field name', spec: valid, raw: { body: Buffer.concat([part('Content-Disposition: form-data; name="other"; filename="a.txt"\r\nContent-Type: text/plain', 'x'), end]), contentType: multipart } },
    { label: 'multipart: no Content-Disposition', spec: valid, raw: { body: Buffer.concat([part('Content-Type: text/plain', 'x'), end]), contentType: multipart } },
    { label: 'multipart: an empty file', spec: valid, raw: { body: Buffer.concat([file('empty.txt', ''), end]), contentType: multipart } },
    { label: 'multipart: a traversal file name', spec: valid, raw: { body: Buffer.concat([file('../../../etc/passwd'), end]), contentType: multipart } },
    { label: 'multipart: a file name with NUL and control characters', spec: valid, raw: { body: Buffer.concat([file('a\u0000b\u0007c.txt'), end]), contentType: multipart } },
    { label: 'multipart: an odd unicode file name', spec: valid, raw: { body: Buffer.concat([file(`${ODD_TEXT['right-to-left marks']}${ODD_TEXT['4-byte emoji and a ZWJ sequence']}.txt`), end]), contentType: multipart } },
    { label: 'multipart: a 4 KB file name', spec: valid, raw: { body: Buffer.concat([file(`${'n'.repeat(4096)}.txt`), end]), contentType: multipart } },
    { label: 'multipart: an empty file name', spec: valid, raw: { body: Buffer.concat([file(''), end]), contentType: multipart } },
    { label: 'multipart: 200 files', spec: { ...valid, files: Array.from({ length: 200 }, (_, i) => ({ name: `f${i}.txt`, data: Buffer.from(`file ${i}\n`) })) } },
    { label: 'multipart: a lone surrogate in a file name', spec: { ...valid, files: [{ name: `x${'\ud800'}.txt`, data: Buffer.from('x') }] } },
  ];
}

/** Keeps every case of the kinds that must always run and a seeded sample of the rest. */
export function sample(cases: FuzzCase[], limit: number, random: () => number): FuzzCase[] {
  if (cases.length <= limit) return cases;
  const always = cases.filter((c) => /^(body: |multipart: |query: )|: missing$|NUL|surrogate|1 MB|10 000|capitals/.test(c.label));
  const rest = cases.filter((c) => !always.includes(c));
  for (let i = rest.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rest[i], rest[j]] = [rest[j]!, rest[i]!];
  }
  return [...always, ...rest.slice(0, Math.max(0, limit - always.length))];
}
