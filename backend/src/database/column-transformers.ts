/** A `numeric` column read as a JavaScript number (the driver answers a string to keep precision we do not need). */
export const nullableNumeric = { to: (value: number | null) => value, from: (value: string | null) => (value === null ? null : Number(value)) };
