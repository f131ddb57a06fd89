import { Foundation1764144000000 } from './1764144000000-foundation';
import { WorkspaceKeys1764160000000 } from './1764160000000-workspace-keys';
import { Chat1764170000000 } from './1764170000000-chat';

/** Every migration, in order. Listed explicitly so the same list runs from ts-jest and from dist. */
export const migrations = [Foundation1764144000000, WorkspaceKeys1764160000000, Chat1764170000000];
