/** Auth's error codes: sign-in, sessions and accounts. */
export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  /** Invalid, expired or revoked. */
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  /** A rotated refresh token was used again: its whole session is revoked. */
  REFRESH_TOKEN_REUSED = 'REFRESH_TOKEN_REUSED',
  /** The current password given to change it is wrong. */
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AuthErrorCode: AuthErrorCode;
  }
}
