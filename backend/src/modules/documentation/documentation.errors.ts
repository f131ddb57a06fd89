/** The documentation's error codes. */
export enum DocumentationErrorCode {
  /** No guide has this slug (in any language: every guide exists in English and French). */
  DOCUMENTATION_PAGE_NOT_FOUND = 'DOCUMENTATION_PAGE_NOT_FOUND',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    DocumentationErrorCode: DocumentationErrorCode;
  }
}
