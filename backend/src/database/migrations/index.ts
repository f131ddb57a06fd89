import { Foundation1764144000000 } from './1764144000000-foundation';

/** Every migration, in order. Listed explicitly so the same list runs from ts-jest and from dist. */
export const migrations = [Foundation1764144000000];
