// @ts-check
import { readFileSync } from 'node:fs';

/**
 * `webox/contract-literals`: a string written where the client meets the server's vocabulary must be
 * one the contract (`docs/openapi.json`, which the generated client comes from) declares:
 * - an error code compared with `.code` (`problem.code === 'FOLDER_NOT_EMPTY'`, `case` of a
 *   `switch (x.code)`), or given as `code: 'SOME_CODE'` (test answers included);
 * - a stream event name compared with `.event` (`switch (event.event)`);
 * - a socket event name (`area.event`) listened to with `.on('job.progress')`.
 * The types catch most of these too; this also catches them where a value is only a `string`.
 */

/** Socket.io's own events, which the contract does not list. */
const SOCKET_RESERVED = ['connect', 'disconnect', 'connect_error'];
/** How an API error code looks (`code: 'en'` elsewhere is not one). */
const API_CODE = /^[A-Z][A-Z0-9_]*$/;

/** @typedef {{ codes: Set<string>, streamEvents: Set<string>, socketEvents: Set<string> }} ContractNames */

/** @type {Map<string, ContractNames>} */
const cache = new Map();

/**
 * The names the contract declares: every `*ErrorCode` enum (the modules' lists and the streams'
 * codes), the event names of every stream (its `event` discriminator) and the socket's events.
 * @param {string} file
 * @returns {ContractNames}
 */
export function contractNames(file) {
  const cached = cache.get(file);
  if (cached) return cached;
  /** @type {Record<string, { enum?: string[], properties?: Record<string, unknown>, discriminator?: { propertyName: string, mapping?: Record<string, string> } }>} */
  const schemas = JSON.parse(readFileSync(file, 'utf8')).components.schemas;
  const entries = Object.entries(schemas);
  const names = {
    codes: new Set(entries.filter(([name]) => name.endsWith('ErrorCode')).flatMap(([, schema]) => schema.enum ?? [])),
    streamEvents: new Set(entries.flatMap(([, schema]) => (schema.discriminator?.propertyName === 'event' ? Object.keys(schema.discriminator.mapping ?? {}) : []))),
    socketEvents: new Set(Object.keys(schemas['SocketServerEvents']?.properties ?? {})),
  };
  cache.set(file, names);
  return names;
}

/** @param {any} node */
const stringOf = (node) => (node?.type === 'Literal' && typeof node.value === 'string' ? node.value : undefined);
/** The property name of `x.code`, `x?.code`, `x['code']`. @param {any} node */
const memberName = (node) => {
  const member = node?.type === 'ChainExpression' ? node.expression : node;
  if (member?.type !== 'MemberExpression') return undefined;
  return member.computed ? stringOf(member.property) : member.property.type === 'Identifier' ? member.property.name : undefined;
};

/** @type {import('eslint').Rule.RuleModule} */
const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Error codes and event names must be ones the API contract declares' },
    schema: [
      {
        type: 'object',
        properties: {
          /** The contract file (absolute path). */
          contract: { type: 'string' },
          /** The client's own codes (`ClientProblemCode` in core/http/api-error.ts). */
          clientCodes: { type: 'array', items: { type: 'string' } },
        },
        required: ['contract'],
        additionalProperties: false,
      },
    ],
    messages: {
      code: "'{{value}}' is not an error code of the API contract (docs/openapi.json): use one of the generated *ErrorCode types, or regenerate the contract and the client.",
      streamEvent: "'{{value}}' is not an event of a stream in the API contract (docs/openapi.json).",
      socketEvent: "'{{value}}' is not a socket event of the API contract (SocketServerEvents in docs/openapi.json).",
    },
  },
  create(context) {
    const { contract, clientCodes = [] } = context.options[0];
    const names = contractNames(contract);
    const codes = new Set([...names.codes, ...clientCodes]);
    /** @param {any} node @param {string | undefined} field */
    const check = (node, field) => {
      const value = stringOf(node);
      if (value === undefined) return;
      if (field === 'code' && !codes.has(value)) context.report({ node, messageId: 'code', data: { value } });
      if (field === 'event' && !names.streamEvents.has(value)) context.report({ node, messageId: 'streamEvent', data: { value } });
    };
    return {
      BinaryExpression(node) {
        if (!['===', '!==', '==', '!='].includes(node.operator)) return;
        check(node.right, memberName(node.left));
        check(node.left, memberName(node.right));
      },
      SwitchStatement(node) {
        const field = memberName(node.discriminant);
        for (const branch of node.cases) check(branch.test, field);
      },
      Property(node) {
        const key = node.key.type === 'Identifier' ? node.key.name : stringOf(node.key);
        const value = stringOf(node.value);
        if (key === 'code' && value !== undefined && API_CODE.test(value)) check(node.value, 'code');
      },
      CallExpression(node) {
        if (memberName(node.callee) !== 'on') return;
        const value = stringOf(node.arguments[0]);
        // Socket events are named `area.event`; DOM, Node and Playwright events (`click`, `response`) have no dot.
        if (value === undefined || !value.includes('.')) return;
        if (!names.socketEvents.has(value) && !SOCKET_RESERVED.includes(value)) {
          context.report({ node: node.arguments[0], messageId: 'socketEvent', data: { value } });
        }
      },
    };
  },
};

export default { rules: { 'contract-literals': rule } };
