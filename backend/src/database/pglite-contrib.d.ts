// PGlite's contrib extensions are subpath exports, which this project's `moduleResolution: node`
// resolves at run time (Node reads `exports`) but not for types.
declare module '@electric-sql/pglite/contrib/pg_trgm' {
  import type { Extension } from '@electric-sql/pglite';
  export const pg_trgm: Extension;
}
