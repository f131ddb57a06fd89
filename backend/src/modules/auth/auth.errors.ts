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
  /** The account waits for an admin's approval (403, also the answer to a sign-up under the `approval` policy). */
  ACCOUNT_PENDING = 'ACCOUNT_PENDING',
  /** An admin disabled the account (403). */
  ACCOUNT_DISABLED = 'ACCOUNT_DISABLED',
  /** Sign-up needs an invitation (policy `invite`). */
  REGISTRATION_INVITE_ONLY = 'REGISTRATION_INVITE_ONLY',
  /** Sign-up is closed (policy `closed`). */
  REGISTRATION_CLOSED = 'REGISTRATION_CLOSED',
  INVITATION_NOT_FOUND = 'INVITATION_NOT_FOUND',
  /** The invitation was used already (410). */
  INVITATION_USED = 'INVITATION_USED',
  /** The invitation's time ran out (410). */
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  /** An administrator revoked the invitation (410). */
  INVITATION_REVOKED = 'INVITATION_REVOKED',
  /** The setup token is wrong, or WEBOX_ADMIN_EMAIL names another address (403). */
  INVALID_SETUP_TOKEN = 'INVALID_SETUP_TOKEN',
  /** An administrator exists: the setup token is spent (410). */
  SETUP_TOKEN_USED = 'SETUP_TOKEN_USED',
  PASSWORD_RESET_NOT_FOUND = 'PASSWORD_RESET_NOT_FOUND',
  /** The reset link was used already or expired (410). */
  PASSWORD_RESET_GONE = 'PASSWORD_RESET_GONE',
  /** Demoting or disabling the last active administrator (409). */
  LAST_ADMIN = 'LAST_ADMIN',
  /** The account is not in a state the change starts from (approving an account that is not pending). */
  USER_STATE_CONFLICT = 'USER_STATE_CONFLICT',
}

declare module '../../common/error-codes' {
  interface ErrorCodeLists {
    AuthErrorCode: AuthErrorCode;
  }
}
