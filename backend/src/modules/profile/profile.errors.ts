/** The profile's error codes (its provider keys answer the AI layer's `API_KEY_NOT_FOUND`). */
export enum ProfileErrorCode {
  ACCESS_TOKEN_NOT_FOUND = 'ACCESS_TOKEN_NOT_FOUND',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    ProfileErrorCode: ProfileErrorCode;
  }
}
