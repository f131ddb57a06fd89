/**
 * A `numeric` or `bigint` column read as a JavaScript number (the driver answers a string to keep a
 * precision we do not need); null stays null.
 */
export const numericAsNumber = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };
