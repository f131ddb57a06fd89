/** An ILIKE pattern that finds `text` anywhere, its `%`, `_` and `\` taken literally (PostgreSQL's default escape is `\`). */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
