/** The catalog's error codes. */
export enum CatalogErrorCode {
  CATALOG_TOOL_NOT_FOUND = 'CATALOG_TOOL_NOT_FOUND',
  /** A shipped tool is kept current by the catalog's seed: an admin adds, changes and removes the workspace's own tools. */
  CATALOG_TOOL_BUILT_IN = 'CATALOG_TOOL_BUILT_IN',
  /** Another tool already has this slug. */
  CATALOG_SLUG_TAKEN = 'CATALOG_SLUG_TAKEN',
  /** A Webox model named for a tool is not in the model catalogue; `params.model` names it. */
  CATALOG_UNKNOWN_MODEL = 'CATALOG_UNKNOWN_MODEL',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    CatalogErrorCode: CatalogErrorCode;
  }
}
