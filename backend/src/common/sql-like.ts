/** `text` with its `%`, `_` and `\` taken literally in an ILIKE pattern (PostgreSQL's default escape is `\`). */
const literal = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** An ILIKE pattern that finds `text` anywhere. */
export const containsPattern = (text: string): string => `%${literal(text)}%`;

/** An ILIKE pattern that finds values starting with `text`. */
export const prefixPattern = (text: string): string => `${literal(text)}%`;
